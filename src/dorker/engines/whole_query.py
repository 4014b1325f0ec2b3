"""Conditions on the whole query: dates, language, region and a platform's channel, which many
engines only take as URL parameters or in one combined form (Yandex `date:A..B`)."""

from __future__ import annotations

from datetime import date

from dorker.engines.context import ATOM, CompileContext, loss_code, report_level
from dorker.engines.profile import OperatorRule
from dorker.query.ast import Field, Node
from dorker.query.parser import is_date
from dorker.safeformat import safe_format

__all__ = ["date_field", "date_fields", "lift_whole_query_conditions", "to_date"]


def lift_whole_query_conditions(
    conjuncts: list[Node], ctx: CompileContext, today: date
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
    # URL; otherwise each stays where it was written (see date_field).
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
                report_level(rule, ctx, where=f"the {rule.url_param}= URL parameter")
                continue
            if node.op == "site" and rule.to_param:
                target = _strip_prefix(node.value, rule.to_param_prefixes)
                if target is not None:
                    ctx.template_params.setdefault(rule.to_param, target.strip("/").split("/")[0])
                    report_level(rule, ctx)
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


def _dates(
    after: Field | None, before: Field | None, ctx: CompileContext, today: date
) -> str | None:
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
        valid[item.op] = to_date(item.value)
        report_level(
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
            safe_format(t, **date_fields(a, b))
            for t in (rules.after_only if a else None, rules.before_only if b else None)
            if t
        ]
        text = " ".join(forms)
        if rules.where == "url" and rules.param:
            ctx.url_params[rules.param] = text
            return None
        return text or None
    text = safe_format(template, **date_fields(a, b))
    if rules.where == "url" and rules.param:
        ctx.url_params[rules.param] = text
        return None
    return text


def to_date(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def date_fields(a: date | None, b: date | None) -> dict[str, object]:
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


def date_field(node: Field, rule: OperatorRule, ctx: CompileContext) -> tuple[str, int] | None:
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
        report_level(rule, ctx)
        day = to_date(node.value)
        fields = date_fields(
            day if node.op == "after" else None, day if node.op == "before" else None
        )
        return safe_format(form, **fields), ATOM
    if rule.support in ("unsupported", "deprecated") or dates.where == "none":
        ctx.say(
            loss_code(rule, "unsupported-operator"),
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
