"""Compiler: neutral query × engine profile → query string, search URL and diagnostics.

Meaning is never lost silently. An operator the engine writes differently is translated (info),
one it only half supports is kept with a warning, one it lacks is approximated (`fallback`) or
dropped, each with a diagnostic that names it. Conditions the engine only accepts as URL
parameters (Google's language, Bing's date filter) move to the URL when they apply to the whole
query. Quotes and parentheses are written so that each engine reads the same structure: an OR
group inside an AND, or an AND inside an OR, is always parenthesised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from dorker.engines.context import AND_PART, ATOM, OR_PART, CompileContext, loss_code, report_level
from dorker.engines.limits import build_url, check_limits
from dorker.engines.profile import EngineProfile, OperatorRule
from dorker.engines.whole_query import date_field, lift_whole_query_conditions
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term
from dorker.query.diagnostics import Diagnostic
from dorker.query.parser import is_bare_word
from dorker.safeformat import safe_format

if TYPE_CHECKING:
    from dorker.engines.authored import AuthoredSearch
    from dorker.engines.companions import ProfileLoader
    from dorker.engines.plan import PlanSearch

__all__ = ["Compiled", "compile_query", "render_node", "start_context"]

_ATOM, _AND, _OR = ATOM, AND_PART, OR_PART


@dataclass(frozen=True, slots=True)
class Compiled:
    """One engine's form of a query."""

    engine: str
    query: str | None
    url: str | None
    diagnostics: tuple[Diagnostic, ...]
    url_params: dict[str, str] = field(default_factory=dict)
    searches: tuple[PlanSearch, ...] = ()
    """The search plan, on an engine without OR (`query`/`url` repeat its first search)."""

    def to_json(self, search_prefix: str = "") -> dict[str, object]:
        """The `engines.<id>` object of DESIGN.md's JSON shapes (with `searches` on a plan).

        `search_prefix` is `PLAYBOOK:QUERY` for a playbook's query, empty for a raw dork.
        """
        out: dict[str, object] = {
            "query": self.query,
            "url": self.url,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }
        if self.searches:
            out["searches"] = [s.to_json(search_prefix) for s in self.searches]
        return out


def compile_query(
    node: Node,
    profile: EngineProfile,
    params: dict[str, str] | None = None,
    today: date | None = None,
    *,
    max_searches: int | None = None,
    authored: Sequence[AuthoredSearch] = (),
    load_profile: ProfileLoader | None = None,
) -> Compiled:
    """Compile `node` for `profile`. Never raises for any tree; problems become diagnostics.

    On an engine without OR (`profile.makes_plan`) the result is a search plan (see
    dorker.engines.plan): `max_searches` caps it, `authored` searches come first, and
    `load_profile` finds the web companions' profiles (default: the configured engines).
    """
    if profile.makes_plan:
        from dorker.engines.plan import DEFAULT_MAX_SEARCHES, plan_query
        from dorker.engines.registry import find_profile

        return plan_query(node, profile, params, today,
                          max_searches=max_searches or DEFAULT_MAX_SEARCHES,
                          authored=authored, load_profile=load_profile or find_profile)
    try:
        return _compile_query(node, profile, params, today)
    except RecursionError:  # a tree built elsewhere (a playbook, the API) nested too deeply
        error = Diagnostic(
            "too-deep", "error", "the query is nested too deeply to be written", None
        )
        return Compiled(profile.id, None, None, (error,), {})


def start_context(profile: EngineProfile, params: dict[str, str] | None) -> CompileContext:
    """A compile context holding the caller's URL template parameters (unused ones noted)."""
    ctx = CompileContext(profile)
    ctx.template_params.update(params or {})
    for name in sorted(set(params or {}) - set(profile.requires)):
        ctx.say(
            "unused-parameter",
            "info",
            f"{profile.name} takes no {name} parameter; it was not used",
            None,
        )
    return ctx


def _compile_query(
    node: Node, profile: EngineProfile, params: dict[str, str] | None, today: date | None
) -> Compiled:
    ctx = start_context(profile, params)
    conjuncts: list[Node] = list(node.children) if isinstance(node, And) else [node]
    conjuncts, date_text = lift_whole_query_conditions(
        conjuncts, ctx, today or datetime.now(UTC).date()
    )
    parts = [r for r in (_render(c, ctx) for c in conjuncts) if r is not None]
    if date_text:
        parts.append((date_text, _ATOM))
    query = " ".join(
        _wrap(text, kind, ctx, inside=_AND) if len(parts) > 1 else text for text, kind in parts
    )
    if not query.strip():
        if conjuncts or ctx.url_params:
            ctx.say(
                "empty-result",
                "error",
                f"nothing of this query can be written for {profile.name}",
                None,
            )
        return Compiled(profile.id, None, None, tuple(ctx.diags), ctx.url_params)
    check_limits(query, ctx)
    url = build_url(query, ctx)
    return Compiled(profile.id, query, url, tuple(ctx.diags), ctx.url_params)


# --- rendering ----------------------------------------------------------------------------------


def render_node(node: Node, ctx: CompileContext) -> tuple[str, int] | None:
    """One part of a query as `ctx`'s engine writes it (None: nothing of it can be written)."""
    return _render(node, ctx)


def _render(node: Node, ctx: CompileContext) -> tuple[str, int] | None:
    if isinstance(node, Term):
        return _term(node, ctx)
    if isinstance(node, Phrase):
        return _phrase(node.text, ctx)
    if isinstance(node, Field):
        return _field(node, ctx)
    if isinstance(node, AllIn):
        return _allin(node, ctx)
    if isinstance(node, Not):
        return _not(node, ctx)
    if isinstance(node, And):
        parts = [r for r in (_render(c, ctx) for c in node.children) if r is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return " ".join(_wrap(t, k, ctx, inside=_AND) for t, k in parts), _AND
    if isinstance(node, Or):
        return _or(node, ctx)
    if isinstance(node, Around):
        return _around(node, ctx)
    return _range(node, ctx)


def _wrap(text: str, kind: int, ctx: CompileContext, inside: int) -> str:
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


def _term(node: Term, ctx: CompileContext) -> tuple[str, int] | None:
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
            return safe_format(rule.emit, value=_word(node.text, ctx)), _ATOM
        if rule.fallback == "phrase":
            ctx.say(
                "translated-operator",
                "info",
                f"+{node.text} is written as a quoted word on {profile.name}{ctx.note(rule)}",
                "plus",
            )
            return _phrase(node.text, ctx)
        ctx.say(
            loss_code(rule, "approximated-operator"),
            "warning",
            f"{profile.name} has no + operator; +{node.text} became a plain word{ctx.note(rule)}",
            "plus",
        )
    return _word(node.text, ctx), _ATOM


def _word(text: str, ctx: CompileContext) -> str:
    if is_bare_word(text):
        return text
    rendered = _phrase(text, ctx)  # would be misread bare (looks like an operator, OR, ...)
    return rendered[0] if rendered else text


def _phrase(text: str, ctx: CompileContext) -> tuple[str, int] | None:
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


def _field(node: Field, ctx: CompileContext) -> tuple[str, int] | None:
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
        return (
            (_phrase(node.value, ctx) if node.quoted else (_word(node.value, ctx), _ATOM))
            if node.value.strip()
            else None
        )
    if rule.fallback == "phrase":
        ctx.say(
            "approximated-operator",
            "warning",
            f"{name} has no {node.op}: operator; its value was kept as a phrase{ctx.note(rule)}",
            node.op,
        )
        return _phrase(node.value, ctx)
    if rule.fallback.startswith("each:"):
        return _render(Field(rule.fallback[5:], node.value, node.quoted), ctx)
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


def _allin(node: AllIn, ctx: CompileContext) -> tuple[str, int] | None:
    profile, rule = ctx.profile, ctx.profile.rule(node.op)
    if rule.support in ("supported", "partial") and rule.emit:
        words = [
            r[0]
            for r in (
                _term(i, ctx) if isinstance(i, Term) else _phrase(i.text, ctx) for i in node.items
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
        parts = [_render(Field(target, i.text, isinstance(i, Phrase)), ctx) for i in node.items]
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
        return _render(And(tuple(node.items)), ctx)
    ctx.say(
        "unsupported-operator",
        "warning",
        f"{profile.name} does not support {node.op}: — dropped{ctx.note(rule)}",
        node.op,
    )
    return None


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
        return _render(And(tuple(Not(c) for c in child.children)), ctx)
    if isinstance(child, (And, Around)) and not groups:
        ctx.say(
            "unsupported-operator",
            "warning",
            f"{ctx.profile.name} has no parentheses, so a group of words cannot be "
            "excluded; the exclusion was dropped",
            "not",
        )
        return None
    inner = _render(child, ctx)
    if inner is None:
        return None
    text, kind = inner
    report_level(rule, ctx)
    return safe_format(rule.emit, value=_wrap(text, kind, ctx, inside=-1)), _ATOM


def _or(node: Or, ctx: CompileContext) -> tuple[str, int] | None:
    parts = [r for r in (_render(c, ctx) for c in node.children) if r is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    rule = ctx.profile.rule("or")
    if rule.support in ("supported", "partial") and rule.emit:
        report_level(rule, ctx)
        return rule.emit.join(_wrap(t, k, ctx, inside=_OR) for t, k in parts), _OR
    ctx.say(
        loss_code(rule, "approximated-operator"),
        "warning",
        f"{ctx.profile.name} has no OR: the alternatives were written side by side, so "
        f"results must hold all of them; search each alternative separately{ctx.note(rule)}",
        "or",
    )
    return " ".join(t for t, _ in parts), _AND


def _around(node: Around, ctx: CompileContext) -> tuple[str, int] | None:
    left, right = _render(node.left, ctx), _render(node.right, ctx)
    if left is None or right is None:
        return left or right
    rule = ctx.profile.rule("around")
    if rule.support in ("supported", "partial") and rule.emit:
        report_level(rule, ctx)
        return safe_format(
            rule.emit,
            left=_wrap(*left, ctx, inside=-1),
            n=node.distance,
            right=_wrap(*right, ctx, inside=-1),
        ), _AND
    ctx.say(
        loss_code(rule, "approximated-operator"),
        "warning",
        f"{ctx.profile.name} has no proximity operator; AROUND({node.distance}) became "
        f"plain AND{ctx.note(rule)}",
        "around",
    )
    return f"{_wrap(*left, ctx, inside=_AND)} {_wrap(*right, ctx, inside=_AND)}", _AND


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
