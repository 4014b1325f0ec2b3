"""Running watches: fresh fetches, only never-seen results, everything recorded.

For each watch: take its lock (another run holding it: skipped, said so), read its state again
from the record (a run that just finished makes it no longer due), plan its searches, fetch each
provider page *fresh* (`refresh=True`: the response cache is written, never read, so a plain
`dorker search` inside the TTL still gets the cached answer), record every page as `search.run`
tagged with the watch, compare each result's normalised URL with what the watch has seen, and
record the run as one `watch.run` event (see `dorker.watch.events`).

Politeness: the provider's rate limit and backoff apply to every request (one `Searcher` for the
whole command). A blocked, CAPTCHA, rate-limited, quota or forbidden answer ends the watch's
fetching and leaves that provider alone for the rest of the command (later searches are
`deferred`); the run is recorded and the watch is due again at its next interval (or later, when
the provider asked to wait longer), never retried at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from dorker.errors import DorkerError
from dorker.i18n import _
from dorker.store.base import EventStore
from dorker.watch.events import WATCH_RUN, get_watch, new_command_id
from dorker.watch.lock import try_lock
from dorker.watch.model import Watch
from dorker.watch.outcome import (
    BLOCK_STATUSES,
    ItemOutcome,
    NewResult,
    RunReport,
    Skipped,
    WatchOutcome,
)
from dorker.watch.schedule import next_due, to_ts
from dorker.watch.searches import PlannedSearch, plan_searches
from dorker.watch.seen import SeenIndex, SeenSet

__all__ = ["NullProgress", "Progress", "Runner", "leads_extractor"]


class Progress(Protocol):
    """What a display is told while watches run (the CLI's rich bars, the app's progress)."""

    def watch_started(self, name: str, steps: int) -> None:
        """A watch begins: `steps` pages and manual searches at most."""

    def step(self, name: str, new: int) -> None:
        """One page fetched (or manual search listed); `new` results so far in this watch."""

    def watch_finished(self, outcome: WatchOutcome) -> None:
        """A watch's run is recorded."""

    def watch_skipped(self, skipped: Skipped) -> None:
        """A watch did not run (locked by another run, not due, removed)."""


class NullProgress:
    """No display (piped output, `--format json`)."""

    def watch_started(self, name: str, steps: int) -> None:
        return None

    def step(self, name: str, new: int) -> None:
        return None

    def watch_finished(self, outcome: WatchOutcome) -> None:
        return None

    def watch_skipped(self, skipped: Skipped) -> None:
        return None


def leads_extractor() -> Callable[[str], list[Any]] | None:
    """`dorker.leads.extract.extract_leads` when the leads part is installed, else None."""
    import importlib

    try:
        module: Any = importlib.import_module("dorker.leads.extract")
    except ImportError:
        return None
    extract: Callable[[str], list[Any]] | None = getattr(module, "extract_leads", None)
    return extract


class Runner:
    """Runs watches against one store with one config (one provider session for all)."""

    def __init__(self, store: EventStore, config: Any, *, searcher: Any = None,
                 progress: Progress | None = None, now: Callable[[], datetime] | None = None,
                 cache_dir: Path | None = None, lock_url: str | None = None,
                 command_id: str | None = None, via: str | None = None) -> None:
        self.store = store
        self.config = config
        self.progress: Progress = progress or NullProgress()
        self._now = now or (lambda: datetime.now(UTC))
        self._searcher = searcher
        self._own_searcher = searcher is None
        self._cache_dir = cache_dir or (config.locations.cache_dir if config.locations else None)
        self._lock_url = lock_url or config.store
        self._stopped: dict[str, str] = {}
        """Providers that refused us in this command, with the status they gave."""
        self._leads = leads_extractor()
        self.report = RunReport(command_id or new_command_id())
        self._index: SeenIndex | None = None
        self._tags: dict[str, Any] = {"via": via} if via else {}
        """Extra payload keys of every event (`via: tui` from the terminal app)."""

    # -- the command ------------------------------------------------------------------------

    def run(self, watches: list[Watch], *, trigger: str, force: bool) -> RunReport:
        """Run `watches` (each only if due, unless `force`); the report says what happened."""
        try:
            for watch in watches:
                self._one(watch, trigger=trigger, force=force)
        finally:
            self.close()
        return self.report

    def close(self) -> None:
        """Release the provider session and the seen index."""
        if self._searcher is not None and self._own_searcher:
            self._searcher.close()
            self._searcher = None
        if self._index is not None:
            self._index.close()
            self._index = None

    def _skip(self, name: str, reason: str, message: str) -> None:
        skipped = Skipped(name, reason, message)
        self.report.skipped.append(skipped)
        self.progress.watch_skipped(skipped)

    def _one(self, watch: Watch, *, trigger: str, force: bool) -> None:
        lock = try_lock(self._lock_url, watch.name)
        if lock is None:
            self._skip(watch.name, "locked", _("{name}: another run of this watch is in "
                                               "progress; left to it").format(name=watch.name))
            return
        with lock:
            current = get_watch(self.store, watch.name)  # its state after the lock, not before
            if current is None or current.id != watch.id:
                self._skip(watch.name, "removed",
                           _("{name}: removed meanwhile").format(name=watch.name))
                return
            if not force and not current.is_due(self._now()):
                self._skip(watch.name, "not-due", _("{name}: not due until {when} UTC").format(
                    name=watch.name, when=current.next_due[:16].replace("T", " ")))
                return
            outcome = self._run_watch(current, trigger)
        self.report.outcomes.append(outcome)
        self.progress.watch_finished(outcome)

    # -- one watch --------------------------------------------------------------------------

    def _seen_index(self) -> SeenIndex:
        if self._index is None:
            from dorker.paths import locations

            self._index = SeenIndex.for_store(self.store, self._cache_dir or locations().cache_dir)
        self._index.sync(self.store)  # teammates' runs (and our own earlier ones) count
        return self._index

    def _run_watch(self, watch: Watch, trigger: str) -> WatchOutcome:
        started = to_ts(self._now())
        outcome = WatchOutcome(watch, "ok", started, trigger, watch.provider,
                               previous_run=watch.last_run.started if watch.last_run else None)
        try:
            plan = plan_searches(watch.targets, watch.engines, values=watch.values,
                                 dork=watch.dork, provider=watch.provider, config=self.config,
                                 playbook_targets=watch.playbook_targets)
        except DorkerError as exc:
            outcome.status = "failed"
            outcome.message = _("cannot plan the searches: {reason}").format(reason=exc)
            self.progress.watch_started(watch.name, 0)
            return self._record(outcome)
        outcome.provider, outcome.left_out = plan.provider, plan.left_out
        steps = sum(1 if s.manual else watch.pages for s in plan.searches)
        self.progress.watch_started(watch.name, steps)
        index = self._seen_index()
        seen = index.view(watch.id)
        for search in plan.searches:
            if search.manual:
                due = search.plan()
                outcome.items.append(ItemOutcome(
                    search, "manual", _("{n} search(es) due: open them (no provider fetches "
                                        "{engine})").format(n=len(due), engine=search.engine),
                    plan=due))
                self.progress.step(watch.name, len(outcome.new))
            else:
                outcome.items.append(self._fetch(watch, search, seen, outcome))
        failed = [i.status for i in outcome.items if i.status not in ("ok", "manual")]
        if failed:
            outcome.status = "blocked" if set(failed) <= BLOCK_STATUSES else "failed"
        elif all(i.status == "manual" for i in outcome.items):
            outcome.status = "manual"
        recorded = self._record(outcome)
        index.add(watch.id, (n.url for n in recorded.new))
        return recorded

    def _fetch(self, watch: Watch, search: PlannedSearch, seen: SeenSet,
               outcome: WatchOutcome) -> ItemOutcome:
        from dorker.cli.search import SEARCH_RUN, search_record

        provider = outcome.provider or ""
        item = ItemOutcome(search, "ok")
        stopped = self._stopped.get(provider)
        if stopped is not None:
            item.status = "deferred"
            item.message = _("not sent: {provider} answered {status} earlier in this run; "
                             "tried again at the next due time").format(provider=provider,
                                                                        status=stopped)
            self.progress.step(watch.name, len(outcome.new))
            return item
        engine = search.engine if provider == "searxng" else None
        messages = []
        for page in range(1, watch.pages + 1):
            result = self._searcher_for().search(provider, search.item.query or "", engine, page,
                                                  refresh=True)
            payload = {**search_record(search.item, provider, page, result), "scheduled": True,
                       "watch": watch.name, "watch_id": watch.id,
                       "command_id": self.report.command_id, **self._tags}
            self.store.append(SEARCH_RUN, payload, actor=self.config.actor,
                              case_id=watch.case_id)
            item.pages += 1 if result.request.attempts else 0
            messages.append(result.message)
            if not result.ok:
                item.status, item.retry_after = result.status, result.retry_after
                if result.status in BLOCK_STATUSES:
                    self._stopped[provider] = result.status
                self.progress.step(watch.name, len(outcome.new) + len(item.new))
                break
            for found in result.results:
                item.results += 1
                key, was_seen = seen.check(found.url)
                if was_seen:
                    item.seen += 1
                    continue
                seen.add(key)
                item.new.append(NewResult(key, found.url, found.title, found.snippet,
                                          search.engine, search.target,
                                          self._lead_ids(found.title, found.snippet, found.url)))
            self.progress.step(watch.name, len(outcome.new) + len(item.new))
            if not result.results:
                break
        item.message = messages[-1] if messages else ""
        return item

    def _searcher_for(self) -> Any:
        if self._searcher is None:
            from dorker.providers import Searcher

            self._searcher = Searcher(self.config)
        return self._searcher

    def _lead_ids(self, *texts: str) -> tuple[str, ...]:
        if self._leads is None:
            return ()
        try:
            found = self._leads("\n".join(t for t in texts if t))
        except Exception:  # the leads part is best effort here; `dorker leads scan` redoes it
            return ()
        return tuple(dict.fromkeys(str(lead.id) for lead in found))

    def _record(self, outcome: WatchOutcome) -> WatchOutcome:
        watch = outcome.watch
        retry = max((i.retry_after or 0 for i in outcome.items), default=0) or None
        payload = {
            "watch": watch.name, "watch_id": watch.id, "owner": watch.owner,
            "scheduled": True, "trigger": outcome.trigger,
            "command_id": self.report.command_id, "started": outcome.started,
            "previous_run": outcome.previous_run, "provider": outcome.provider,
            "status": outcome.status, "message": outcome.message, "retry_after": retry,
            "counts": outcome.counts(), "left_out": outcome.left_out,
            "items": [i.to_record() for i in outcome.items],
            "new": [n.to_json() for n in outcome.new], **self._tags,
        }
        event = self.store.append(WATCH_RUN, payload, actor=self.config.actor,
                                  case_id=watch.case_id)
        outcome.event_seq = event.seq
        outcome.next_due = next_due(watch.every, watch.added_at, outcome.started, retry)
        return outcome
