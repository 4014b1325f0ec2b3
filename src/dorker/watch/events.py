"""The watch events of the record and the projection that turns them into watches.

- `watch.added` (actor: the owner; case: the watch's case): `name`, `targets`, `engines`
  (as given; empty: the playbooks' own), `planned_engines`, `playbook_targets`, `provider`,
  `every` (text as given), `every_seconds`, `pages`, `values`, `dork`, `command_id`.
- `watch.removed`: `name`, `watch` (the id: seq of its `watch.added`), `command_id`; when
  someone other than the owner removed it (`--force`): `forced: true`, `forced_by` (the actor)
  and `owner`.
- `watch.run` (actor: who ran it; case: the watch's case): `watch` (name), `watch_id`, `owner`,
  `scheduled: true`, `trigger` (`due` or `named`), `command_id`, `started`, `previous_run`,
  `provider`, `status`, `counts`, `items` (one per target and engine: status, pages, new and seen
  counts, and for a platform without a provider the `plan` of searches to open) and `new` (each
  result the watch had never seen: normalised `url`, `original_url`, `title`, `snippet`,
  `engine`, `target`, `leads`). The union of `new[].url` over a watch's runs is what it has seen.

Each provider page a run fetches is also a `search.run` event with the payload of
`dorker search`, tagged `scheduled: true`, `watch` and `command_id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dorker.store.base import EventFilter, EventStore
from dorker.store.events import Event, new_command_id  # re-exported: one id format
from dorker.watch.model import RunInfo, Watch

__all__ = [
    "RECENT_RUNS",
    "WATCH_ADDED",
    "WATCH_REMOVED",
    "WATCH_RUN",
    "get_watch",
    "load_watches",
    "new_command_id",
    "new_results",
    "project",
]

WATCH_ADDED = "watch.added"
WATCH_REMOVED = "watch.removed"
WATCH_RUN = "watch.run"
RECENT_RUNS = 10


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _added(event: Event) -> Watch | None:
    p = event.payload
    name = p.get("name")
    every = _int(p.get("every_seconds"))
    if not isinstance(name, str) or every <= 0:
        return None  # a malformed event: the record keeps it, the projection skips it
    return Watch(id=event.seq, name=name, owner=event.actor, case_id=event.case_id,
                 added_at=event.ts, targets=_strings(p.get("targets")),
                 engines=_strings(p.get("engines")),
                 provider=p.get("provider") if isinstance(p.get("provider"), str) else None,
                 every=every, pages=max(1, _int(p.get("pages"), 1)),
                 values=_strings(p.get("values")), dork=p.get("dork") is True,
                 planned_engines=_strings(p.get("planned_engines")),
                 playbook_targets=_strings(p.get("playbook_targets")))


def _run(event: Event) -> RunInfo:
    p = event.payload
    counts: Any = p.get("counts")
    counts = counts if isinstance(counts, dict) else {}
    retry = p.get("retry_after")
    return RunInfo(seq=event.seq, ts=event.ts,
                   started=str(p.get("started") or event.ts), actor=event.actor,
                   status=str(p.get("status", "")), trigger=str(p.get("trigger", "")),
                   new=_int(counts.get("new")), seen=_int(counts.get("seen")),
                   retry_after=retry if isinstance(retry, int) and retry > 0 else None)


def project(events: Iterable[Event]) -> list[Watch]:
    """Every watch (removed ones too, with `removed_at`) from `watch.*` events, in added order."""
    by_id: dict[int, Watch] = {}
    live: dict[str, Watch] = {}
    for event in events:
        if event.action == WATCH_ADDED:
            watch = _added(event)
            if watch is not None and watch.name.casefold() not in live:
                by_id[watch.id] = watch
                live[watch.name.casefold()] = watch
        elif event.action == WATCH_REMOVED:
            found = by_id.get(_int(event.payload.get("watch")))
            if found is not None and found.removed_at is None:
                found.removed_at = event.ts
                live.pop(found.name.casefold(), None)
        elif event.action == WATCH_RUN:
            found = by_id.get(_int(event.payload.get("watch_id")))
            if found is None:
                continue
            run = _run(event)
            found.runs += 1
            found.new_total += run.new
            found.last_run = run
            found.recent.append(run)
            del found.recent[:-RECENT_RUNS]
    return list(by_id.values())


def load_watches(store: EventStore, *, case_id: str | None = None,
                 include_removed: bool = False, history: bool = True) -> list[Watch]:
    """The store's watches (live ones unless `include_removed`; of one case if given).

    With `history` every run is read (run counts, new totals, recent runs: `watch list`, the
    report). Without it only the definitions and each live watch's last run are read, newest
    first, stopping once every watch has its last run: what deciding "due?" needs, cheap on a
    record with years of runs (a cron tick, a run's re-check after its lock).
    """
    if history:
        found = project(store.iter_events(EventFilter(action="watch.*")))
    else:
        definitions = [*store.iter_events(EventFilter(action=WATCH_ADDED)),
                       *store.iter_events(EventFilter(action=WATCH_REMOVED))]
        found = project(sorted(definitions, key=lambda e: e.seq))
        _attach_last_runs(store, [w for w in found if w.removed_at is None])
    return [w for w in found if (include_removed or w.removed_at is None)
            and (case_id is None or w.case_id == case_id)]


def _attach_last_runs(store: EventStore, watches: list[Watch]) -> None:
    pending = {w.id: w for w in watches}
    if not pending:
        return
    runs = store.iter_events(EventFilter(action=WATCH_RUN, after_seq=min(pending)), reverse=True)
    try:
        for event in runs:
            watch = pending.pop(_int(event.payload.get("watch_id")), None)
            if watch is not None:
                watch.last_run = _run(event)
                if not pending:
                    break
    finally:
        close = getattr(runs, "close", None)  # a generator: release its cursor now
        if close is not None:
            close()


def get_watch(store: EventStore, name: str, *, history: bool = False) -> Watch | None:
    """The live watch called `name` (names compare without case) with its last run (all its
    runs with `history`), or None."""
    wanted = name.casefold()
    return next((w for w in load_watches(store, history=history)
                 if w.name.casefold() == wanted), None)


def new_results(store: EventStore, watches: Iterable[Watch]) -> list[dict[str, Any]]:
    """The new results the runs of `watches` reported, newest run first (for review).

    Each: `url` (as found, to open), `normalised`, `title`, `snippet`, `engine`, `watch`,
    `found_at` (the run's time) and `new_since` (the start of the run before it, or None when
    it was the watch's first run), `leads`.
    """
    by_id = {w.id: w for w in watches}
    cases = {w.case_id for w in by_id.values()}
    where = EventFilter(action=WATCH_RUN, case_id=next(iter(cases)) if len(cases) == 1 else None)
    out: list[dict[str, Any]] = []
    for event in store.iter_events(where, reverse=True):
        watch = by_id.get(_int(event.payload.get("watch_id")))
        if watch is None:
            continue
        previous = event.payload.get("previous_run")
        for item in event.payload.get("new") or ():
            if not isinstance(item, dict):
                continue
            out.append({"url": str(item.get("original_url") or item.get("url") or ""),
                        "normalised": str(item.get("url") or ""),
                        "title": str(item.get("title") or ""),
                        "snippet": str(item.get("snippet") or ""),
                        "engine": str(item.get("engine") or ""), "watch": watch.name,
                        "found_at": event.ts,
                        "new_since": previous if isinstance(previous, str) else None,
                        "leads": [str(x) for x in item.get("leads") or ()]})
    return out
