"""Move a store's (or one case's) events into another chain, with a provenance event.

The source is verified first (refused if it fails); its events are re-appended, in order, into
the target in one transaction together with a final `store.migrated` event that records the
source's verified head (`SEQ:HASH`), how many events moved and where they landed. The source is
never written: its own chain (and any export of it) stays verifiable on its own.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

from dorker.errors import StoreError, UsageError
from dorker.private import make_private_dir
from dorker.store.base import EventFilter, EventStore, HeadMovedError
from dorker.store.events import Event, Head, NewEvent
from dorker.store.verify import verify

__all__ = ["ACTION", "Migration", "migrate"]

ACTION = "store.migrated"
_RETRIES = 5


@dataclass(frozen=True, slots=True)
class Migration:
    """What `migrate` did."""

    moved: int
    source_head: Head
    first_seq: int
    """The target sequence number of the first moved event (0 when none moved)."""
    provenance: Event

    def to_json(self) -> dict[str, Any]:
        return {"moved": self.moved, "source_head": str(self.source_head),
                "first_seq": self.first_seq, "provenance": self.provenance.to_json()}


def migrate(source: EventStore, target: EventStore, *, actor: str,
            case_id: str | None = None) -> Migration:
    """Re-append `source`'s events (only `case_id`'s with a case) into `target`."""
    if source.url == target.url:
        raise UsageError("the source and the target are the same store",
                         hint="pass another store with --to")
    report = verify(source)
    if not report.ok or report.head is None:
        if report.head is None and report.ok:
            raise UsageError(f"the source store {source.url} is empty: nothing to migrate")
        first = report.problem or report.anchor_problem or report.evidence_problems[0]
        raise StoreError(f"the source store {source.url} fails verification at event "
                         f"{first.seq}: {first.message}",
                         hint="nothing was migrated; run: dorker audit verify")
    where = EventFilter(case_id=case_id) if case_id is not None else None
    events = [e for e in source.iter_events(where) if e.seq <= report.head.seq]
    if case_id is not None and not events:
        raise UsageError(f"case {case_id} has no events in the source store {source.url}")
    cases = sorted({e.case_id for e in events if e.case_id is not None})
    clash = [c for c in cases if target.count(EventFilter(case_id=c))]
    if clash:
        raise StoreError(f"the target store already holds case(s) {', '.join(clash[:5])}",
                         hint="migrate each case once; nothing was migrated")
    _copy_evidence(source, target, events)
    items = [NewEvent(e.action, e.payload, e.actor, e.case_id) for e in events]
    for attempt in range(_RETRIES):
        head = target.head()
        start = head.seq if head else 0
        payload: dict[str, Any] = {
            "source": source.url, "source_head": str(report.head), "events": len(items),
            "case": case_id, "first_seq": start + 1 if items else 0, "last_seq": start + len(items),
        }
        if case_id is not None:
            payload["source_seqs"] = [e.seq for e in events]
        provenance = NewEvent(ACTION, payload, actor, case_id)
        try:
            written = target.append_many([*items, provenance], expect_seq=start)
        except HeadMovedError:
            if attempt == _RETRIES - 1:
                raise
            continue
        return Migration(len(items), report.head, start + 1 if items else 0, written[-1])
    raise AssertionError("unreachable")


def _copy_evidence(source: EventStore, target: EventStore, events: list[Event]) -> None:
    """Evidence copies follow their events: into the team store when it keeps evidence, and
    into the target's folder when the two stores keep them in different folders."""
    from dorker.store.evidence import ACTION as EVIDENCE
    from dorker.store.evidence import copy_path

    same_folder = source.evidence_dir.resolve() == target.evidence_dir.resolve()
    if same_folder and not target.team_evidence():
        return
    for event in events:
        if event.action != EVIDENCE:
            continue
        sha = str(event.payload.get("sha256", ""))
        src, dst = copy_path(source, sha), copy_path(target, sha)
        if target.team_evidence() and src.exists():
            target.put_blob(sha, src)  # the team gets the copy, checked by the server's hash
        if same_folder or dst.exists():
            continue
        try:
            make_private_dir(dst.parent)
            shutil.copy2(src, dst)
        except OSError as exc:
            raise StoreError(f"cannot copy the evidence copy {src} to {dst}: {exc.strerror}",
                             hint="nothing was migrated") from None
