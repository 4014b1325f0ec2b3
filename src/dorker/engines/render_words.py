"""Words, phrases, `+word`, `*` and parentheses as one engine writes them.

The smallest parts of a compiled query (see dorker.engines.compiler): a word that would be
misread bare is quoted, a quote inside a phrase becomes a space, and a composite part is
parenthesised where the engine could read it otherwise. Each loss is said as a diagnostic.
"""

from __future__ import annotations

from dorker.engines.context import AND_PART, ATOM, CompileContext, loss_code, report_level
from dorker.query.ast import Term
from dorker.query.parser import is_bare_word
from dorker.safeformat import safe_format

__all__ = ["render_phrase", "render_term", "render_word", "wrap_part"]

_ATOM, _AND = ATOM, AND_PART


def wrap_part(text: str, kind: int, ctx: CompileContext, inside: int) -> str:
    """Parenthesise a composite part where the engine could read it otherwise."""
    if kind in (_ATOM, inside):
        return text
    rule = ctx.profile.rule("group")
    if rule.support in ("supported", "partial") and rule.emit:
        report_level(rule, ctx)
        return safe_format(rule.emit, value=text)
    ctx.say(
        loss_code(rule, "unsupported-operator"),
        "warning",
        f"{ctx.profile.name} has no grouping with parentheses; the parts were written "
        f"side by side, which may change the meaning{ctx.note(rule)}",
        "group",
    )
    return text


def render_term(node: Term, ctx: CompileContext) -> tuple[str, int] | None:
    profile = ctx.profile
    if node.text == "*":
        rule = profile.rule("wildcard")
        if rule.support in ("supported", "partial"):
            report_level(rule, ctx)
            return "*", _ATOM
        ctx.say(
            loss_code(rule, "unsupported-operator"),
            "warning",
            f"{profile.name} has no * wildcard — dropped{ctx.note(rule)}",
            "wildcard",
        )
        return None
    if node.plus:
        rule = profile.rule("plus")
        if rule.support in ("supported", "partial") and rule.emit:
            report_level(rule, ctx)
            return safe_format(rule.emit, value=render_word(node.text, ctx)), _ATOM
        if rule.fallback == "phrase":
            ctx.say(
                "translated-operator",
                "info",
                f"+{node.text} is written as a quoted word on {profile.name}{ctx.note(rule)}",
                "plus",
            )
            return render_phrase(node.text, ctx)
        ctx.say(
            loss_code(rule, "approximated-operator"),
            "warning",
            f"{profile.name} has no + operator; +{node.text} became a plain word{ctx.note(rule)}",
            "plus",
        )
    return render_word(node.text, ctx), _ATOM


def render_word(text: str, ctx: CompileContext) -> str:
    if is_bare_word(text):
        return text
    rendered = render_phrase(text, ctx)  # would be misread bare (looks like an operator, OR, ...)
    return rendered[0] if rendered else text


def render_phrase(text: str, ctx: CompileContext) -> tuple[str, int] | None:
    if '"' in text:
        text = text.replace('"', " ")
        ctx.say(
            "approximated-operator",
            "warning",
            "a double quote inside a phrase cannot be written; it became a space",
            "phrase",
        )
    clean = " ".join(text.split())
    if not clean:
        return None
    rule = ctx.profile.rule("phrase")
    if rule.support in ("supported", "partial") and rule.emit:
        report_level(rule, ctx)
        return safe_format(rule.emit, value=clean), _ATOM
    if len(clean.split()) == 1:
        return clean, _ATOM
    ctx.say(
        loss_code(rule, "approximated-operator"),
        "warning",
        f'{ctx.profile.name} has no exact phrases; "{clean}" became plain words{ctx.note(rule)}',
        "phrase",
    )
    return clean, _AND

