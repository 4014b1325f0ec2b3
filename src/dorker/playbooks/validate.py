"""A small, fast checker for the subset of JSON Schema that the playbook schema uses.

The jsonschema package is a test dependency only; this reports every problem with the field
path it is about (turned into file:line:col by the loader). The tests check that it and
jsonschema agree on the bundled playbooks and the broken corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["check"]

FieldPath = tuple[str | int, ...]
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "integer": (int,),
    "boolean": (bool,), "number": (int, float),
}
_NAMES = {dict: "a mapping", list: "a list", str: "text", int: "a whole number",
          bool: "true/false", float: "a number", type(None): "empty"}


@lru_cache(maxsize=256)
def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _describe(value: Any) -> str:
    return _NAMES.get(type(value), type(value).__name__)


def _is_type(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[kind])


def check(value: Any, schema: dict[str, Any], at: FieldPath = ()) -> list[tuple[FieldPath, str]]:
    """Every problem of `value` against `schema`, as (field path, message)."""
    out: list[tuple[FieldPath, str]] = []
    _check(value, schema, at, out)
    return out


def _check(value: Any, schema: dict[str, Any], at: FieldPath,
           out: list[tuple[FieldPath, str]]) -> None:
    if "anyOf" in schema:
        branches = schema["anyOf"]
        results = [check(value, b, at) for b in branches]
        if any(not r for r in results):
            return
        typed = [r for b, r in zip(branches, results, strict=True)
                 if "type" in b and _is_type(value, b["type"])]
        if typed:
            out.extend(typed[0])
        else:
            kinds = " or ".join(_NAMES[_TYPES[b["type"]][0]] for b in branches if "type" in b)
            out.append((at, f"expected {kinds}, got {_describe(value)}"))
        return
    kind = schema.get("type")
    if kind is not None and not _is_type(value, kind):
        out.append((at, f"expected {_NAMES[_TYPES[kind][0]]}, got {_describe(value)}"))
        return
    if "enum" in schema and value not in schema["enum"]:
        out.append((at, f"{value!r} is not one of: {', '.join(map(str, schema['enum']))}"))
        return
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            out.append((at, "must not be empty"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append((at, f"longer than {schema['maxLength']:,} characters"))
        if "pattern" in schema and not _re(schema["pattern"]).search(value):
            out.append((at, f"{value[:60]!r} does not match {schema['pattern']}"))
    elif isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            out.append((at, f"must be at least {schema['minimum']}"))
    elif isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append((at, f"needs at least {schema['minItems']} item(s)"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append((at, f"more than {schema['maxItems']} items"))
        items = schema.get("items")
        if items is not None:
            for i, item in enumerate(value):
                _check(item, items, (*at, i), out)
    elif isinstance(value, dict):
        _check_object(value, schema, at, out)


def _check_object(value: dict[Any, Any], schema: dict[str, Any], at: FieldPath,
                  out: list[tuple[FieldPath, str]]) -> None:
    if len(value) < schema.get("minProperties", 0):
        out.append((at, f"needs at least {schema['minProperties']} entr(ies)"))
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        out.append((at, f"more than {schema['maxProperties']} entries"))
    missing = [k for k in schema.get("required", ()) if k not in value]
    if missing:
        out.append((at, f"missing required field{'s' if len(missing) > 1 else ''}: "
                        f"{', '.join(missing)}"))
    props: dict[str, Any] = schema.get("properties", {})
    patterns: dict[str, Any] = schema.get("patternProperties", {})
    for key, item in value.items():
        sub = props.get(key) if isinstance(key, str) else None
        if sub is not None:
            _check(item, sub, (*at, key), out)
            continue
        matched = [p for p in patterns if isinstance(key, str) and _re(p).search(key)]
        if matched:
            for p in matched:
                _check(item, patterns[p], (*at, key), out)
            continue
        if schema.get("additionalProperties", True) is False:
            if patterns and not props:
                out.append(((*at, key), f"{key!r} is not a valid name "
                                        f"({' or '.join(patterns)})"))
            else:
                close = _close(str(key), list(props))
                out.append(((*at, key), f"unknown field {key!r}{close}"))


def _close(key: str, known: list[str]) -> str:
    import difflib

    near = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {near[0]!r}?)" if near else f" (known: {', '.join(known)})"
