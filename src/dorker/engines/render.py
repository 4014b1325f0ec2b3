"""The query tree as one engine writes it: the dispatch over its nodes, AND, OR, NOT, AROUND
and numeric ranges.

Words and phrases are written by dorker.engines.render_words, operators with a value by
dorker.engines.render_fields; the whole query (URL parameters, limits) by
dorker.engines.compiler.
"""

from __future__ import annotations

from dorker.engines.context import AND_PART, ATOM, OR_PART, CompileContext, loss_code, report_level
from dorker.engines.render_fields import render_allin, render_field
from dorker.engines.render_words import render_phrase, render_term, wrap_part
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term
from dorker.safeformat import safe_format

__all__ = ["render_node"]

_ATOM, _AND, _OR = ATOM, AND_PART, OR_PART


def render_node(node: Node, ctx: CompileContext) -> tuple[str, int] | None:
    """One part of a query as `ctx`'s engine writes it (None: nothing of it can be written)."""
    if isinstance(node, Term):
        return render_term(node, ctx)
    if isinstance(node, Phrase):
        return render_phrase(node.text, ctx)
    if isinstance(node, Field):
        return render_field(node, ctx)
    if isinstance(node, AllIn):
        return render_allin(node, ctx)
    if isinstance(node, Not):
        return _not(node, ctx)
    if isinstance(node, And):
        parts = [r for r in (render_node(c, ctx) for c in node.children) if r is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return " ".join(wrap_part(t, k, ctx, inside=_AND) for t, k in parts), _AND
    if isinstance(node, Or):
        return _or(node, ctx)
    if isinstance(node, Around):
        return _around(node, ctx)
    return _range(node, ctx)



def _not(node: Not, ctx: CompileContext) -> tuple[str, int] | None:
    rule = ctx.profile.rule("not")
    if rule.support not in ("supported", "partial") or not rule.emit:
        ctx.say(
            loss_code(rule, "unsupported-operator"),
            "warning",
            f"{ctx.profile.name} cannot exclude words — the exclusion was dropped, so "
            f"results may include what it excluded{ctx.note(rule)}",
            "not",
        )
        return None
    child = node.child
    group = ctx.profile.rule("group")
    groups = group.support in ("supported", "partial") and bool(group.emit)
    if isinstance(child, Or) and not groups:
        # -(a OR b) is -a -b (De Morgan): an honest form without parentheses.
        ctx.say(
            "translated-operator",
            "info",
            f"{ctx.profile.name} has no parentheses; -(a OR b) was written -a -b",
            "not",
        )
        return render_node(And(tuple(Not(c) for c in child.children)), ctx)
    if isinstance(child, (And, Around)) and not groups:
        ctx.say(
            "unsupported-operator",
            "warning",
            f"{ctx.profile.name} has no parentheses, so a group of words cannot be "
            "excluded; the exclusion was dropped",
            "not",
        )
        return None
    inner = render_node(child, ctx)
    if inner is None:
        return None
    text, kind = inner
    report_level(rule, ctx)
    return safe_format(rule.emit, value=wrap_part(text, kind, ctx, inside=-1)), _ATOM


def _or(node: Or, ctx: CompileContext) -> tuple[str, int] | None:
    parts = [r for r in (render_node(c, ctx) for c in node.children) if r is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    rule = ctx.profile.rule("or")
    if rule.support in ("supported", "partial") and rule.emit:
        report_level(rule, ctx)
        return rule.emit.join(wrap_part(t, k, ctx, inside=_OR) for t, k in parts), _OR
    ctx.say(
        loss_code(rule, "approximated-operator"),
        "warning",
        f"{ctx.profile.name} has no OR: the alternatives were written side by side, so "
        f"results must hold all of them; search each alternative separately{ctx.note(rule)}",
        "or",
    )
    return " ".join(t for t, _ in parts), _AND


def _around(node: Around, ctx: CompileContext) -> tuple[str, int] | None:
    left, right = render_node(node.left, ctx), render_node(node.right, ctx)
    if left is None or right is None:
        return left or right
    rule = ctx.profile.rule("around")
    if rule.support in ("supported", "partial") and rule.emit:
        report_level(rule, ctx)
        return safe_format(
            rule.emit,
            left=wrap_part(*left, ctx, inside=-1),
            n=node.distance,
            right=wrap_part(*right, ctx, inside=-1),
        ), _AND
    ctx.say(
        loss_code(rule, "approximated-operator"),
        "warning",
        f"{ctx.profile.name} has no proximity operator; AROUND({node.distance}) became "
        f"plain AND{ctx.note(rule)}",
        "around",
    )
    return f"{wrap_part(*left, ctx, inside=_AND)} {wrap_part(*right, ctx, inside=_AND)}", _AND


def _range(node: Range, ctx: CompileContext) -> tuple[str, int] | None:
    rule = ctx.profile.rule("range")
    if rule.support in ("supported", "partial") and rule.emit:
        report_level(rule, ctx)
        return safe_format(rule.emit, low=node.low, high=node.high), _ATOM
    ctx.say(
        loss_code(rule, "unsupported-operator"),
        "warning",
        f"{ctx.profile.name} has no numeric range; {node.low}..{node.high} was dropped"
        f"{ctx.note(rule)}",
        "range",
    )
    return None
