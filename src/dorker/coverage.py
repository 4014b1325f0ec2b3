"""Case coverage: which sources were checked for a case, with which queries, by whom and when,
and what is still not checked for the case's patterns. A projection of the record.

Expected sources are the catalog's sources for the case's patterns plus the case's own
(case-local) sources. A check (`source.checked`) is counted per source and per query (the
latest one wins); an opened search (`query.opened`) or a provider run (`search.run`) that names
a source marks it "opened" until someone records the outcome.

Each (source, query) pair is a `Cell`: its latest check, how many searches were opened or run
for it, and how many distinct plan searches (`search_id`, one per search of a platform's plan)
were opened. The key `None` holds what was recorded for the source without a query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dorker.store.base import EventFilter, EventStore
from dorker.store.cases import SOURCE_CHECKED, Case
from dorker.store.events import Event

__all__ = [
    "OUTCOME_STATES",
    "QUERY_OPENED",
    "SEARCH_RUN",
    "Cell",
    "CheckMark",
    "Coverage",
    "CoverageRow",
    "PlannedQuery",
    "SourceLike",
    "case_coverage",
]

QUERY_OPENED = "query.opened"
SEARCH_RUN = "search.run"
OUTCOME_STATES = ("leads", "nothing", "inaccessible", "blocked")
"""Check outcomes with a state of their own; any other outcome is the state `checked`."""


class SourceLike(Protocol):
    """What coverage reads of a catalog source (a `Source`, or the app's lighter row)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def patterns(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class PlannedQuery:
    """A playbook query that applies to the case (`playbook:query`) and the sources it names."""

    id: str
    pattern: str
    sources: tuple[str, ...] = ()
    title: str = ""


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
class Cell:
    """What the record says about one source for one query (or for no query: key None)."""

    check: CheckMark | None = None
    opened: int = 0
    """`query.opened` events (searches handed to the investigator)."""
    fetched: int = 0
    """`search.run` events (provider fetches)."""
    search_ids: set[str] = field(default_factory=set)
    """Distinct plan searches opened: `PLATFORM SEARCH_ID` of `query.opened` events."""

    @property
    def plans_opened(self) -> int:
        return len(self.search_ids)

    def state(self, applies: bool) -> str:
        """leads / nothing / inaccessible / blocked / checked / opened / not-checked / n/a."""
        if self.check is not None:
            return self.check.outcome if self.check.outcome in OUTCOME_STATES else "checked"
        if self.opened or self.fetched:
            return "opened"
        return "not-checked" if applies else "n/a"

    def to_json(self, applies: bool) -> dict[str, Any]:
        return {
            "state": self.state(applies),
            "check": self.check.to_json() if self.check else None,
            "opened": self.opened,
            "fetched": self.fetched,
            "plans_opened": self.plans_opened,
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
    expected: bool = True
    """The case's patterns call for it (or it is the case's own); False: checked anyway."""
    fetched: int = 0
    cells: dict[str | None, Cell] = field(default_factory=dict)
    """Per query id (None: the source without a query)."""

    def cell(self, query: str | None) -> Cell:
        """The cell for `query`, created empty on first use."""
        found = self.cells.get(query)
        if found is None:
            found = self.cells[query] = Cell()
        return found

    @property
    def latest(self) -> CheckMark | None:
        return max(self.checks, key=lambda c: c.seq) if self.checks else None

    @property
    def status(self) -> str:
        if self.checks:
            return "checked"
        return "opened" if self.opened or self.fetched else "not-checked"

    @property
    def unchecked_queries(self) -> tuple[str, ...]:
        done = {c.query for c in self.checks}
        return tuple(q for q in self.queries if q not in done)

    @property
    def opened_unchecked_queries(self) -> tuple[str, ...]:
        """Planned queries opened (or fetched) for this source but never marked checked."""
        return tuple(q for q in self.unchecked_queries
                     if (cell := self.cells.get(q)) is not None and (cell.opened or cell.fetched))

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
            "fetched": self.fetched,
            "plans_opened": sum(c.plans_opened for c in self.cells.values()),
            "expected": self.expected,
            "queries": list(self.queries),
            "unchecked_queries": list(self.unchecked_queries),
            "opened_unchecked_queries": list(self.opened_unchecked_queries),
            "cells": {
                "" if query is None else query: cell.to_json(query in self.queries)
                for query, cell in self.cells.items()
            },
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

    @property
    def expected_rows(self) -> list[CoverageRow]:
        """The sources the case's patterns call for, and the case's own."""
        return [r for r in self.rows if r.expected]

    def to_json(self) -> dict[str, Any]:
        checked = sum(1 for r in self.rows if r.status == "checked")
        expected = self.expected_rows
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
                "expected": len(expected),
                "expected_checked": sum(1 for r in expected if r.status == "checked"),
            },
            "rows": [r.to_json() for r in self.rows],
        }


def case_coverage(
    store: EventStore,
    case: Case,
    sources: Iterable[SourceLike],
    queries: Sequence[PlannedQuery] = (),
    *,
    events: Iterable[Event] | None = None,
) -> Coverage:
    """Coverage of `case`: catalog sources for its patterns, its own sources, and every check.

    `events`: the case's events when the caller has read them already (else read here).
    """
    patterns = set(case.patterns)
    rows: dict[str, CoverageRow] = {}
    for source in sources:
        if source.id not in rows and (not patterns or patterns & set(source.patterns)):
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
    for event in store.iter_events(EventFilter(case_id=case.id)) if events is None else events:
        payload = event.payload
        if event.action == SOURCE_CHECKED:
            source_id = str(payload.get("source"))
            query_id = payload.get("query")
            row = rows.get(source_id)
            if row is None:  # checked although not expected: still part of the record
                row = rows[source_id] = CoverageRow(
                    source_id, source_id, "other", local=False, expected=False
                )
            row.cell(None if query_id is None else str(query_id)).check = CheckMark(
                query_id, str(payload.get("outcome")), event.actor, event.ts, event.seq,
                payload.get("note"),
            )
        elif event.action in (QUERY_OPENED, SEARCH_RUN):
            _count_search(rows, event.action, payload)
    for row in rows.values():
        row.checks = [c.check for c in row.cells.values() if c.check is not None]
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.status == "checked", not r.queries, r.local is False, r.source),
    )
    return Coverage(case, ordered, list(queries))


def _query_key(payload: Any) -> str | None:
    """`playbook:query` of a recorded search, or None (a raw dork)."""
    playbook, query_id = payload.get("playbook"), payload.get("query_id")
    return f"{playbook}:{query_id}" if playbook and query_id else None


def _count_search(rows: dict[str, CoverageRow], action: str, payload: Any) -> None:
    """One opened or fetched search, counted on each source it names."""
    query = _query_key(payload)
    search_id = payload.get("search_id") if action == QUERY_OPENED else None
    sources = [str(s) for s in payload.get("sources") or ()]
    engine = str(payload.get("plan_engine") or payload.get("engine") or "")
    if engine in sources:
        # A search on a platform the query lists (Facebook, or its site:facebook.com web
        # companion) opened that platform, not the query's other sources (a job board).
        sources = [engine]
    for source_id in sources:
        row = rows.get(str(source_id))
        if row is None:
            continue
        cell = row.cell(query)
        if action == QUERY_OPENED:
            row.opened += 1
            cell.opened += 1
            if search_id:  # ids repeat across platforms (#1 on Facebook and on TikTok)
                plan = payload.get("plan_engine") or payload.get("engine")
                cell.search_ids.add(f"{plan} {search_id}")
        else:
            row.fetched += 1
            cell.fetched += 1
