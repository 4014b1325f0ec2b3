"""The state of one compilation: the profile, the diagnostics said so far (once each), and the
URL and template parameters gathered; plus the wording shared by every part of the compiler."""

from __future__ import annotations

from dorker.engines.profile import EngineProfile, OperatorRule
from dorker.query.diagnostics import Diagnostic

__all__ = ["AND_PART", "ATOM", "OR_PART", "CompileContext", "label", "loss_code", "report_level"]

# What a rendered part is, so that composite parts get parentheses where an engine needs them.
ATOM, AND_PART, OR_PART = 0, 1, 2


class CompileContext:
    """What one compilation has gathered so far."""

    def __init__(self, profile: EngineProfile) -> None:
        self.profile = profile
        self.diags: list[Diagnostic] = []
        self._seen: set[tuple[str, str | None, str]] = set()
        self.url_params: dict[str, str] = {}
        self.template_params: dict[str, str] = {}

    def say(self, code: str, severity: str, message: str, operator: str | None) -> None:
        key = (code, operator, message)
        if key not in self._seen:
            self._seen.add(key)
            self.diags.append(Diagnostic(code, severity, message, operator))  # type: ignore[arg-type]

    def note(self, rule: OperatorRule) -> str:
        return f" ({rule.note})" if rule.note else ""


LABELS = {
    "phrase": "exact phrases",
    "or": "OR",
    "not": "exclusion (-)",
    "group": "parentheses",
    "plus": "+word",
    "wildcard": "the * wildcard",
    "around": "AROUND(n)",
    "range": "N..M ranges",
}


def label(name: str) -> str:
    """How an operator is named in messages: `intitle:`, or words for the structural ones."""
    return LABELS.get(name, f"{name}:")


def loss_code(rule: OperatorRule, code: str) -> str:
    """The diagnostic code for a loss: removed operators say so."""
    return "deprecated-operator" if rule.support == "deprecated" else code


def report_level(
    rule: OperatorRule, ctx: CompileContext, where: str | None = None, written: str | None = None
) -> None:
    """Say what using `rule` costs: partial support, a move to the URL, another name."""
    if rule.support == "supported" and not where and (not written or written == rule.name):
        return  # the common case, on the hot path: nothing to say
    name = ctx.profile.name
    if rule.support == "partial":
        ctx.say(
            "partial-operator",
            "warning",
            f"{name} only partly honours {label(rule.name)} — kept, but it may not work"
            f"{ctx.note(rule)}",
            rule.name,
        )
    if where:
        ctx.say("moved-to-url", "info", f"{rule.name}: is written as {where} on {name}", rule.name)
    elif written and written != rule.name:
        ctx.say(
            "translated-operator",
            "info",
            f"{rule.name}: is written {written}: on {name}",
            rule.name,
        )
