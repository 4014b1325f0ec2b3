"""Case coverage: which sources were checked for a case, with which queries, by whom and when,
and what is still not checked for the case's patterns. A projection of the record.

Expected sources are the catalog's sources for the case's patterns plus the case's own
(case-local) sources. A check (`source.checked`) is counted per source and per query (the
latest one wins); an opened search (`query.opened`) that names a source marks it "opened" until
someone records the outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dorker.catalog.model import Source
from dorker.store.base import EventFilter, EventStore
from dorker.store.cases import SOURCE_CHECKED, Case

__all__ = ["QUERY_OPENED", "CheckMark", "Coverage", "CoverageRow", "PlannedQuery", "case_coverage"]

QUERY_OPENED = "query.opened"


@dataclass(frozen=True, slots=True)
class PlannedQuery:
    """A playbook query that applies to the case (`playbook:query`) and the sources it names."""

    id: str
    pattern: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckMark:
    """The latest recorded outcome for one source (and one query, or none)."""

    query: str | None
    outcome: str
    actor: str
    ts: str
    seq: int
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "outcome": self.outcome,
            "actor": self.actor,
            "ts": self.ts,
            "seq": self.seq,
            "note": self.note,
        }


@dataclass(slots=True)
class CoverageRow:
    """One source of the case."""

    source: str
    name: str
    kind: str
    local: bool
    checks: list[CheckMark] = field(default_factory=list)
    opened: int = 0
    queries: tuple[str, ...] = ()
    """Planned queries that name this source."""

    @property
    def latest(self) -> CheckMark | None:
        return max(self.checks, key=lambda c: c.seq) if self.checks else None

    @property
    def status(self) -> str:
        if self.checks:
            return "checked"
        return "opened" if self.opened else "not-checked"

    @property
    def unchecked_queries(self) -> tuple[str, ...]:
        done = {c.query for c in self.checks}
        return tuple(q for q in self.queries if q not in done)

    def to_json(self) -> dict[str, Any]:
        latest = self.latest
        return {
            "source": self.source,
            "name": self.name,
            "kind": self.kind,
            "local": self.local,
            "status": self.status,
            "outcome": latest.outcome if latest else None,
            "actor": latest.actor if latest else None,
            "ts": latest.ts if latest else None,
            "checks": [c.to_json() for c in sorted(self.checks, key=lambda c: c.seq)],
            "opened": self.opened,
            "queries": list(self.queries),
            "unchecked_queries": list(self.unchecked_queries),
        }


@dataclass(slots=True)
class Coverage:
    """The whole picture for one case."""

    case: Case
    rows: list[CoverageRow]
    queries: list[PlannedQuery]

    @property
    def not_checked(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.status != "checked"]

    def to_json(self) -> dict[str, Any]:
        checked = sum(1 for r in self.rows if r.status == "checked")
        return {
            "case": {
                "id": self.case.id,
                "title": self.case.title,
                "patterns": list(self.case.patterns),
            },
            "summary": {
                "sources": len(self.rows),
                "checked": checked,
                "not_checked": len(self.rows) - checked,
                "queries": len(self.queries),
            },
            "rows": [r.to_json() for r in self.rows],
        }


def case_coverage(
    store: EventStore, case: Case, sources: Iterable[Source], queries: Sequence[PlannedQuery] = ()
) -> Coverage:
    """Coverage of `case`: catalog sources for its patterns, its own sources, and every check."""
    patterns = set(case.patterns)
    rows: dict[str, CoverageRow] = {}
    for source in sources:
        if not patterns or patterns & set(source.patterns):
            rows[source.id] = CoverageRow(source.id, source.name, source.kind, local=False)
    for local in case.sources:
        rows[local.id] = CoverageRow(
            local.id, local.name or local.url, local.kind or "case-local", local=True
        )
    by_source: dict[str, list[str]] = {}
    for query in queries:
        for source_id in query.sources:
            by_source.setdefault(source_id, []).append(query.id)
    for source_id, ids in by_source.items():
        if source_id in rows:
            rows[source_id].queries = tuple(dict.fromkeys(ids))
    latest: dict[tuple[str, str | None], CheckMark] = {}
    for event in store.iter_events(EventFilter(case_id=case.id)):
        payload = event.payload
        if event.action == SOURCE_CHECKED:
            source_id = str(payload.get("source"))
            query_id = payload.get("query")
            latest[(source_id, query_id)] = CheckMark(
                query_id,
                str(payload.get("outcome")),
                event.actor,
                event.ts,
                event.seq,
                payload.get("note"),
            )
            if source_id not in rows:  # checked although not expected: still part of the record
                rows[source_id] = CoverageRow(source_id, source_id, "other", local=False)
        elif event.action == QUERY_OPENED:
            for source_id in payload.get("sources") or ():
                if source_id in rows:
                    rows[source_id].opened += 1
    for (source_id, _query), mark in latest.items():
        rows[source_id].checks.append(mark)
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.status == "checked", not r.queries, r.local is False, r.source),
    )
    return Coverage(case, ordered, list(queries))
