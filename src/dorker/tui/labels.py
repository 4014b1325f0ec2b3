"""How the app names recorded codes on screen: an outcome, a verdict, a severity, a run's end.

The record keeps the codes (`leads`, `escalate`); the screen shows them in the interface
language. An unknown code is shown as it is.
"""

from __future__ import annotations

from dorker.i18n import N_, _

__all__ = ["lead_family_label", "lead_verdict_label", "outcome_label", "run_label",
           "severity_label", "verdict_label", "watch_status_label"]

_OUTCOMES = {"nothing": N_("nothing found"), "leads": N_("leads"), "blocked": N_("blocked"),
             "inaccessible": N_("inaccessible")}
_VERDICTS = {"relevant": N_("relevant"), "irrelevant": N_("irrelevant"),
             "escalate": N_("escalate"), "duplicate": N_("duplicate")}
_SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
_RUN_ENDS = {"done": N_("done"), "cancelled": N_("cancelled"), "failed": N_("failed"),
             "blocked": N_("blocked"), "captcha": N_("CAPTCHA"),
             "rate-limited": N_("rate-limited"), "quota-exhausted": N_("quota used up"),
             "forbidden": N_("refused"), "http-error": N_("HTTP error"), "timeout": N_("timed out"),
             "bad-response": N_("unreadable response"), "not-configured": N_("not configured")}
_LEAD_VERDICTS = {"confirmed": N_("confirmed"), "dismissed": N_("dismissed")}
_LEAD_FAMILIES = {"phone": N_("phone"), "telegram": N_("telegram"), "email": N_("email"),
                  "handle": N_("handle"), "licence": N_("licence"), "domain": N_("domain"),
                  "url": N_("url"), "image": N_("image"), "money": N_("money")}
_WATCH_STATUSES = {"ok": N_("ok"), "manual": N_("to open by hand"), "deferred": N_("deferred")}


def outcome_label(code: str) -> str:
    """A check's outcome (`nothing`, `leads`, `blocked`, `inaccessible`) as the screen says it."""
    return _(_OUTCOMES[code]) if code in _OUTCOMES else code


def verdict_label(code: str) -> str:
    """A review verdict (`relevant`, `irrelevant`, `escalate`, `duplicate`) on screen."""
    return _(_VERDICTS[code]) if code in _VERDICTS else code


def severity_label(code: str) -> str:
    """A diagnostic's severity (`error`, `warning`, `info`) on screen."""
    return _(_SEVERITIES[code]) if code in _SEVERITIES else code


def lead_verdict_label(code: str) -> str:
    """A verdict on a lead (`confirmed`, `dismissed`) on screen."""
    return _(_LEAD_VERDICTS[code]) if code in _LEAD_VERDICTS else code


def lead_family_label(code: str) -> str:
    """A family of leads (`phone`, `email`, `money`...) on screen."""
    return _(_LEAD_FAMILIES[code]) if code in _LEAD_FAMILIES else code


def watch_status_label(code: str) -> str:
    """How a watch run went (`ok`, `manual`, `blocked`, `failed`...) on screen."""
    return _(_WATCH_STATUSES[code]) if code in _WATCH_STATUSES else run_label(code)


def run_label(code: str) -> str:
    """How a provider run ended (`done`, `cancelled`, `failed`, `blocked`...) on screen."""
    return _(_RUN_ENDS[code]) if code in _RUN_ENDS else code
