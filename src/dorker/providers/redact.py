"""Keeping API keys out of every text dorker produces: messages, errors, URLs and log records.

httpx writes full URLs (Google's key travels in one) into its log lines and exception messages,
so every URL or httpx error turned into text goes through `Redactor.redact`, and a logging filter
on the httpx/httpcore loggers redacts every secret this process has registered.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

__all__ = ["REDACTED", "Redactor", "install_log_filter", "redact_url", "register_secret"]

REDACTED = "REDACTED"
_SECRET_PARAM = re.compile(
    r"(?i)([?&;](?:key|api_key|apikey|access_token|token|subscription_token|password|secret)=)"
    r"[^&#\s'\"]+")
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@")

_registry: set[str] = set()
_registry_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Remember a secret for the rest of the process (the logging filter redacts it)."""
    if value and len(value) >= 4:  # a 1-3 character "secret" would shred every log line
        with _registry_lock:
            _registry.add(value)


class Redactor:
    """Replaces known secrets (raw and URL-encoded), secret-looking URL parameters and URL
    credentials with `REDACTED`."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= 4:
                forms.update({secret, quote(secret, safe=""), quote_plus(secret)})
        self._forms = sorted(forms, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """`text` with every secret replaced."""
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        text = _SECRET_PARAM.sub(lambda m: m.group(1) + REDACTED, text)
        return _USERINFO.sub(lambda m: m.group(1) + REDACTED + "@", text)


def redact_url(url: str) -> str:
    """A URL without its credentials (`user:pass@`) and with secret parameters redacted."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    return Redactor().redact(urlunsplit((parts.scheme, netloc, parts.path, parts.query,
                                         parts.fragment)))


class _SecretFilter(logging.Filter):
    """Rewrites a record's message with every registered secret redacted (never drops it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        with _registry_lock:
            secrets = tuple(_registry)
        try:
            message = record.getMessage()
        except Exception:  # a broken record: leave it to logging's own error handling
            return True
        clean = Redactor(secrets).redact(message)
        if clean != message:
            record.msg = clean
            record.args = None
        return True


_FILTER = _SecretFilter()
# Filters on a logger only see records logged on that very logger, not on its children, so
# every logger httpx and httpcore log on is named.
_LOGGERS = ("httpx", "httpcore", "httpcore.connection", "httpcore.http11", "httpcore.http2",
            "httpcore.proxy", "httpcore.socks", "hpack")


def install_log_filter() -> None:
    """Attach the redacting filter to the httpx/httpcore loggers (idempotent)."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
