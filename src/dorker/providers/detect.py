"""Recognising a CAPTCHA or block page (never solving or bypassing one)."""

from __future__ import annotations

__all__ = ["looks_like_block", "looks_like_captcha", "looks_like_html"]

_CAPTCHA_MARKERS = (
    "captcha", "g-recaptcha", "h-captcha", "cf-turnstile", "are you a robot",
    "unusual traffic from your computer", "/sorry/index", "verify you are human",
    "verify you are a human", "challenge-platform", "cf-chl-", "prove you're not a robot",
    "i'm not a robot",
)
_BLOCK_MARKERS = (
    "access denied", "attention required", "you have been blocked", "request blocked",
    "your ip has been blocked", "your request has been blocked", "automated queries",
    "forbidden by administrative rules", "too many requests from your ip",
)


def looks_like_html(text: str, content_type: str = "") -> bool:
    """Whether a body is an HTML page (by content type or by its first characters)."""
    if "html" in content_type.lower():
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml", "<"))


def looks_like_captcha(text: str) -> bool:
    """Whether a (non-JSON) body is a CAPTCHA or bot challenge."""
    low = text[:200_000].lower()
    return any(marker in low for marker in _CAPTCHA_MARKERS)


def looks_like_block(text: str) -> bool:
    """Whether a (non-JSON) body is a block page (WAF, IP ban, automated-query refusal)."""
    low = text[:200_000].lower()
    return any(marker in low for marker in _BLOCK_MARKERS)
