"""Sections other parts add to the case report (leads, linked images, watches).

A provider is a module with `case_section(store, case) -> dict | None` returning
`{"id": "leads", "title": "Leads", "summary": [{"label": str, "value": str | int}],
"data": {...}}` (None: nothing to show), and two partials `templates/sections/<id>.html.j2`
and `.md.j2` that render `section`. Providers are imported when the report is built; a part
that is not installed (its module does not exist) is skipped. A provider that fails, or returns
something of the wrong shape, does not sink the report: its section says what went wrong.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

from dorker.store.base import EventStore
from dorker.store.cases import Case

__all__ = ["SECTION_PROVIDERS", "collect_sections"]

SECTION_PROVIDERS: tuple[str, ...] = (
    "dorker.leads.report",
    "dorker.images.report",
    "dorker.watch.report",
)
"""Where sections come from, in the order the report shows them."""

_SECTION_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


def _import(name: str) -> Any | None:
    """The provider module, or None when it (or its package) does not exist."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # Only the provider's own absence is skipped; a module it imports being missing is a
        # real fault, reported in its section.
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise


def _checked(name: str, found: Any) -> dict[str, Any]:
    """The section as the templates expect it; ValueError naming the provider otherwise."""
    if not isinstance(found, dict):
        raise ValueError(f"{name}.case_section returned {type(found).__name__}, not a dict")
    section_id = found.get("id")
    if not isinstance(section_id, str) or not _SECTION_ID.match(section_id):
        raise ValueError(f"{name}: section id {section_id!r} is not lower-case words and '-'")
    title = found.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"{name}: section {section_id!r} has no title")
    summary = []
    for line in found.get("summary") or ():
        if not isinstance(line, dict) or not isinstance(line.get("label"), str) or not isinstance(
            line.get("value"), str | int
        ) or isinstance(line.get("value"), bool):
            raise ValueError(f"{name}: section {section_id!r} has a summary line that is not "
                             "{label: text, value: text or integer}")
        summary.append({"label": line["label"], "value": line["value"]})
    data = found.get("data")
    return {"id": section_id, "title": title, "summary": summary,
            "data": data if isinstance(data, dict) else {}, "provider": name, "error": None}


def collect_sections(
    store: EventStore, case: Case, providers: Sequence[str] = SECTION_PROVIDERS
) -> list[dict[str, Any]]:
    """Every provider's section for `case`, in `providers` order; absent parts skipped."""
    sections: list[dict[str, Any]] = []
    for name in providers:
        try:
            module = _import(name)
            if module is None:
                continue
            found = module.case_section(store, case)
            if found is None:
                continue
            sections.append(_checked(name, found))
        except Exception as exc:  # a part's fault must not sink the whole report
            sections.append({"id": name.rpartition(".")[0].rpartition(".")[2] or name,
                             "title": name, "summary": [], "data": {}, "provider": name,
                             "error": f"{type(exc).__name__}: {exc}"})
    return sections
