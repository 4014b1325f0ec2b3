"""Operators with a value (`site:`, `intitle:`, `allintitle:`...) as one engine writes them.

An operator the engine lacks falls back as its profile says (plain words, a phrase, or one
other operator per word) or is dropped; a removed one is reported as deprecated; `site:` of the
engine's own domain is redundant; dates go to dorker.engines.whole_query. Part of the compiler
(see dorker.engines.compiler).
"""

from __future__ import annotations

import re

from dorker.engines.context import AND_PART, ATOM, CompileContext, report_level
from dorker.engines.profile import OperatorRule
from dorker.engines.render_words import render_phrase, render_term, render_word
from dorker.engines.whole_query import date_field
from dorker.query.ast import AllIn, And, Field, Phrase, Term
from dorker.safeformat import safe_format

__all__ = ["render_allin", "render_field"]

_ATOM, _AND = ATOM, AND_PART


def _value(node: Field, rule: OperatorRule, ctx: CompileContext) -> str:
    value = node.value
    if rule.value_style == "underscore":
        return re.sub(r"[\s-]+", "_", value.strip())
    if rule.value_style == "percent20":
        return value.strip().replace(" ", "%20")
    if '"' in value:
        value = " ".join(value.replace('"', " ").split())
        ctx.say(
            "approximated-operator",
            "warning",
            f"a double quote inside the value of {node.op}: cannot be written; it became a space",
            node.op,
        )
    if node.quoted or not _safe_operand(value):
        phrase = ctx.profile.rule("phrase")
        return safe_format(phrase.emit, value=value) if phrase.emit else value
    return value


def _safe_operand(value: str) -> bool:
    return bool(value) and not any(c.isspace() or c in '"()|' for c in value)


def render_field(node: Field, ctx: CompileContext) -> tuple[str, int] | None:
    profile, rule = ctx.profile, ctx.profile.rule(node.op)
    if node.op in ("after", "before"):
        return date_field(node, rule, ctx)
    if node.op == "site" and profile.domains and _is_own_domain(node.value, profile.domains):
        ctx.say(
            "redundant-operator",
            "info",
            f"site:{node.value} is {profile.name} itself; the search already runs there",
            "site",
        )
        return None
    if rule.support == "deprecated":
        ctx.say(
            "deprecated-operator",
            "warning",
            f"{node.op}: was removed from {profile.name} — dropped{ctx.note(rule)}",
            node.op,
        )
        return _fallback(node, rule, ctx, announce=False)
    if rule.support in ("supported", "partial") and rule.emit:
        if rule.values and node.value.lower() not in rule.values:
            ctx.say(
                "unsupported-value",
                "warning",
                f"{profile.name} accepts {node.op}: only for {', '.join(rule.values)}; "
                f"{node.value!r} may be ignored",
                node.op,
            )
        text = safe_format(rule.emit, value=_value(node, rule, ctx))
        report_level(rule, ctx, written=rule.emitted_name)
        return text, _ATOM
    if rule.url_param and rule.support in ("supported", "partial"):
        ctx.say(
            "unsupported-operator",
            "warning",
            f"{node.op}: is a URL setting on {profile.name} and cannot apply inside OR or "
            "NOT — dropped",
            node.op,
        )
        return None
    return _fallback(node, rule, ctx, announce=True)


def _fallback(
    node: Field, rule: OperatorRule, ctx: CompileContext, announce: bool
) -> tuple[str, int] | None:
    name = ctx.profile.name
    if rule.fallback == "words":
        ctx.say(
            "approximated-operator",
            "warning",
            f"{name} has no {node.op}: operator; its value was kept as plain words{ctx.note(rule)}",
            node.op,
        )
        if not node.value.strip():
            return None
        if node.quoted:
            return render_phrase(node.value, ctx)
        return render_word(node.value, ctx), _ATOM
    if rule.fallback == "phrase":
        ctx.say(
            "approximated-operator",
            "warning",
            f"{name} has no {node.op}: operator; its value was kept as a phrase{ctx.note(rule)}",
            node.op,
        )
        return render_phrase(node.value, ctx)
    if rule.fallback.startswith("each:"):
        return render_field(Field(rule.fallback[5:], node.value, node.quoted), ctx)
    if announce:
        ctx.say(
            "unsupported-operator",
            "warning",
            f"{name} does not support {node.op}: — dropped{ctx.note(rule)}",
            node.op,
        )
    return None


def _is_own_domain(value: str, domains: tuple[str, ...]) -> bool:
    host = value.lower().removeprefix("https://").removeprefix("http://").split("/")[0]
    host = host.removeprefix("*.").removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in domains)


def render_allin(node: AllIn, ctx: CompileContext) -> tuple[str, int] | None:
    profile, rule = ctx.profile, ctx.profile.rule(node.op)
    if rule.support in ("supported", "partial") and rule.emit:
        words = [
            r[0]
            for r in (
                render_term(i, ctx) if isinstance(i, Term) else render_phrase(i.text, ctx)
                for i in node.items
            )
            if r is not None
        ]
        report_level(rule, ctx, written=rule.emitted_name)
        return safe_format(rule.emit, value=" ".join(words)), _ATOM
    if rule.fallback.startswith("each:"):
        target = rule.fallback[5:]
        ctx.say(
            "translated-operator",
            "info",
            f"{node.op}: is written as one {target}: per word on {profile.name}",
            node.op,
        )
        parts = [render_field(Field(target, i.text, isinstance(i, Phrase)), ctx)
                 for i in node.items]
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return (" ".join(t for t, _ in kept), _AND) if len(kept) > 1 else kept[0]
    if rule.fallback == "words":
        ctx.say(
            "approximated-operator",
            "warning",
            f"{profile.name} has no {node.op}: operator; its words were kept as plain words"
            f"{ctx.note(rule)}",
            node.op,
        )
        from dorker.engines.render import render_node  # (render dispatches to here)

        return render_node(And(tuple(node.items)), ctx)
    ctx.say(
        "unsupported-operator",
        "warning",
        f"{profile.name} does not support {node.op}: — dropped{ctx.note(rule)}",
        node.op,
    )
    return None

