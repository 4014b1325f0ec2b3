"""Verify the record: recompute every hash, follow every link, check against an anchor.

The scan is streamed (constant memory) and its inner loop does only what a bare "read and hash"
loop does plus two comparisons; a failure is then diagnosed by looking at the rows around it.
Without an anchor a verify cannot see a cut-off tail or a chain recomputed from scratch: any
chain that is internally consistent verifies. Only an anchor (`SEQ:HASH` recorded elsewhere)
catches those, and the report says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dorker.errors import DorkerError, UsageError
from dorker.store.base import EventStore
from dorker.store.events import GENESIS_HASH, TS_LENGTH, Head
from dorker.store.evidence import check_evidence
from dorker.store.problems import Problem

__all__ = ["Problem", "VerifyReport", "check_anchor", "deep_check", "parse_anchor", "scan_chain",
           "verify"]

_TAIL_END = TS_LENGTH + 2  # the timestamp and the closing `"}` of the canonical bytes
_ANCHOR = re.compile(r"^\s*(\d{1,18}):([0-9a-fA-F]{64})\s*$")


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The outcome of `verify`."""

    checked: int
    head: Head | None
    problem: Problem | None = None
    anchor: Head | None = None
    anchor_problem: Problem | None = None
    evidence_checked: int = 0
    evidence_problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.problem is None and self.anchor_problem is None and not self.evidence_problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "events": self.checked,
            "head": str(self.head) if self.head else None,
            "problem": self.problem.to_json() if self.problem else None,
            "anchor": str(self.anchor) if self.anchor else None,
            "anchor_problem": self.anchor_problem.to_json() if self.anchor_problem else None,
            "evidence_checked": self.evidence_checked,
            "evidence_problems": [p.to_json() for p in self.evidence_problems],
            "tail_and_rewrite_checked": self.anchor is not None,
        }


def parse_anchor(text: str) -> Head:
    """`SEQ:HASH` (as printed by `dorker audit head`) → Head, or a one-line usage error."""
    match = _ANCHOR.match(text)
    if not match:
        raise UsageError(f"bad anchor {text!r}",
                         hint="expected SEQ:HASH as printed by `dorker audit head`")
    return Head(int(match.group(1)), match.group(2).lower())


def scan_chain(store: EventStore,
               visit: Callable[[list[tuple[int, bytes, str]]], None] | None = None,
               ) -> tuple[int, Head | None, Problem | None]:
    """Check every stored event in order: (events checked, last good head, first problem).

    `visit(rows)` is called with the `(seq, body, hash)` rows that passed, a page at a time and
    in order (the audit report reads the record in the same pass that checks it).
    """
    sha256 = hashlib.sha256
    expected = 1
    prev = GENESIS_HASH.encode("ascii")
    prev_str = GENESIS_HASH
    pages = store.iter_chain_pages()
    try:
        for page in pages:
            first = expected
            for seq, body, stored in page:
                if (seq != expected or sha256(body).hexdigest() != stored
                        or not body.endswith(b',"prev":"%s","seq":%d,"ts":"' % (prev, seq),
                                             0, len(body) - _TAIL_END)):
                    if visit is not None and expected > first:
                        visit(page[:expected - first])
                    problem = _diagnose(store, seq, body, stored, expected, prev_str)
                    return (expected - 1, Head(expected - 1, prev_str) if expected > 1 else None,
                            problem)
                prev_str = stored
                prev = stored.encode("utf-8")
                expected += 1
            if visit is not None:
                visit(page)
    finally:
        close = getattr(pages, "close", None)
        if close is not None:
            close()
    return expected - 1, Head(expected - 1, prev_str) if expected > 1 else None, None


def _doc(body: bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _next_row(store: EventStore, after: int) -> tuple[int, bytes, str] | None:
    rows = store.iter_chain(after + 1)
    try:
        return next(rows, None)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def _diagnose(store: EventStore, seq: int, body: bytes, stored: str, expected: int,
              prev: str) -> Problem:
    """Say what kind of damage explains the first row that failed the scan."""
    if seq != expected:
        gone = str(expected) if seq == expected + 1 else f"{expected} to {seq - 1}"
        return Problem(expected, "deleted",
                       f"event {gone} missing: the record jumps from {expected - 1} to {seq}")
    doc = _doc(body)
    if doc is None:
        return Problem(seq, "edited", f"event {seq} is no longer readable JSON: it was edited")
    digest = hashlib.sha256(body).hexdigest()
    nxt = _next_row(store, seq)
    nxt_doc = _doc(nxt[1]) if nxt else None
    if digest != stored:
        if nxt_doc is not None and nxt_doc.get("prev") == digest:
            return Problem(seq, "edited", f"the stored hash of event {seq} was changed "
                                          "(its content still links to the next event)")
        return Problem(seq, "edited", f"the content of event {seq} was changed "
                                      "(it no longer matches its stored hash)")
    claimed = doc.get("seq")
    nxt_claimed = nxt_doc.get("seq") if nxt_doc else None
    if not isinstance(claimed, int) or isinstance(claimed, bool):
        return Problem(seq, "edited", f"event {seq} has no valid sequence number inside it")
    if claimed > seq:
        if claimed == seq + 1 and nxt_claimed == seq:
            return Problem(seq, "reordered", f"events {seq} and {seq + 1} were swapped")
        if nxt_claimed == seq:
            return Problem(seq, "inserted", f"the event at {seq} does not belong to the chain "
                                            f"(it claims to be {claimed}); the next one was {seq}")
        if nxt is None or nxt_claimed == claimed + 1:
            return Problem(seq, "deleted", f"events {seq} to {claimed - 1} were deleted and the "
                                           "later events renumbered")
        return Problem(seq, "reordered", f"the event at {seq} was originally {claimed}: "
                                         "events were moved")
    if claimed < seq:
        return Problem(claimed, "inserted",
                       f"event(s) {claimed} to {seq - 1} were inserted: the event now at {seq} "
                       f"was originally {claimed}")
    if doc.get("prev") != prev:
        if seq == 1:
            return Problem(1, "edited", "event 1 does not start from the genesis hash")
        return Problem(seq - 1, "edited",
                       f"event {seq - 1} was changed and its hash recomputed, or inserted: "
                       f"event {seq} no longer links to it")
    return Problem(seq, "edited", f"event {seq} is not in canonical form (it was re-written)")


def check_anchor(store: EventStore, anchor: Head, head: Head | None) -> Problem | None:
    """Does the event the anchor names still exist with the anchored hash?"""
    last = head.seq if head else 0
    if anchor.seq == 0:  # the anchor of an empty record: anything grown from it is fine
        return None if anchor.hash == GENESIS_HASH else Problem(
            0, "rewritten", "an anchor at 0 must carry the genesis hash (64 zeros)")
    if anchor.seq > last:
        return Problem(last + 1, "truncated",
                       f"the anchor names event {anchor.seq} but the record ends at {last}: "
                       "its tail was cut off")
    row = _next_row(store, anchor.seq - 1)
    if row is None or row[0] != anchor.seq:
        return Problem(anchor.seq, "deleted", f"the anchored event {anchor.seq} is missing")
    if row[2] != anchor.hash:
        return Problem(anchor.seq, "rewritten",
                       f"event {anchor.seq} no longer has the anchored hash: the chain up to it "
                       "was rewritten (recomputed) since the anchor was taken")
    return None


def deep_check(store: EventStore) -> Problem | None:
    """Parse every event and re-canonicalise it: what an independent auditor's script does.

    The fast scan proves the hashes and links; this also proves each stored body is exactly the
    canonical form of a well-formed event, so any other implementation agrees with dorker.
    """
    from dorker.store.events import canonical_bytes

    rows = store.iter_chain()
    try:
        for seq, body, _stored in rows:
            doc = _doc(body)
            malformed = Problem(seq, "edited", f"event {seq} is not a well-formed event")
            if doc is None or set(doc) != _KEYS:
                return malformed
            try:
                again = canonical_bytes(seq=doc["seq"], ts=doc["ts"], actor=doc["actor"],
                                        case_id=doc["case"], action=doc["action"],
                                        payload=doc["payload"], prev=doc["prev"])
            except (ValueError, TypeError, DorkerError):
                return malformed
            if again != bytes(body):
                return Problem(seq, "edited", f"event {seq} is not in canonical form")
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return None


_KEYS = {"seq", "ts", "actor", "case", "action", "payload", "prev"}


def verify(store: EventStore, anchor: Head | None = None, *, evidence: bool = True,
           deep: bool = False) -> VerifyReport:
    """Scan the chain, check the anchor (if any) and the evidence copies.

    With `deep`, every event is also parsed and re-canonicalised (slower; see deep_check).
    """
    checked, last_good, problem = scan_chain(store)
    if problem is None and deep:
        problem = deep_check(store)
        if problem is not None:
            checked, last_good = problem.seq - 1, None
    head = store.head() if problem else last_good
    anchor_problem = check_anchor(store, anchor, head) if anchor is not None else None
    ev_checked, ev_problems = 0, tuple[Problem, ...]()
    if evidence:
        ev_checked, ev_problems = check_evidence(store)
    return VerifyReport(checked, head, problem, anchor, anchor_problem, ev_checked, ev_problems)
