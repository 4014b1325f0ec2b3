"""`str.format` for templates from shared files: named fields only, no attribute or index access,
and no format specs except strftime patterns on dates.

A plain `template.format(**values)` lets a template read `{value.__class__.__init__.__globals__}`,
and a spec such as `{q:>900000000}` makes a gigabyte of padding. Engine profiles and catalogs
come from team folders, so their templates are untrusted.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from string import Formatter
from typing import Any

__all__ = ["DATE_SPEC", "TemplateError", "safe_format", "template_fields"]

_FORMATTER = Formatter()
DATE_SPEC = re.compile(r"[%A-Za-z0-9 ./:,_-]{1,40}\Z")
"""The only format specs allowed: strftime patterns (on date fields)."""


class TemplateError(ValueError):
    """The template is malformed or names a field that is not allowed."""


def template_fields(template: str, *, date_fields: frozenset[str] = frozenset()) -> list[str]:
    """The field names used by `template` (raises TemplateError on a malformed one).

    A format spec is allowed only on a field in `date_fields`, and only a strftime pattern.
    """
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as exc:
        raise TemplateError(str(exc)) from None
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise TemplateError(f"field {{{name}}} is not a plain name")
        if conversion:
            raise TemplateError(f"field {{{name}!{conversion}}} may not use a conversion")
        if spec and (name not in date_fields or not DATE_SPEC.match(spec)):
            raise TemplateError(f"field {{{name}:{spec}}} may not use a format spec"
                                + (" other than a date pattern" if name in date_fields else ""))
        names.append(name)
    return names


@lru_cache(maxsize=1024)
def _parsed(template: str) -> tuple[tuple[str, str | None, str | None], ...]:
    """A template cut into (literal, field, spec) once: profiles reuse a few templates a lot."""
    try:
        return tuple((lit, name, spec) for lit, name, spec, _c in _FORMATTER.parse(template))
    except ValueError as exc:
        raise TemplateError(str(exc)) from None


def safe_format(template: str, **values: Any) -> str:
    """Fill `template` with `values`; every field must be a plain name present in `values`."""
    out: list[str] = []
    for literal, name, spec in _parsed(template):
        out.append(literal)
        if name is None:
            continue
        if not name.isidentifier() or name not in values:
            raise TemplateError(f"unknown template field {{{name}}}")
        value = values[name]
        if spec:
            if not isinstance(value, date) or not DATE_SPEC.match(spec):
                raise TemplateError(f"field {{{name}:{spec}}} may not use a format spec")
            out.append(value.strftime(spec))
        else:
            out.append(str(value))
    return "".join(out)
