"""Rendering the case report: a sandboxed jinja2 environment over `templates/`, autoescaped for
HTML, with filters that keep hostile text literal in Markdown and in CSS strings, and
dorker.i18n's `_`, `ngettext` and `digits` for the interface language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dorker.i18n import _, install_jinja
from dorker.textsafe import printable

__all__ = ["FORMATS", "PAPERS", "make_environment", "render_report"]

FORMATS = {"html": "case_report.html.j2", "md": "case_report.md.j2"}
PAPERS = {"a4": "A4", "letter": "letter"}
"""Paper sizes for the print stylesheet (CSS `@page size` names)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_CSS_SAFE = re.compile(r"[A-Za-z0-9 ]")


def _visible(value: Any) -> str:
    """Control and bidi-override characters made visible; None as empty text."""
    text = "" if value is None else str(value)
    # Fast path: every character `printable` rewrites is one Python calls non-printable.
    return text if text.isprintable() else printable(text)


def _md(value: Any) -> str:
    """Markdown-escaped, one-line text: markup in web titles stays literal."""
    return _MD_SPECIAL.sub(r"\\\1", _visible(value))


def _md_code(value: Any) -> str:
    """A Markdown code span holding `value` exactly: its fence is longer than any run of
    backticks inside (CommonMark), so a backtick in a query cannot close it early."""
    text = _visible(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_url(value: Any) -> str:
    """A URL for a Markdown autolink `<...>` (angle brackets and spaces percent-encoded)."""
    return (_visible(value).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
            .replace("|", "%7C"))


def _css_string(value: Any) -> Any:
    """A CSS string literal (for `@page` margin boxes): every other character hex-escaped."""
    from markupsafe import Markup

    text = "".join(ch if _CSS_SAFE.match(ch) else f"\\{ord(ch):06x}" for ch in _visible(value))
    return Markup(f'"{text}"')  # nothing left in it that HTML or CSS would read as syntax


def _size(value: Any) -> str:
    """Bytes as a short figure (`1.5 KB`), in integer arithmetic."""
    n = int(value or 0)
    if n < 1024:
        return _("{count} bytes").format(count=n)
    for unit in ("KB", "MB", "GB", "TB"):
        tenths = n * 10 // 1024
        if tenths < 10240 or unit == "TB":
            return f"{tenths // 10}.{tenths % 10} {unit}"
        n //= 1024
    raise AssertionError("unreachable")


def _when(value: Any) -> str:
    """`2026-11-28T03:00:00.123456Z` as `2026-11-28 03:00` (UTC)."""
    text = "" if value is None else str(value)
    return text[:16].replace("T", " ") if len(text) >= 16 else text


def make_environment(fmt: str, extra_dirs: Sequence[Path] = ()) -> Any:
    """The sandboxed environment for `fmt` over the bundled templates (`extra_dirs` first);
    one per format and folders, kept, so templates are compiled once per process."""
    return _environment(fmt, tuple(str(d) for d in extra_dirs))


@functools.lru_cache(maxsize=8)
def _environment(fmt: str, extra_dirs: tuple[str, ...]) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from dorker.resources import bundled_dir

    # Sandboxed even though the templates are our own: a team may point the templates folder
    # at shared files one day, and the cost is nil.
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([*extra_dirs, str(bundled_dir("templates"))]),
        autoescape=fmt == "html",
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=_md, md_code=_md_code, md_url=_md_url, visible=_visible,
                       css_string=_css_string, size=_size, when=_when)
    # `_`, `ngettext` and `digits` follow the interface language when a template renders.
    return install_jinja(env)


def render_report(data: dict[str, Any], fmt: str, *, paper: str = "a4",
                  extra_dirs: Sequence[Path] = ()) -> str:
    """Render `data` (from `case_report_data`) as `fmt` (html or md) for `paper` (a4, letter)."""
    env = make_environment(fmt, extra_dirs)
    return str(env.get_template(FORMATS[fmt]).render(**data, paper=PAPERS[paper]))
