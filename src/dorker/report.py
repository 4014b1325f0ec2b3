"""Case reports: everything the record says about one case, rendered from `templates/`.

The data (`case_report_data`) is gathered once from the event log: the case, every search
handed to a browser or run through a provider (exact engine, query, URL, playbook id/version/
hash, time, who), the coverage matrix, reviewed results with verdicts and notes, evidence with
hashes, and the verified audit head. HTML is rendered with autoescape; Markdown escapes markup
characters; control characters are made visible in both. Web text is hostile.
"""

from __future__ import annotations

import re
from typing import Any

from dorker.coverage import QUERY_OPENED, Coverage
from dorker.store.base import EventFilter, EventStore
from dorker.store.cases import Case

__all__ = ["FORMATS", "case_report_data", "render_report"]

FORMATS = {"html": "case_report.html.j2", "md": "case_report.md.j2"}
_SEARCH_ACTIONS = (QUERY_OPENED, "search.run")


def case_report_data(store: EventStore, case: Case, coverage: Coverage) -> dict[str, Any]:
    """Plain data for the templates (no objects with behaviour reach a template)."""
    from dorker.store.verify import verify

    searches: list[dict[str, Any]] = []
    reviews: dict[str, dict[str, Any]] = {}
    evidence: list[dict[str, Any]] = []
    for event in store.iter_events(EventFilter(case_id=case.id)):
        p = dict(event.payload)
        base = {"seq": event.seq, "ts": event.ts, "actor": event.actor}
        if event.action in _SEARCH_ACTIONS:
            outcome = p.get("outcome") or {}
            searches.append(
                {
                    **base,
                    "how": p.get("how")
                    if event.action == QUERY_OPENED
                    else f"{p.get('provider')} page {p.get('page')}",
                    "status": outcome.get("status", "handed to the investigator")
                    if event.action == "search.run"
                    else "handed to the investigator",
                    "results": len(outcome.get("results") or ()),
                    "engine": p.get("engine"),
                    "query": p.get("query"),
                    "url": p.get("url"),
                    "playbook": p.get("playbook"),
                    "version": p.get("playbook_version"),
                    "sha256": p.get("playbook_sha256"),
                    "query_id": p.get("query_id"),
                    "dork": p.get("dork"),
                }
            )
        elif event.action == "result.reviewed":
            url = str(p.get("url"))
            reviews[url] = {
                **base,
                "url": url,
                "verdict": p.get("verdict"),
                "note": p.get("note"),
                "tags": list(p.get("tags") or ()),
                "history": [
                    *reviews.get(url, {}).get("history", []),
                    {"verdict": p.get("verdict"), "actor": event.actor, "ts": event.ts},
                ],
            }
        elif event.action == "evidence.added":
            evidence.append(
                {
                    **base,
                    "sha256": p.get("sha256"),
                    "size": p.get("size"),
                    "file": p.get("file"),
                    "url": p.get("url"),
                    "note": p.get("note"),
                }
            )
    report = verify(store)
    cov = coverage.to_json()
    return {
        "case": {
            "id": case.id,
            "title": case.title,
            "patterns": list(case.patterns),
            "created_at": case.created_at,
            "created_by": case.created_by,
            "sources": [s.to_json() for s in case.sources],
        },
        "searches": searches,
        "coverage": cov,
        "reviews": sorted(reviews.values(), key=lambda r: r["seq"]),
        "evidence": evidence,
        "audit": {
            "head": str(report.head) if report.head else None,
            "ok": report.ok,
            "events": report.checked,
            "problem": report.problem.to_json() if report.problem else None,
        },
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _md(value: Any) -> str:
    """Markdown-escaped, one-line text: markup in web titles stays literal."""
    return _MD_SPECIAL.sub(r"\\\1", _visible(value))


def _visible(value: Any) -> str:
    from dorker.textsafe import printable

    return printable("" if value is None else str(value))


def render_report(data: dict[str, Any], fmt: str) -> str:
    """Render `data` with the bundled template for `fmt` (html or md)."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from dorker.resources import bundled_dir

    # Sandboxed even though the templates are our own: a team may point the templates folder
    # at shared files one day, and the cost is nil.
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
    return env.get_template(FORMATS[fmt]).render(**data)
