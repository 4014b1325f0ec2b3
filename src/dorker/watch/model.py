"""What a watch is, as the record tells it: its definition and a summary of its runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dorker.watch.schedule import format_duration, next_due, parse_ts

__all__ = ["RunInfo", "Watch"]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One recorded run of a watch (a `watch.run` event), without its results."""

    seq: int
    ts: str
    started: str
    actor: str
    status: str
    trigger: str
    new: int
    seen: int
    retry_after: int | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {"seq": self.seq, "ts": self.ts, "started": self.started, "actor": self.actor,
                "status": self.status, "trigger": self.trigger, "new": self.new,
                "seen": self.seen, "retry_after": self.retry_after}


@dataclass(slots=True)
class Watch:
    """A saved sweep: targets and engines re-run every `every` seconds for one case.

    `id` is the sequence number of its `watch.added` event: a name can be reused after a
    removal, but the runs (and what they saw) belong to one watch only.
    """

    id: int
    name: str
    owner: str
    case_id: str | None
    added_at: str
    targets: tuple[str, ...]
    engines: tuple[str, ...]
    provider: str | None
    every: int
    pages: int = 1
    values: tuple[str, ...] = ()
    dork: bool = False
    planned_engines: tuple[str, ...] = ()
    playbook_targets: tuple[str, ...] = ()
    """Targets that named a playbook when it was added (never re-read as dorks)."""
    """The engines its searches used when it was added (`engines` empty: the playbooks' own)."""
    runs: int = 0
    new_total: int = 0
    last_run: RunInfo | None = None
    removed_at: str | None = None
    recent: list[RunInfo] = field(default_factory=list)
    """The last few runs, newest last (for reports and the app)."""

    @property
    def next_due(self) -> str:
        """When the watch is next due (canonical UTC text)."""
        last = self.last_run
        return next_due(self.every, self.added_at, last.started if last else None,
                        last.retry_after if last else None)

    def is_due(self, now: datetime) -> bool:
        """Whether the watch is due at `now` (an aware UTC datetime)."""
        return parse_ts(self.next_due) <= now

    def to_json(self, now: datetime | None = None) -> dict[str, Any]:
        """The `watch list --format json` shape of one watch."""
        doc: dict[str, Any] = {
            "name": self.name, "id": self.id, "owner": self.owner, "case": self.case_id,
            "targets": list(self.targets), "engines": list(self.engines),
            "planned_engines": list(self.planned_engines),
            "provider": self.provider, "every": format_duration(self.every),
            "every_seconds": self.every, "pages": self.pages, "added_at": self.added_at,
            "next_due": self.next_due, "runs": self.runs, "new_total": self.new_total,
            "last_run": self.last_run.to_json() if self.last_run else None,
        }
        if now is not None:
            doc["due"] = self.is_due(now)
        return doc
