"""What a watch run gives back: per search, per watch, and for the whole command (JSON shapes).

`RunReport.to_json()` is the `watch run --format json` shape of DESIGN.md:
`{"runs": [{"watch", "target", "engine", "status", "new": [{"url", "title", "snippet"...}],
"seen"}...]}`, one entry per target and engine of each watch that ran, plus `skipped` (watches
locked by another run, not due, or removed meanwhile) and `command_id`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dorker.watch.model import Watch
from dorker.watch.searches import PlannedSearch

__all__ = ["BLOCK_STATUSES", "ItemOutcome", "NewResult", "RunReport", "Skipped", "WatchOutcome"]

BLOCK_STATUSES = frozenset({"blocked", "captcha", "rate-limited", "quota-exhausted", "forbidden",
                            "deferred"})
"""Statuses after which the provider is left alone for the rest of the command (politeness)."""


@dataclass(frozen=True, slots=True)
class NewResult:
    """A result the watch had never seen (web text: hostile, show it escaped)."""

    url: str
    """The normalised URL (what "seen" compares)."""
    original_url: str
    title: str
    snippet: str
    engine: str
    target: str
    leads: tuple[str, ...] = ()
    """Lead ids (`phone:+8801...`) found in the title, snippet and URL, when leads exist."""

    def to_json(self) -> dict[str, Any]:
        """The JSON and event shape of one new result."""
        return {"url": self.url, "original_url": self.original_url, "title": self.title,
                "snippet": self.snippet, "engine": self.engine, "target": self.target,
                "leads": list(self.leads)}


@dataclass(slots=True)
class ItemOutcome:
    """One target on one engine in one run."""

    search: PlannedSearch
    status: str
    message: str = ""
    pages: int = 0
    results: int = 0
    new: list[NewResult] = field(default_factory=list)
    seen: int = 0
    plan: list[dict[str, Any]] = field(default_factory=list)
    retry_after: int | None = None

    def to_record(self) -> dict[str, Any]:
        """The item as the `watch.run` event keeps it (counts; the new results are listed once
        for the whole run)."""
        item = self.search.item
        return {"target": self.search.target, "engine": self.search.engine,
                "query": item.query, "query_id": item.query_id, "playbook": item.playbook,
                "playbook_version": item.playbook_version,
                "playbook_sha256": item.playbook_sha256, "status": self.status,
                "message": self.message, "pages": self.pages, "results": self.results,
                "new": len(self.new), "seen": self.seen, "plan": self.plan,
                "retry_after": self.retry_after}


@dataclass(slots=True)
class WatchOutcome:
    """One watch's run, as recorded."""

    watch: Watch
    status: str
    started: str
    trigger: str
    provider: str | None
    items: list[ItemOutcome] = field(default_factory=list)
    message: str = ""
    previous_run: str | None = None
    event_seq: int | None = None
    next_due: str | None = None
    left_out: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[NewResult]:
        """Every new result of the run, in the order found."""
        return [n for item in self.items for n in item.new]

    @property
    def ok(self) -> bool:
        """True when the run did what it could (ok or manual)."""
        return self.status in ("ok", "manual")

    def counts(self) -> dict[str, int]:
        """Searches, pages fetched, results, new, seen, manual and failed searches."""
        return {"searches": len(self.items), "pages": sum(i.pages for i in self.items),
                "results": sum(i.results for i in self.items), "new": len(self.new),
                "seen": sum(i.seen for i in self.items),
                "manual": sum(1 for i in self.items if i.status == "manual"),
                "failed": sum(1 for i in self.items if i.status not in ("ok", "manual"))}

    def runs_json(self) -> list[dict[str, Any]]:
        """The entries of `runs` for this watch (one per target and engine)."""
        base = {"watch": self.watch.name, "case": self.watch.case_id, "event": self.event_seq,
                "provider": self.provider}
        if not self.items:  # the plan itself failed (a playbook gone...)
            targets = ", ".join(self.watch.targets)
            return [{**base, "target": targets, "engine": None, "status": self.status,
                     "message": self.message, "new": [], "seen": 0}]
        return [{**base, "target": i.search.target, "engine": i.search.engine,
                 "query": i.search.item.query, "query_id": i.search.item.query_id,
                 "status": i.status, "message": i.message, "pages": i.pages,
                 "results": i.results, "new": [n.to_json() for n in i.new], "seen": i.seen,
                 **({"plan": i.plan} if i.search.manual else {})} for i in self.items]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A watch that did not run: `locked` (another run holds it), `not-due`, `removed`."""

    watch: str
    reason: str
    message: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {"watch": self.watch, "reason": self.reason, "message": self.message}


@dataclass(slots=True)
class RunReport:
    """Everything one `watch run` did."""

    command_id: str
    outcomes: list[WatchOutcome] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every watch that ran did (ok or manual; skipped ones count as fine), else 1."""
        return 0 if all(o.ok for o in self.outcomes) else 1

    def to_json(self) -> dict[str, Any]:
        """The `watch run --format json` document."""
        return {"runs": [r for o in self.outcomes for r in o.runs_json()],
                "watches": [{"watch": o.watch.name, "status": o.status, "event": o.event_seq,
                             "counts": o.counts(), "next_due": o.next_due,
                             "message": o.message} for o in self.outcomes],
                "skipped": [s.to_json() for s in self.skipped],
                "command_id": self.command_id}
