"""`str.format` for templates from shared files: named fields only, no attribute or index access.

A plain `template.format(**values)` lets a template read `{value.__class__.__init__.__globals__}`;
engine profiles and catalogs come from team folders, so their templates are untrusted.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

__all__ = ["TemplateError", "safe_format", "template_fields"]

_FORMATTER = Formatter()


class TemplateError(ValueError):
    """The template is malformed or names a field that is not allowed."""


def template_fields(template: str) -> list[str]:
    """The field names used by `template` (raises TemplateError on a malformed one)."""
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as exc:
        raise TemplateError(str(exc)) from None
    names = []
    for _literal, name, _spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise TemplateError(f"field {{{name}}} is not a plain name")
        if conversion:
            raise TemplateError(f"field {{{name}!{conversion}}} may not use a conversion")
        names.append(name)
    return names


def safe_format(template: str, **values: Any) -> str:
    """Fill `template` with `values`; every field must be a plain name present in `values`."""
    out: list[str] = []
    for literal, name, spec, _conversion in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        if not name.isidentifier() or name not in values:
            raise TemplateError(f"unknown template field {{{name}}}")
        value = values[name]
        if spec and ("{" in spec):
            raise TemplateError("nested template fields are not allowed")
        out.append(format(value, spec or ""))
    return "".join(out)
