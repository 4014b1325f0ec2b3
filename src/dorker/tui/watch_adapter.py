"""The Watches screen's way into the core (no Textual here): list, run now, new results.

Like `dorker.tui.services.Services`, every call is blocking and made from a thread worker. It
opens the configured store for each call (SQLite: a file open; PostgreSQL: a connection), so a
long watch run never holds the connection the other screens share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dorker.config import Config
from dorker.i18n import _

__all__ = ["WatchAdapter", "WatchRow", "new_since_label"]


@dataclass(frozen=True, slots=True)
class WatchRow:
    """One line of the Watches table."""

    name: str
    owner: str
    case_id: str | None
    every: str
    next_due: str
    due: bool
    last_run: str | None
    last_status: str
    last_new: int
    new_total: int
    engines: str
    targets: str


def new_since_label(result: dict[str, Any]) -> str:
    """`new since 2026-03-01 09:00 UTC` (the start of the run before the one that found it), or
    `new 2026-03-01 09:00 UTC (first run)`."""
    since = result.get("new_since")
    if since:
        return _("new since {when}").format(when=_minute(str(since)))
    return _("new {when} (first run)").format(when=_minute(str(result.get("found_at", ""))))


def _minute(ts: str) -> str:
    return f"{ts[:16].replace('T', ' ')} UTC" if len(ts) >= 16 else ts


class WatchAdapter:
    """Watches for the terminal app."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def _store(self) -> Any:
        from dorker.store.session import open_configured_store

        return open_configured_store(self.config, create=True)

    def watches(self) -> list[WatchRow]:
        """Every live watch, soonest due first."""
        from dorker.watch.events import load_watches
        from dorker.watch.schedule import format_duration

        now = datetime.now(UTC)
        with self._store() as store:
            found = load_watches(store)
        rows = []
        for w in sorted(found, key=lambda w: (w.next_due, w.name)):
            last = w.last_run
            rows.append(WatchRow(w.name, w.owner, w.case_id, format_duration(w.every),
                                 w.next_due, w.is_due(now), last.ts if last else None,
                                 last.status if last else "", last.new if last else 0,
                                 w.new_total, ",".join(w.engines or w.planned_engines),
                                 " ".join(w.targets)))
        return rows

    def run(self, name: str, progress: Any) -> Any:
        """Run watch `name` now (recorded with `via: tui`); returns its `WatchOutcome`, or the
        `Skipped` entry when another run holds it. `progress` is a `dorker.watch.run.Progress`."""
        from dorker.watch.events import get_watch
        from dorker.watch.run import Runner

        with self._store() as store:
            watch = get_watch(store, name)
            if watch is None:
                raise LookupError(_("no watch called {name!r} (removed?)").format(name=name))
            report = Runner(store, self.config, progress=progress, via="tui").run(
                [watch], trigger="named", force=True)
        return report.outcomes[0] if report.outcomes else report.skipped[0]

    def new_results(self, name: str | None, case_id: str | None) -> list[dict[str, Any]]:
        """New results of watch `name` (or of every watch of `case_id`), newest run first."""
        from dorker.watch.events import load_watches, new_results

        with self._store() as store:
            watches = [w for w in load_watches(store)
                       if (w.name == name if name is not None else w.case_id == case_id)]
            return new_results(store, watches)

