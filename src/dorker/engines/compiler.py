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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import quote, urlencode

from dorker.engines.profile import EngineProfile, OperatorRule
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term
from dorker.query.diagnostics import Diagnostic
from dorker.query.parser import DATE_RE, is_bare_word, is_date
from dorker.safeformat import safe_format

__all__ = ["Compiled", "compile_query"]

_ATOM, _AND, _OR = 0, 1, 2
_NON_WORDS = {"OR", "AND", "NOT", "|", "(", ")", "-", "+"}
_FIELD_TOKEN = re.compile(r"^-?[A-Za-z_]+:")


@dataclass(frozen=True, slots=True)
class Compiled:
    """One engine's form of a query."""

    engine: str
    query: str | None
    url: str | None
    diagnostics: tuple[Diagnostic, ...]
    url_params: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The `engines.<id>` object of DESIGN.md's JSON shapes."""
        return {
            "query": self.query,
            "url": self.url,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


class _Ctx:
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


def compile_query(
    node: Node,
    profile: EngineProfile,
    params: dict[str, str] | None = None,
    today: date | None = None,
) -> Compiled:
    """Compile `node` for `profile`. Never raises for any tree; problems become diagnostics."""
    try:
        return _compile_query(node, profile, params, today)
    except RecursionError:  # a tree built elsewhere (a playbook, the API) nested too deeply
        error = Diagnostic("too-deep", "error", "the query is nested too deeply to be written",
                           None)
        return Compiled(profile.id, None, None, (error,), {})


def _compile_query(
    node: Node, profile: EngineProfile, params: dict[str, str] | None, today: date | None
) -> Compiled:
    ctx = _Ctx(profile)
    ctx.template_params.update(params or {})
    for name in sorted(set(params or {}) - set(profile.requires)):
        ctx.say("unused-parameter", "info",
                f"{profile.name} takes no {name} parameter; it was not used", None)
    conjuncts: list[Node] = list(node.children) if isinstance(node, And) else [node]
    conjuncts, date_text = _lift_whole_query_conditions(
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
    _check_limits(query, ctx)
    url = _build_url(query, ctx)
    return Compiled(profile.id, query, url, tuple(ctx.diags), ctx.url_params)


# --- whole-query conditions (dates, language, region, channel) -----------------------------------


def _lift_whole_query_conditions(
    conjuncts: list[Node], ctx: _Ctx, today: date
) -> tuple[list[Node], str | None]:
    """Take out the conditions that apply to the whole query and may move to the URL.

    Returns the remaining conjuncts and the in-query date text (if the engine writes dates in
    the query).
    """
    profile = ctx.profile
    kept: list[Node] = []
    after: Field | None = None
    before: Field | None = None
    # Dates leave their place only when the engine writes them as one combined form or in the
    # URL; otherwise each stays where it was written (see _date_field).
    has_after = any(isinstance(n, Field) and n.op == "after" for n in conjuncts)
    has_before = any(isinstance(n, Field) and n.op == "before" for n in conjuncts)
    lift_dates = profile.dates.where != "query" or bool(
        profile.dates.both and has_after and has_before
    )
    for node in conjuncts:
        if isinstance(node, Field):
            if lift_dates and node.op == "after" and after is None:
                after = node
                continue
            if lift_dates and node.op == "before" and before is None:
                before = node
                continue
            rule = profile.rule(node.op)
            if rule.support in ("supported", "partial") and rule.url_param:
                value = node.value
                ctx.url_params[rule.url_param] = safe_format(
                    rule.url_value or "{value}",
                    value=value,
                    value_upper=value.upper(),
                    value_lower=value.lower(),
                )
                _report_level(rule, ctx, where=f"the {rule.url_param}= URL parameter")
                continue
            if node.op == "site" and rule.to_param:
                target = _strip_prefix(node.value, rule.to_param_prefixes)
                if target is not None:
                    ctx.template_params.setdefault(rule.to_param, target.strip("/").split("/")[0])
                    _report_level(rule, ctx)
                    ctx.say(
                        "moved-to-url",
                        "info",
                        f"site:{node.value} selects the {rule.to_param} searched on {profile.name}",
                        "site",
                    )
                    continue
        kept.append(node)
    date_text = _dates(after, before, ctx, today) if (after or before) else None
    return kept, date_text


def _dates(after: Field | None, before: Field | None, ctx: _Ctx, today: date) -> str | None:
    profile, rules = ctx.profile, ctx.profile.dates
    valid: dict[str, date] = {}
    for item in (after, before):
        if item is None:
            continue
        if not is_date(item.value):
            ctx.say(
                "bad-date",
                "warning",
                f"{item.op}:{item.value} is not a date like 2024-01-31; it was dropped",
                item.op,
            )
            continue
        rule = profile.rule(item.op)
        if rule.support in ("unsupported", "deprecated") or rules.where == "none":
            ctx.say(
                "unsupported-operator",
                "warning",
                f"{profile.name} has no date filter for {item.op}: — dropped{ctx.note(rule)}",
                item.op,
            )
            continue
        valid[item.op] = _to_date(item.value)
        _report_level(
            rule, ctx, where=f"the {rules.param}= URL parameter" if rules.where == "url" else None
        )
    if not valid:
        return None
    a, b = valid.get("after"), valid.get("before")
    if a and b and rules.both:
        template = rules.both
    elif a and not b and rules.after_only:
        template = rules.after_only
    elif b and not a and rules.before_only:
        template = rules.before_only
    elif rules.both:
        template = rules.both
        a, b = a or date(1970, 1, 1), b or today
        ctx.say(
            "date-open-end",
            "info",
            f"{profile.name} needs both ends of a date range; the open end was filled with "
            f"{'today' if 'before' not in valid else '1970-01-01'}",
            "after" if "after" in valid else "before",
        )
    else:
        # Only single forms: write each one that exists.
        forms = [
            safe_format(t, **_date_fields(a, b))
            for t in (rules.after_only if a else None, rules.before_only if b else None)
            if t
        ]
        text = " ".join(forms)
        if rules.where == "url" and rules.param:
            ctx.url_params[rules.param] = text
            return None
        return text or None
    text = safe_format(template, **_date_fields(a, b))
    if rules.where == "url" and rules.param:
        ctx.url_params[rules.param] = text
        return None
    return text


def _to_date(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _date_fields(a: date | None, b: date | None) -> dict[str, object]:
    epoch = date(1970, 1, 1)
    a, b = a or epoch, b or epoch
    return {
        "after": a,
        "before": b,
        "after_days": (a - epoch).days,
        "before_days": (b - epoch).days,
        "after_epoch": (a - epoch).days * 86400,
        "before_epoch": (b - epoch).days * 86400,
    }


def _strip_prefix(value: str, prefixes: tuple[str, ...]) -> str | None:
    lowered = value.lower().removeprefix("https://").removeprefix("http://")
    for prefix in prefixes:
        if lowered.startswith(prefix.lower()):
            rest = value[len(value) - len(lowered) + len(prefix) :]
            return rest or None
    return None


# --- rendering ----------------------------------------------------------------------------------


_LABELS = {
    "phrase": "exact phrases",
    "or": "OR",
    "not": "exclusion (-)",
    "group": "parentheses",
    "plus": "+word",
    "wildcard": "the * wildcard",
    "around": "AROUND(n)",
    "range": "N..M ranges",
}


def _label(name: str) -> str:
    """How an operator is named in messages: `intitle:`, or words for the structural ones."""
    return _LABELS.get(name, f"{name}:")


def _loss(rule: OperatorRule, code: str) -> str:
    """The diagnostic code for a loss: removed operators say so."""
    return "deprecated-operator" if rule.support == "deprecated" else code


def _report_level(
    rule: OperatorRule, ctx: _Ctx, where: str | None = None, written: str | None = None
) -> None:
    name = ctx.profile.name
    if rule.support == "partial":
        ctx.say(
            "partial-operator",
            "warning",
            f"{name} only partly honours {_label(rule.name)} — kept, but it may not work"
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


def _render(node: Node, ctx: _Ctx) -> tuple[str, int] | None:
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


def _wrap(text: str, kind: int, ctx: _Ctx, inside: int) -> str:
    """Parenthesise a composite part where the engine could read it otherwise."""
    if kind in (_ATOM, inside):
        return text
    rule = ctx.profile.rule("group")
    if rule.support in ("supported", "partial") and rule.emit:
        _report_level(rule, ctx)
        return safe_format(rule.emit, value=text)
    ctx.say(
        _loss(rule, "unsupported-operator"),
        "warning",
        f"{ctx.profile.name} has no grouping with parentheses; the parts were written "
        f"side by side, which may change the meaning{ctx.note(rule)}",
        "group",
    )
    return text


def _term(node: Term, ctx: _Ctx) -> tuple[str, int] | None:
    profile = ctx.profile
    if node.text == "*":
        rule = profile.rule("wildcard")
        if rule.support in ("supported", "partial"):
            _report_level(rule, ctx)
            return "*", _ATOM
        ctx.say(
            _loss(rule, "unsupported-operator"),
            "warning",
            f"{profile.name} has no * wildcard — dropped{ctx.note(rule)}",
            "wildcard",
        )
        return None
    if node.plus:
        rule = profile.rule("plus")
        if rule.support in ("supported", "partial") and rule.emit:
            _report_level(rule, ctx)
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
            _loss(rule, "approximated-operator"),
            "warning",
            f"{profile.name} has no + operator; +{node.text} became a plain word{ctx.note(rule)}",
            "plus",
        )
    return _word(node.text, ctx), _ATOM


def _word(text: str, ctx: _Ctx) -> str:
    if is_bare_word(text):
        return text
    rendered = _phrase(text, ctx)  # would be misread bare (looks like an operator, OR, ...)
    return rendered[0] if rendered else text


def _phrase(text: str, ctx: _Ctx) -> tuple[str, int] | None:
    clean = " ".join(text.replace('"', " ").split())
    if clean != " ".join(text.split()):
        ctx.say(
            "approximated-operator",
            "warning",
            "a double quote inside a phrase cannot be written; it became a space",
            "phrase",
        )
    if not clean:
        return None
    rule = ctx.profile.rule("phrase")
    if rule.support in ("supported", "partial") and rule.emit:
        _report_level(rule, ctx)
        return safe_format(rule.emit, value=clean), _ATOM
    if len(clean.split()) == 1:
        return clean, _ATOM
    ctx.say(
        _loss(rule, "approximated-operator"),
        "warning",
        f'{ctx.profile.name} has no exact phrases; "{clean}" became plain words{ctx.note(rule)}',
        "phrase",
    )
    return clean, _AND


def _value(node: Field, rule: OperatorRule, ctx: _Ctx) -> str:
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


def _field(node: Field, ctx: _Ctx) -> tuple[str, int] | None:
    profile, rule = ctx.profile, ctx.profile.rule(node.op)
    if node.op in ("after", "before"):
        return _date_field(node, rule, ctx)
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
        _report_level(rule, ctx, written=rule.emitted_name)
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


def _fallback(node: Field, rule: OperatorRule, ctx: _Ctx, announce: bool) -> tuple[str, int] | None:
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


def _date_field(node: Field, rule: OperatorRule, ctx: _Ctx) -> tuple[str, int] | None:
    """A date nested inside OR/NOT: only an engine that writes dates in the query can keep it."""
    dates = ctx.profile.dates
    if not is_date(node.value):
        ctx.say(
            "bad-date",
            "warning",
            f"{node.op}:{node.value} is not a date like 2024-01-31; it was dropped",
            node.op,
        )
        return None
    form = dates.after_only if node.op == "after" else dates.before_only
    if dates.where == "query" and form and rule.support in ("supported", "partial"):
        _report_level(rule, ctx)
        day = _to_date(node.value)
        fields = _date_fields(
            day if node.op == "after" else None, day if node.op == "before" else None
        )
        return safe_format(form, **fields), _ATOM
    if rule.support in ("unsupported", "deprecated") or dates.where == "none":
        ctx.say(
            _loss(rule, "unsupported-operator"),
            "warning",
            f"{ctx.profile.name} has no date filter for {node.op}: — dropped{ctx.note(rule)}",
            node.op,
        )
    else:
        ctx.say(
            "unsupported-operator",
            "warning",
            f"{node.op}: inside OR or NOT cannot be written for {ctx.profile.name} — dropped",
            node.op,
        )
    return None


def _is_own_domain(value: str, domains: tuple[str, ...]) -> bool:
    host = value.lower().removeprefix("https://").removeprefix("http://").split("/")[0]
    host = host.removeprefix("*.").removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in domains)


def _allin(node: AllIn, ctx: _Ctx) -> tuple[str, int] | None:
    profile, rule = ctx.profile, ctx.profile.rule(node.op)
    if rule.support in ("supported", "partial") and rule.emit:
        words = [
            r[0]
            for r in (
                _term(i, ctx) if isinstance(i, Term) else _phrase(i.text, ctx) for i in node.items
            )
            if r is not None
        ]
        _report_level(rule, ctx, written=rule.emitted_name)
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


def _not(node: Not, ctx: _Ctx) -> tuple[str, int] | None:
    rule = ctx.profile.rule("not")
    if rule.support not in ("supported", "partial") or not rule.emit:
        ctx.say(
            _loss(rule, "unsupported-operator"),
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
        ctx.say("translated-operator", "info",
                f"{ctx.profile.name} has no parentheses; -(a OR b) was written -a -b", "not")
        return _render(And(tuple(Not(c) for c in child.children)), ctx)
    if isinstance(child, (And, Around)) and not groups:
        ctx.say("unsupported-operator", "warning",
                f"{ctx.profile.name} has no parentheses, so a group of words cannot be "
                "excluded; the exclusion was dropped", "not")
        return None
    inner = _render(child, ctx)
    if inner is None:
        return None
    text, kind = inner
    _report_level(rule, ctx)
    return safe_format(rule.emit, value=_wrap(text, kind, ctx, inside=-1)), _ATOM


def _or(node: Or, ctx: _Ctx) -> tuple[str, int] | None:
    parts = [r for r in (_render(c, ctx) for c in node.children) if r is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    rule = ctx.profile.rule("or")
    if rule.support in ("supported", "partial") and rule.emit:
        _report_level(rule, ctx)
        return rule.emit.join(_wrap(t, k, ctx, inside=_OR) for t, k in parts), _OR
    ctx.say(
        _loss(rule, "approximated-operator"),
        "warning",
        f"{ctx.profile.name} has no OR: the alternatives were written side by side, so "
        f"results must hold all of them; search each alternative separately{ctx.note(rule)}",
        "or",
    )
    return " ".join(t for t, _ in parts), _AND


def _around(node: Around, ctx: _Ctx) -> tuple[str, int] | None:
    left, right = _render(node.left, ctx), _render(node.right, ctx)
    if left is None or right is None:
        return left or right
    rule = ctx.profile.rule("around")
    if rule.support in ("supported", "partial") and rule.emit:
        _report_level(rule, ctx)
        return safe_format(
            rule.emit,
            left=_wrap(*left, ctx, inside=-1),
            n=node.distance,
            right=_wrap(*right, ctx, inside=-1),
        ), _AND
    ctx.say(
        _loss(rule, "approximated-operator"),
        "warning",
        f"{ctx.profile.name} has no proximity operator; AROUND({node.distance}) became "
        f"plain AND{ctx.note(rule)}",
        "around",
    )
    return f"{_wrap(*left, ctx, inside=_AND)} {_wrap(*right, ctx, inside=_AND)}", _AND


def _range(node: Range, ctx: _Ctx) -> tuple[str, int] | None:
    rule = ctx.profile.rule("range")
    if rule.support in ("supported", "partial") and rule.emit:
        _report_level(rule, ctx)
        return safe_format(rule.emit, low=node.low, high=node.high), _ATOM
    ctx.say(
        _loss(rule, "unsupported-operator"),
        "warning",
        f"{ctx.profile.name} has no numeric range; {node.low}..{node.high} was dropped"
        f"{ctx.note(rule)}",
        "range",
    )
    return None


# --- limits and URL -----------------------------------------------------------------------------


def _count_words(query: str) -> int:
    count = 0
    for token in re.findall(r'"[^"]*"|\S+', query):
        if token.startswith('"'):
            count += len(token.strip('"').split()) or 0
            continue
        bare = token.strip("()")
        if bare and bare not in _NON_WORDS and not bare.startswith("AROUND("):
            count += 1
    return count


def _check_limits(query: str, ctx: _Ctx) -> None:
    limits, name = ctx.profile.limits, ctx.profile.name
    note = f" ({limits.note})" if limits.note else ""
    if limits.words is not None:
        words = _count_words(query)
        if words > limits.words:
            ctx.say(
                "over-limit",
                "warning",
                f"{words} terms, over {name}'s limit of {limits.words}{note}",
                None,
            )
    if limits.chars is not None and len(query) > limits.chars:
        ctx.say(
            "over-limit",
            "warning",
            f"{len(query)} characters, over {name}'s limit of {limits.chars}{note}",
            None,
        )
    if limits.operators is not None:
        ops = sum(1 for t in query.split() if _FIELD_TOKEN.match(t.lstrip("(")))
        if ops > limits.operators:
            ctx.say(
                "over-limit",
                "warning",
                f"{ops} operators, over {name}'s limit of {limits.operators}{note}",
                None,
            )


def _build_url(query: str, ctx: _Ctx) -> str | None:
    profile = ctx.profile
    missing = [p for p in profile.requires if not ctx.template_params.get(p)]
    if missing:
        ctx.say(
            "missing-parameter",
            "error",
            f"{profile.name} needs a {missing[0]} to search (add site:"
            f"{_example_prefix(profile)}NAME to the query, or --param {missing[0]}=NAME)",
            None,
        )
        return None
    values = {p: quote(ctx.template_params[p], safe="") for p in profile.requires}
    url = safe_format(profile.template, q=quote(query, safe=""), **values)
    if ctx.url_params:
        url += ("&" if "?" in url else "?") + urlencode(ctx.url_params)
    if len(url) > profile.max_url_length:
        ctx.say(
            "over-limit",
            "warning",
            f"the URL is {len(url)} characters, over the {profile.max_url_length} that "
            "browsers and front-ends reliably accept",
            None,
        )
    return url


def _example_prefix(profile: EngineProfile) -> str:
    for rule in profile.operators.values():
        if rule.to_param_prefixes:
            return rule.to_param_prefixes[0]
    return ""


_ = DATE_RE  # re-exported through the parser; kept for profile authors reading this module
