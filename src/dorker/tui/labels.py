"""How the app names recorded codes on screen: an outcome, a verdict, a severity, a run's end.

The record keeps the codes (`leads`, `escalate`); the screen shows them in the interface
language. An unknown code is shown as it is.
"""

from __future__ import annotations

from dorker.i18n import N_, _

__all__ = ["outcome_label", "run_label", "severity_label", "verdict_label"]

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


def outcome_label(code: str) -> str:
    """A check's outcome (`nothing`, `leads`, `blocked`, `inaccessible`) as the screen says it."""
    return _(_OUTCOMES[code]) if code in _OUTCOMES else code


def verdict_label(code: str) -> str:
    """A review verdict (`relevant`, `irrelevant`, `escalate`, `duplicate`) on screen."""
    return _(_VERDICTS[code]) if code in _VERDICTS else code


def severity_label(code: str) -> str:
    """A diagnostic's severity (`error`, `warning`, `info`) on screen."""
    return _(_SEVERITIES[code]) if code in _SEVERITIES else code


def run_label(code: str) -> str:
    """How a provider run ended (`done`, `cancelled`, `failed`, `blocked`...) on screen."""
    return _(_RUN_ENDS[code]) if code in _RUN_ENDS else code
