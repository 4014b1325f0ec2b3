"""Engine profiles: load `catalog/engines/<id>.yaml` into typed, immutable values.

Only the profiles a command names are loaded (start-up speed). Loading checks what the compiler
relies on and reports a located one-line error otherwise; the complete JSON Schema check runs in
`dorker engines --lint` and the tests (see dorker.engines.schema).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dorker.engines.plan_profile import PlanRule, plan_rule
from dorker.errors import InputError, UsageError
from dorker.query.ast import NEUTRAL_OPERATORS
from dorker.safeformat import TemplateError, template_fields

if TYPE_CHECKING:
    from dorker.yamlsafe import YamlDocument

__all__ = [
    "FALLBACKS",
    "SUPPORT_LEVELS",
    "DatesRule",
    "EngineProfile",
    "Limits",
    "OperatorRule",
    "PlanRule",
    "available_engines",
    "load_profile",
    "load_profiles",
    "profile_dirs",
]

SUPPORT_LEVELS = ("supported", "partial", "unsupported", "deprecated")
FALLBACKS = ("drop", "words", "phrase")
VALUE_STYLES = ("plain", "underscore", "percent20")
_EMIT_FIELDS = {
    "around": {"left", "right", "n"},
    "range": {"low", "high"},
    "or": set(),
}
_DATE_FIELDS = {"after", "before", "after_epoch", "before_epoch", "after_days", "before_days"}
_URL_VALUE_FIELDS = {"value", "value_upper", "value_lower"}
_DATE_VALUES = frozenset({"after", "before"})


@dataclass(frozen=True, slots=True)
class OperatorRule:
    """How one engine writes one neutral operator."""

    name: str
    support: str
    emit: str | None = None
    url_param: str | None = None
    url_value: str | None = None
    fallback: str = "drop"
    values: tuple[str, ...] | None = None
    value_style: str = "plain"
    to_param: str | None = None
    to_param_prefixes: tuple[str, ...] = ()
    note: str = ""
    source: str = ""

    @property
    def emitted_name(self) -> str | None:
        """The operator name the engine uses (`title` for Yandex intitle), if it writes one."""
        if not self.emit:
            return None
        head = self.emit.split("{", 1)[0]
        return head[:-1].lstrip("-") if head.endswith(":") else None


@dataclass(frozen=True, slots=True)
class DatesRule:
    """How after:/before: are written: in the query or as one URL parameter."""

    where: str = "none"
    param: str | None = None
    both: str | None = None
    after_only: str | None = None
    before_only: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    """Known limits of the engine's query box (None where unknown)."""

    words: int | None = None
    chars: int | None = None
    operators: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class EngineProfile:
    """One engine or platform, as its YAML profile describes it."""

    id: str
    name: str
    kind: str
    template: str
    operators: dict[str, OperatorRule]
    requires: tuple[str, ...] = ()
    max_url_length: int = 2000
    limits: Limits = field(default_factory=Limits)
    dates: DatesRule = field(default_factory=DatesRule)
    domains: tuple[str, ...] = ()
    homepage: str = ""
    checked: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None
    plan: PlanRule = field(default_factory=PlanRule)

    @property
    def makes_plan(self) -> bool:
        """Whether queries become search plans here: the engine has no OR at all."""
        return self.rule("or").support == "unsupported"

    def rule(self, name: str) -> OperatorRule:
        """The rule for a neutral operator (an unlisted one counts as unsupported)."""
        return self.operators.get(name) or OperatorRule(
            name, "unsupported", note="not described in the profile"
        )


def profile_dirs(extra_roots: tuple[Path, ...] = ()) -> list[Path]:
    """Folders holding engine profiles, in precedence order (later ones override)."""
    from dorker.resources import engines_dir

    dirs = [engines_dir()]
    dirs.extend(root / "engines" for root in extra_roots)
    return [d for d in dirs if d.is_dir()]


def available_engines(extra_roots: tuple[Path, ...] = ()) -> dict[str, Path]:
    """Every engine id with the file that defines it."""
    found: dict[str, Path] = {}
    for folder in profile_dirs(extra_roots):
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = path
    return found


def load_profiles(
    ids: list[str] | tuple[str, ...] | None = None, extra_roots: tuple[Path, ...] = ()
) -> list[EngineProfile]:
    """Load the named profiles (all when `ids` is None); an unknown id is a usage error."""
    known = available_engines(extra_roots)
    wanted = list(known) if ids is None else list(dict.fromkeys(ids))
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise UsageError(
            f"unknown engine {unknown[0]!r}", hint=f"known engines: {', '.join(sorted(known))}"
        )
    return [load_profile(known[i]) for i in wanted]


def load_profile(path: Path) -> EngineProfile:
    """Load and check one profile file.

    A checked profile is kept as JSON in the cache folder, keyed by the file's path, size and
    modification time, so that a later command skips YAML entirely (start-up time).
    """
    cached = _cache_file(path)
    if cached is not None:
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            return _build(_Checked(data), path)
        except (OSError, ValueError, InputError):
            pass  # missing or stale: read the YAML
    from dorker.yamlsafe import load_yaml_file

    doc = load_yaml_file(path, max_bytes=200_000)
    profile = _build(doc, path)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temp = cached.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(json.dumps(doc.data, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, cached)
        except OSError:
            pass  # a read-only cache only costs speed
    return profile


class _Checked:
    """Stands in for a YamlDocument when the data comes from the cache (already checked)."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def where(self, field_path: tuple[str | int, ...] = ()) -> None:
        return None


def _cache_file(path: Path) -> Path | None:
    from dorker import __version__
    from dorker.paths import locations

    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return locations().cache_dir / "engines" / f"{path.stem}-{digest}.json"


def _build(doc: YamlDocument | _Checked, path: Path) -> EngineProfile:
    data = doc.data

    def fail(message: str, at: tuple[str | int, ...], hint: str | None = None) -> InputError:
        return InputError(message, where=doc.where(at), hint=hint)

    if not isinstance(data, dict):
        raise fail("an engine profile must be a mapping", ())

    def text(at: tuple[str | int, ...], required: bool = False, default: str = "") -> str:
        node: Any = data
        for part in at:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            if required:
                raise fail(f"missing field {'.'.join(map(str, at))}", at[:-1])
            return default
        if not isinstance(node, (str, int, float)):
            raise fail(f"{'.'.join(map(str, at))} must be text", at)
        return str(node)

    engine_id = text(("id",), required=True)
    if engine_id != path.stem:
        raise fail(
            f"id {engine_id!r} differs from the file name {path.stem!r}",
            ("id",),
            hint=f"rename the file to {engine_id}.yaml or fix the id",
        )
    url = data.get("url")
    if not isinstance(url, dict):
        raise fail("missing mapping url", ())
    template = text(("url", "template"), required=True)
    requires = tuple(url.get("requires") or ())
    try:
        placeholders = set(template_fields(template))
    except TemplateError as exc:
        raise fail(f"url.template: {exc}", ("url", "template")) from None
    if "q" not in placeholders:
        raise fail("url.template has no {q}", ("url", "template"))
    if placeholders - {"q"} - set(requires):
        extra = sorted(placeholders - {"q"} - set(requires))
        raise fail(
            f"url.template uses {{{extra[0]}}} that url.requires does not list", ("url", "template")
        )

    raw_ops = data.get("operators")
    if not isinstance(raw_ops, dict):
        raise fail("missing mapping operators", ())
    operators: dict[str, OperatorRule] = {}
    for name, raw in raw_ops.items():
        at: tuple[str | int, ...] = ("operators", name)
        if name not in NEUTRAL_OPERATORS:
            raise fail(
                f"unknown operator {name!r}",
                at,
                hint=f"neutral operators: {', '.join(NEUTRAL_OPERATORS)}",
            )
        if not isinstance(raw, dict):
            raise fail(f"operators.{name} must be a mapping", at)
        operators[name] = _rule(name, raw, fail, at)
    missing = [op for op in NEUTRAL_OPERATORS if op not in operators]
    if missing:
        raise fail(
            f"operators lacks {missing[0]!r}",
            ("operators",),
            hint="every neutral operator must be listed with its support level",
        )

    raw_dates = data.get("dates") or {}
    if not isinstance(raw_dates, dict):
        raise fail("dates must be a mapping", ("dates",))
    dates = DatesRule(
        where=str(raw_dates.get("where") or "none"),
        param=raw_dates.get("param"),
        both=raw_dates.get("both"),
        after_only=raw_dates.get("after_only"),
        before_only=raw_dates.get("before_only"),
    )
    if dates.where not in ("query", "url", "none"):
        raise fail("dates.where must be query, url or none", ("dates", "where"))
    if dates.where == "url" and not dates.param:
        raise fail("dates.param is required when dates.where is url", ("dates",))
    for key in ("both", "after_only", "before_only"):
        form = getattr(dates, key)
        if form is None:
            continue
        try:
            used = set(template_fields(str(form), date_fields=_DATE_VALUES))
        except TemplateError as exc:
            raise fail(f"dates.{key}: {exc}", ("dates", key)) from None
        if used - _DATE_FIELDS:
            raise fail(
                f"dates.{key} uses an unknown field {{{sorted(used - _DATE_FIELDS)[0]}}}",
                ("dates", key),
            )

    raw_limits = data.get("limits") or {}
    limits = Limits(
        words=_int_or_none(raw_limits.get("words")),
        chars=_int_or_none(raw_limits.get("chars")),
        operators=_int_or_none(raw_limits.get("operators")),
        note=str(raw_limits.get("note") or ""),
    )
    return EngineProfile(
        id=engine_id,
        name=text(("name",), default=engine_id),
        kind=text(("kind",), default="web"),
        template=template,
        operators=operators,
        requires=requires,
        max_url_length=int(url.get("max_length") or 2000),
        limits=limits,
        dates=dates,
        domains=tuple(str(d).lower() for d in data.get("domains") or ()),
        homepage=text(("homepage",)),
        checked=text(("checked",)),
        sources=tuple(str(s) for s in data.get("sources") or ()),
        note=text(("note",)),
        params=dict(url.get("params") or {}),
        path=path,
        plan=plan_rule(data.get("plan"), fail),
    )


def _rule(name: str, raw: dict[str, Any], fail: Any, at: tuple[str | int, ...]) -> OperatorRule:
    support = raw.get("support")
    if support not in SUPPORT_LEVELS:
        raise fail(
            f"operators.{name}.support must be one of {', '.join(SUPPORT_LEVELS)}", (*at, "support")
        )
    emit = raw.get("emit")
    url = raw.get("url")
    fallback = str(raw.get("fallback") or "drop")
    if fallback not in FALLBACKS and not fallback.startswith("each:"):
        raise fail(
            f"operators.{name}.fallback must be drop, words, phrase or each:OP", (*at, "fallback")
        )
    if emit is not None:
        try:
            used = set(template_fields(str(emit)))
        except TemplateError as exc:
            raise fail(f"operators.{name}.emit: {exc}", (*at, "emit")) from None
        allowed = _EMIT_FIELDS.get(name, {"value"})
        if used - allowed:
            raise fail(
                f"operators.{name}.emit uses {{{sorted(used - allowed)[0]}}}; allowed here: "
                f"{', '.join(sorted(allowed)) or 'none'}",
                (*at, "emit"),
            )
    url_param = url_value = None
    if url is not None:
        if not isinstance(url, dict) or "param" not in url:
            raise fail(f"operators.{name}.url must be a mapping with param and value", (*at, "url"))
        url_param, url_value = str(url["param"]), str(url.get("value", "{value}"))
        try:
            used = set(template_fields(url_value))
        except TemplateError as exc:
            raise fail(f"operators.{name}.url.value: {exc}", (*at, "url")) from None
        if used - _URL_VALUE_FIELDS:
            raise fail(f"operators.{name}.url.value uses an unknown field", (*at, "url"))
    if (
        support in ("supported", "partial")
        and emit is None
        and url is None
        and name not in ("wildcard", "after", "before")
        and not raw.get("to_param")
    ):
        raise fail(f"operators.{name} is {support} but has neither emit, url nor to_param", at)
    style = str(raw.get("value_style") or "plain")
    if style not in VALUE_STYLES:
        raise fail(
            f"operators.{name}.value_style must be one of {', '.join(VALUE_STYLES)}",
            (*at, "value_style"),
        )
    to_param = raw.get("to_param")
    values = raw.get("values")
    return OperatorRule(
        name=name,
        support=support,
        emit=None if emit is None else str(emit),
        url_param=url_param,
        url_value=url_value,
        fallback=fallback,
        values=tuple(str(v).lower() for v in values) if values else None,
        value_style=style,
        to_param=str(to_param["name"]) if isinstance(to_param, dict) else None,
        to_param_prefixes=tuple(str(p) for p in to_param.get("prefixes", ()))
        if isinstance(to_param, dict)
        else (),
        note=str(raw.get("note") or ""),
        source=str(raw.get("source") or ""),
    )


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and value > 0 else None

