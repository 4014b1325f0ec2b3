"""Everything the record says about one case, gathered once as plain data for the templates.

One pass over the case's events collects the searches (`query.opened`, `search.run`: exact
engine, query, URL, playbook id/version/hash, plan search, time, who), the reviewed results
(latest verdict per URL, with its history), the evidence (hashes), and who acted when. Added to
that: the coverage matrix, the sections other parts provide, the verified chain head, and the
summary counted from the same lists. Web text is hostile: nothing here marks any of it safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dorker.coverage import Coverage
from dorker.report.matrix import build_matrix
from dorker.report.searches import group_searches, is_search, link_url, search_entry, url_label
from dorker.report.sections import SECTION_PROVIDERS, collect_sections
from dorker.report.summary import VERDICT_ORDER, ActorTally, build_summary
from dorker.store.base import EventFilter, EventStore
from dorker.store.cases import Case
from dorker.store.events import Event

__all__ = ["case_report_data", "engine_kinds"]


def engine_kinds(extra_roots: tuple[Path, ...] = ()) -> dict[str, str]:
    """`web` or `platform` for every engine with a profile (empty if profiles cannot be read)."""
    from dorker.engines.profile import load_profiles
    from dorker.errors import DorkerError

    try:
        return {p.id: p.kind for p in load_profiles(None, extra_roots)}
    except DorkerError:  # a broken team profile must not stop the report; kinds default to web
        return {}


def _review(event: Any, earlier: Mapping[str, Any] | None) -> dict[str, Any]:
    p = event.payload
    url = str(p.get("url"))
    history = [*(earlier or {}).get("history", []),
               {"verdict": p.get("verdict"), "actor": event.actor, "ts": event.ts,
                "note": p.get("note")}]
    return {"seq": event.seq, "ts": event.ts, "actor": event.actor, "url": url,
            "link": link_url(url), "label": url_label(url), "verdict": p.get("verdict"),
            "note": p.get("note"), "tags": [str(t) for t in p.get("tags") or ()],
            "history": history}


def _evidence(event: Any) -> dict[str, Any]:
    p = event.payload
    return {"seq": event.seq, "ts": event.ts, "actor": event.actor, "sha256": p.get("sha256"),
            "size": p.get("size"), "file": p.get("file"), "url": p.get("url"),
            "link": link_url(p.get("url")), "label": url_label(p.get("url")),
            "note": p.get("note")}


def case_report_data(
    store: EventStore,
    case: Case,
    coverage: Coverage,
    *,
    kinds: Mapping[str, str] | None = None,
    providers: Sequence[str] = SECTION_PROVIDERS,
    events: Iterable[Event] | None = None,
) -> dict[str, Any]:
    """Plain data for the templates (no objects with behaviour reach a template).

    `kinds`: engine id → `web`/`platform` (default: the bundled and configured profiles);
    `providers`: the modules asked for extra sections; `events`: the case's events when the
    caller has read them already (for the coverage too), else they are read here.
    """
    from dorker.store.verify import verify

    tally = ActorTally()
    searches: list[dict[str, Any]] = []
    reviews: dict[str, dict[str, Any]] = {}
    evidence: list[dict[str, Any]] = []
    for event in store.iter_events(EventFilter(case_id=case.id)) if events is None else events:
        tally.add(event.actor, event.ts)
        if is_search(event):
            searches.append(search_entry(event))
        elif event.action == "result.reviewed":
            url = str(event.payload.get("url"))
            reviews[url] = _review(event, reviews.get(url))
        elif event.action == "evidence.added":
            evidence.append(_evidence(event))
    if kinds is None:
        from dorker.config import load_config

        kinds = engine_kinds(load_config().catalog_roots)
    report = verify(store)
    audit = {
        "head": str(report.head) if report.head else None,
        "ok": report.ok,
        "events": report.checked,
        "problem": report.problem.to_json() if report.problem else None,
    }
    sections = collect_sections(store, case, providers)
    matrix = build_matrix(coverage)
    order = {v: i for i, v in enumerate(VERDICT_ORDER)}
    reviewed = sorted(reviews.values(),
                      key=lambda r: (order.get(str(r["verdict"]), len(order)), r["seq"]))
    return {
        "case": {
            "id": case.id,
            "title": case.title,
            "patterns": list(case.patterns),
            "created_at": case.created_at,
            "created_by": case.created_by,
            "sources": [s.to_json() for s in case.sources],
        },
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "summary": build_summary(tally=tally, searches=searches, reviews=reviewed,
                                 evidence=evidence, coverage=coverage, gaps=matrix["gaps"],
                                 gap_titles=matrix["gap_titles"], sections=sections,
                                 audit=audit, engine_kinds=kinds),
        "searches": searches,
        "search_groups": group_searches(searches, kinds),
        "coverage": {"summary": coverage.to_json()["summary"]},
        "matrix": matrix,
        "reviews": reviewed,
        "evidence": evidence,
        "sections": sections,
        "audit": audit,
    }
