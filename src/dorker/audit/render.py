"""Render the audit report's data with `templates/audit_report.{html,md}.j2`.

HTML is autoescaped; Markdown escapes markup characters; both make control characters visible:
case titles, queries and notes in the record can come from hostile pages and must stay text.
The templates write their own words as `{{ _("...") }}`, so the interface-language catalogs
pick them up (`dorker.i18n.install_jinja` gives them `_`, `ngettext` and `digits`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from dorker.i18n import _, install_jinja
from dorker.textsafe import printable

__all__ = ["FORMATS", "render"]

FORMATS = {"html": "audit_report.html.j2", "md": "audit_report.md.j2"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!{}])")


def _visible(value: Any) -> str:
    return printable("" if value is None else str(value))


def _md(value: Any) -> str:
    """One line of Markdown that shows `value` literally (no links, emphasis or tables)."""
    return _MD_SPECIAL.sub(r"\\\1", _visible(value))


def _seqs(flag: dict[str, Any]) -> str:
    seqs = [str(s) for s in flag.get("seqs") or ()]
    more = flag.get("count", len(seqs)) - len(seqs)
    if more <= 0:
        return ", ".join(seqs)
    return _("{seqs} and {more} more").format(seqs=", ".join(seqs), more=more)


def render(data: dict[str, Any], fmt: str) -> str:
    """The report as HTML or Markdown text (`json` is `json.dumps` of the data itself)."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from dorker.resources import bundled_dir

    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(bundled_dir("templates"))),
        autoescape=fmt == "html",
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    env.filters["visible"] = _visible
    env.filters["seqs"] = _seqs
    env.filters["num"] = lambda n: f"{n:,}"
    install_jinja(env)
    return env.get_template(FORMATS[fmt]).render(**data)
