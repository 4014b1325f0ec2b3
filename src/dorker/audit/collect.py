"""The streamed counting behind `audit report`: each event counted from its envelope.

An event's canonical bytes start with its action, actor and case and end with its time; the
`_Collector` reads those (once per distinct start, cached as an `_Envelope`) and parses a
payload only for the events that need it (searches outside a case, exports, watch events). It
holds counters per envelope, actor and case, and hands each command to the flag tracker; it
never holds events.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dorker.audit.flags import _IDS, _WINDOW, SEARCH_ACTIONS, ActorState, Clock, FlagTracker
from dorker.audit.settings import AuditSettings
from dorker.store.events import Head

__all__ = ["Collector", "ReportQuery"]

_STRING = rb'"((?:[^"\\]|\\.)*)"'
_WHO = re.compile(rb'\{"action":' + _STRING + rb',"actor":' + _STRING)
_COMMAND_ID = b'"command_id":"'
_COMMAND_ID_LENGTH = len(_COMMAND_ID)
_SCHEDULED = b'"scheduled":true'
_ENVELOPES = 100_000
"""Distinct event starts remembered at most (then forgotten and learnt again)."""
_COUNTED = {"source.checked": "checks", "result.reviewed": "reviews",
            "evidence.added": "evidence", "export": "exports"}


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """Which part of the record the report covers (times as canonical UTC text)."""

    since: str | None = None
    until: str | None = None
    actor: str | None = None
    case_id: str | None = None
    anchor: Head | None = None

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "actor": self.actor,
                "case": self.case_id, "anchor": str(self.anchor) if self.anchor else None}


@dataclass(slots=True)
class _Actor:
    first: str
    last: str
    events: int = 0
    searches: int = 0
    cases: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Case:
    first: str
    last: str
    events: int = 0
    searches: int = 0
    checks: int = 0
    reviews: int = 0
    evidence: int = 0
    exports: int = 0
    actors: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Envelope:
    """What the start of an event's bytes says (action, actor, case), worked out once per
    distinct start — a store holds few actions × actors × cases, and millions of events — with
    the counts of its events, folded into the actor and case totals at the end."""

    action: str
    actor: str
    case_id: str | None
    wanted: bool
    """Whether --actor and --case let this envelope's events into the report."""
    search: bool
    may_be_scheduled: bool
    """A search or watch event: it may be a scheduled watch run (its payload says)."""
    special: bool
    """Its events may need their payload read (see `_Collector.visit`)."""
    state: ActorState
    days: dict[str, int]
    """The actor's searches per local day (shared by the actor's envelopes)."""
    count: int = 0
    first: str = ""
    last: str = ""


def _text(raw: bytes) -> str:
    text = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
    if not isinstance(text, str):
        raise ValueError
    return text


class Collector:
    """Counts and flags for the events that match the query, fed one event at a time."""

    def __init__(self, query: ReportQuery, settings: AuditSettings,
                 watches: Mapping[str, tuple[str, str | None]]) -> None:
        self.query = query
        self.since = query.since or ""
        self.until = query.until or "\uffff"
        self.bounded = query.since is not None or query.until is not None
        self.clock = Clock(settings)
        self.tracker = FlagTracker(settings, self.clock)
        self.watches = watches
        self.actors: dict[str, _Actor] = {}
        self.cases: dict[str, _Case] = {}
        self.caseless = self.unreadable = 0
        self._envelopes: dict[bytes, _Envelope] = {}
        self._who: dict[bytes, tuple[str, str]] = {}
        self._days: dict[str, dict[str, int]] = {}

    def _envelope(self, prefix: bytes) -> _Envelope:
        # `,"case":` cannot occur inside the action or actor string (a quote in a JSON string
        # is escaped), so it splits the start in two parts that repeat far more than their
        # combinations do: who did what, and which case.
        split = prefix.find(b',"case":')
        who = self._who.get(prefix[:split])
        if who is None:
            match = _WHO.fullmatch(prefix[:split])
            if match is None:
                raise ValueError("not a canonical event")
            who = self._who[prefix[:split]] = (_text(match.group(1)), _text(match.group(2)))
        raw_case = prefix[split + len(b',"case":'):]
        if raw_case == b"null":
            case_id = None
        elif raw_case[:1] == b'"' and raw_case[-1:] == b'"' and len(raw_case) > 1:
            case_id = _text(raw_case[1:-1])
        else:
            raise ValueError("not a canonical event")
        return self._remember(prefix, who[0], who[1], case_id)

    def _remember(self, prefix: bytes | None, action: str, actor: str,
                  case_id: str | None) -> _Envelope:
        q = self.query
        wanted = ((q.actor is None or actor == q.actor)
                  and (q.case_id is None or case_id == q.case_id))
        search = action in SEARCH_ACTIONS
        days = self._days.get(actor)
        if days is None:
            days = self._days[actor] = {}
        may_be_scheduled = search or action.startswith("watch.")
        special = (action == "export" or action.startswith("watch.")
                   or (search and case_id is None))
        envelope = _Envelope(action, actor, case_id, wanted, search, may_be_scheduled, special,
                             self.tracker.actor(actor), days)
        if prefix is not None:
            if len(self._envelopes) >= _ENVELOPES:
                self.fold()
            self._envelopes[prefix] = envelope
        return envelope

    def visit(self, seq: int, body: bytes) -> None:
        """Count one event (its canonical bytes), if the query wants it.

        The hot path of the report: an envelope lookup, two time comparisons, a counter, and
        the flag tracker's ring; everything else happens only for the few events that need it
        (an envelope marked `special`: searches outside a case, exports, watch events).
        """
        end = body.find(b',"payload":')
        envelope = self._envelopes.get(body[:end])
        clock = self.clock
        try:
            if envelope is None:
                envelope = self._envelope(body[:end])
            if not envelope.wanted:
                return
            ts = body[-29:-2].decode("ascii")
            if self.bounded and (ts < self.since or ts >= self.until):
                return
            if ts[:13] != clock.key:
                clock.load(ts[:13])
            minute = int(ts[14:16])
            epoch = clock.base + minute * 60 + float(ts[17:26])
        except (ValueError, UnicodeDecodeError):  # not canonical: only an edited record
            self._visit_slowly(seq, body)
            return
        if not envelope.count:
            envelope.first = ts
        envelope.count += 1
        envelope.last = ts
        if envelope.special or (envelope.search and _SCHEDULED in body):
            self._count(seq, body, None, envelope, ts, epoch, minute)
            return
        command_id = None
        at = body.find(_COMMAND_ID)
        if at >= 0:
            start = at + len(_COMMAND_ID)
            command_id = body[start:body.find(b'"', start)].decode("utf-8", "replace")
        self.tracker.command(envelope.state, seq, ts, epoch, clock.working[minute], command_id)
        if envelope.search:
            days, day = envelope.days, clock.days[minute]
            days[day] = days.get(day, 0) + 1

    def visit_rows(self, rows: Iterable[tuple[int, bytes, str]]) -> None:
        """`visit` each `(seq, canonical bytes, hash)` row, in order: the report's hot loop.

        The common event — a known envelope the query wants, not `special`, no scheduled run —
        is counted here with the flag tracker's ring inlined; any other goes through `visit`.
        """
        get = self._envelopes.get
        visit = self.visit
        clock, tracker = self.clock, self.tracker
        since, until, bounded = self.since, self.until, self.bounded
        key, base, working, local_days = clock.key, clock.base, clock.working, clock.days
        for seq, body, _stored in rows:
            envelope = get(body[:body.find(b',"payload":')])
            if envelope is None or envelope.special:
                visit(seq, body)
                key, base, working, local_days = clock.key, clock.base, clock.working, clock.days
                continue
            if not envelope.wanted:
                continue
            try:
                ts = body[-29:-2].decode("ascii")
                if bounded and (ts < since or ts >= until):
                    continue
                if ts[:13] != key:
                    clock.load(ts[:13])
                    key, base, working, local_days = (clock.key, clock.base, clock.working,
                                                      clock.days)
                minute = int(ts[14:16])
                epoch = base + minute * 60 + float(ts[17:26])
            except (ValueError, UnicodeDecodeError):  # not canonical: only an edited record
                self._visit_slowly(seq, body)
                key, base, working, local_days = clock.key, clock.base, clock.working, clock.days
                continue
            if not envelope.count:
                envelope.first = ts
            envelope.count += 1
            envelope.last = ts
            search = envelope.search
            if search and _SCHEDULED in body:
                self._count(seq, body, None, envelope, ts, epoch, minute)
                key, base, working, local_days = clock.key, clock.base, clock.working, clock.days
                continue
            st = envelope.state
            at = body.find(_COMMAND_ID)
            if at >= 0:
                start = at + _COMMAND_ID_LENGTH
                command_id = body[start:body.find(b'"', start)].decode("utf-8", "replace")
                ids = st.ids
                if command_id in ids:
                    if search:
                        days = envelope.days
                        day = local_days[minute]
                        days[day] = days.get(day, 0) + 1
                    continue
                for oldest in ids:
                    if epoch - ids[oldest] >= 3600 or len(ids) >= _IDS:
                        del ids[oldest]
                    break
                ids[command_id] = epoch
            ring, pos = st.ring, st.pos
            oldest_epoch = ring[pos]
            ring[pos] = epoch
            oldest_mark = st.marks[pos]
            st.marks[pos] = (seq, ts)
            pos += 1
            st.pos = pos if pos < len(ring) else 0
            if epoch - oldest_epoch < _WINDOW or st.burst is not None:
                tracker._count_burst(st, ts, epoch, oldest_epoch, oldest_mark)
            if not working[minute]:
                tracker._off_hours(st, seq, ts, epoch)
            elif st.stretch is not None:
                tracker._close_stretch(st)
            if search:
                days = envelope.days
                day = local_days[minute]
                days[day] = days.get(day, 0) + 1

    def _visit_slowly(self, seq: int, body: bytes) -> None:
        """An event not in canonical form (an edited record): parse it whole, if at all."""
        try:
            doc = json.loads(body)
            action, actor, case_id, ts = doc["action"], doc["actor"], doc["case"], doc["ts"]
            if not (isinstance(action, str) and isinstance(actor, str) and isinstance(ts, str)
                    and (case_id is None or isinstance(case_id, str)) and len(ts) == 27):
                raise TypeError
            envelope = self._remember(None, action, actor, case_id)
            if not envelope.wanted or ts < self.since or ts >= self.until:
                return
            clock = self.clock
            if ts[:13] != clock.key:
                clock.load(ts[:13])
            minute = int(ts[14:16])
            epoch = clock.base + minute * 60 + float(ts[17:26])
        except (ValueError, KeyError, TypeError):
            self.unreadable += 1
            return
        envelope.first = envelope.last = ts
        envelope.count = 1
        self._count(seq, body, doc, envelope, ts, epoch, minute)
        self._fold_one(envelope)

    def _payload(self, body: bytes, doc: dict[str, Any] | None) -> dict[str, Any]:
        payload = (doc if doc is not None else json.loads(body)).get("payload")
        return payload if isinstance(payload, dict) else {}

    def _count(self, seq: int, body: bytes, doc: dict[str, Any] | None, envelope: _Envelope,
               ts: str, epoch: float, minute: int) -> None:
        """The flags' part for an event that may need its payload (see `visit`)."""
        clock = self.clock
        watch: str | None = None
        judged_actor, judged_case = envelope.actor, envelope.case_id
        if envelope.may_be_scheduled and _SCHEDULED in body:
            payload = self._payload(body, doc)  # a scheduled watch run: judged by its watch
            if payload.get("scheduled") is True and isinstance(payload.get("watch"), str):
                watch = payload["watch"]
                judged_actor, judged_case = self.watches.get(watch, (judged_actor, judged_case))
        command_id = None
        at = body.find(_COMMAND_ID)
        if at >= 0:
            start = at + len(_COMMAND_ID)
            command_id = body[start:body.find(b'"', start)].decode("utf-8", "replace")
        if watch is None:
            self.tracker.command(envelope.state, seq, ts, epoch, clock.working[minute],
                                 command_id)
        if envelope.search:
            days, day = envelope.days, clock.days[minute]
            days[day] = days.get(day, 0) + 1
            if judged_case is None:
                self.caseless += 1
                self.tracker.caseless(judged_actor, seq, ts, day, envelope.action,
                                      self._payload(body, doc), command_id, watch)
        elif envelope.action == "export":
            self.tracker.export(envelope.actor, seq, ts, envelope.case_id,
                                self._payload(body, doc))

    def days(self) -> dict[str, dict[str, int]]:
        """Searches per actor per local day."""
        return {actor: days for actor, days in self._days.items() if days}

    def fold(self) -> None:
        """Add every envelope's counts to its actor's and case's totals, and forget them."""
        for envelope in self._envelopes.values():
            self._fold_one(envelope)
        self._envelopes.clear()

    def _fold_one(self, e: _Envelope) -> None:
        if not e.count:
            return
        stats = self.actors.get(e.actor)
        if stats is None:
            stats = self.actors[e.actor] = _Actor(e.first, e.last)
        stats.first, stats.last = min(stats.first, e.first), max(stats.last, e.last)
        stats.events += e.count
        if e.search:
            stats.searches += e.count
        if e.case_id is not None:
            stats.cases.add(e.case_id)
            case = self.cases.get(e.case_id)
            if case is None:
                case = self.cases[e.case_id] = _Case(e.first, e.last)
            case.first, case.last = min(case.first, e.first), max(case.last, e.last)
            case.events += e.count
            case.actors.add(e.actor)
            counter = "searches" if e.search else _COUNTED.get(e.action)
            if counter is not None:
                setattr(case, counter, getattr(case, counter) + e.count)
        e.count = 0
