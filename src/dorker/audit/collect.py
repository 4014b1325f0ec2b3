"""The streamed counting behind `audit report`: each event counted from its envelope.

An event's canonical bytes start with its action and actor, then its case, and end with its
time. The `Collector` keys two small tables on those raw bytes — who did what (`Who`, one per
action and actor: a few hundred in a large record) and which case (`Tally`, one per case) —
and counts each event in its case's list of counts per who. Everything the hot loop touches
stays small enough for the CPU's cache however many action × actor × case combinations the
record holds (a table of those, tried first, lost more to cache misses than it saved). It
reads the time a minute at a time (`ts[:16]`), parsing only the seconds of each event, and
parses a payload only for the events that need it (searches outside a case, exports, watch
events, scheduled runs). It holds counters, never events. The byte patterns are in
dorker.audit.event_bytes, the tables in dorker.audit.tallies.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dorker.audit.event_bytes import (
    CASE_AT,
    COMMAND_ID,
    COMMAND_ID_LENGTH,
    PAYLOAD_AT,
    SCHEDULED,
    WHO_PATTERN,
    command_id_of,
    envelope_text,
    payload_of,
)
from dorker.audit.flags import COMMAND_IDS, WINDOW, Clock, FlagTracker
from dorker.audit.settings import AuditSettings
from dorker.audit.tallies import COUNTED, ActorTotals, CaseTotals, Tally, Who
from dorker.store.events import Head

__all__ = ["Collector", "ReportQuery"]

_COUNTS = 4_000_000
"""Counts held (whos × cases) at most before they are added up (`fold`) and started again."""


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


class Collector:
    """Counts and flags for the events that match the query, fed one page of rows at a time."""

    def __init__(self, query: ReportQuery, settings: AuditSettings,
                 watches: Mapping[str, tuple[str, str | None]]) -> None:
        self.query = query
        self.since = query.since or ""
        self.until = query.until or "\uffff"
        self.bounded = query.since is not None or query.until is not None
        self.clock = Clock(settings)
        self.tracker = FlagTracker(settings, self.clock)
        self.watches = watches
        self.actors: dict[str, ActorTotals] = {}
        self.cases: dict[str, CaseTotals] = {}
        self.caseless = self.unreadable = 0
        self._whos: dict[bytes, Who] = {}
        """Who did what, by the bytes up to `,"case":` (the same `Who` as `_who_named`)."""
        self._tallies: dict[bytes, Tally] = {}
        """Which case, by the bytes between `,"case":` and `,"payload":`."""
        self._who_named: dict[tuple[str, str], Who] = {}
        self._tally_named: dict[str | None, Tally] = {}
        self._who_list: list[Who] = []
        self._days: dict[str, defaultdict[str, int]] = {}

    # -- the tables ---------------------------------------------------------------------------

    def _who(self, action: str, actor: str) -> Who:
        who = self._who_named.get((action, actor))
        if who is None:
            if (len(self._who_list) + 1) * len(self._tally_named) > _COUNTS:
                self.fold()
            days = self._days.get(actor)
            if days is None:
                days = self._days[actor] = defaultdict(int)
            wanted = self.query.actor is None or actor == self.query.actor
            who = self._who_named[action, actor] = Who(
                len(self._who_list), action, actor, wanted, self.tracker.actor(actor), days)
            self._who_list.append(who)
            for tally in self._tally_named.values():
                tally.counts.append(0)
        return who

    def _tally(self, case_id: str | None) -> Tally:
        tally = self._tally_named.get(case_id)
        if tally is None:
            if len(self._who_list) * (len(self._tally_named) + 1) > _COUNTS:
                self.fold()
            wanted = self.query.case_id is None or case_id == self.query.case_id
            tally = self._tally_named[case_id] = Tally(case_id, wanted, len(self._who_list))
        return tally

    def _learn(self, head: bytes, raw: bytes) -> tuple[Who, Tally]:
        """The `Who` and `Tally` of an event's start (`head`, up to `,"case":`) and case
        (`raw`, up to `,"payload":`) not seen before (ValueError: not canonical)."""
        who = self._whos.get(head)
        if who is None:
            match = WHO_PATTERN.fullmatch(head)
            if match is None:
                raise ValueError("not a canonical event")
            who = self._whos[head] = self._who(envelope_text(match.group(1)),
                                               envelope_text(match.group(2)))
        tally = self._tallies.get(raw)
        if tally is None:
            if raw == b"null":
                case_id = None
            elif raw[:1] == b'"' and raw[-1:] == b'"' and len(raw) > 1:
                case_id = envelope_text(raw[1:-1])
            else:
                raise ValueError("not a canonical event")
            tally = self._tallies[raw] = self._tally(case_id)
        return who, tally

    # -- counting -----------------------------------------------------------------------------

    def visit_rows(self, rows: Iterable[tuple[int, bytes, str]]) -> None:
        """Count each `(seq, canonical bytes, hash)` row the query wants, in record order.

        The hot path of the report: two look-ups in small tables, the minute's time tables,
        a counter, and the flag tracker's ring inlined; an event whose payload matters, or
        one not in canonical form, goes through `visit`.
        """
        whos, tallies = self._whos.get, self._tallies.get
        clock, tracker, visit = self.clock, self.tracker, self.visit
        since, until, bounded = self.since, self.until, self.bounded
        filtered = self.query.actor is not None or self.query.case_id is not None
        minute_key, minute_base, working, day = "", 0.0, True, ""
        for seq, body, _stored in rows:
            # `,"case":` cannot occur inside the action or actor string (a quote in a JSON
            # string is escaped), so the first one ends who did what; the case ends at the
            # first `,"payload":` after it.
            head, _sep, rest = body.partition(CASE_AT)
            raw = rest[:rest.find(PAYLOAD_AT)]
            who, tally = whos(head), tallies(raw)
            if who is None or tally is None:
                try:
                    who, tally = self._learn(head, raw)
                except ValueError:  # not canonical: only an edited record
                    self._visit_slowly(seq, body)
                    minute_key = ""  # the clock may have moved
                    continue
            if who.special or (tally.case_id is None and who.search):
                visit(seq, body)
                minute_key = ""
                continue
            if filtered and not (who.wanted and tally.wanted):
                continue
            try:
                ts = body[-29:-2].decode("ascii")
                if bounded and (ts < since or ts >= until):
                    continue
                if ts[:16] != minute_key:
                    if ts[:13] != clock.key:
                        clock.load(ts[:13])
                    minute = int(ts[14:16])
                    working, day = clock.working[minute], clock.days[minute]
                    minute_base, minute_key = clock.base + minute * 60, ts[:16]
                epoch = minute_base + float(ts[17:26])
            except (ValueError, UnicodeDecodeError, IndexError):  # only an edited record
                self._visit_slowly(seq, body)
                minute_key = ""
                continue
            if not who.first:
                who.first = ts
            who.last = ts
            if not tally.first:
                tally.first = ts
            tally.last = ts
            tally.counts[who.index] += 1
            search = who.search
            # (`find`, not `in`: `x in bytes` tries x as an integer first, an exception each time)
            if search and body.find(SCHEDULED) >= 0:  # perhaps a scheduled watch run
                self._flag(seq, body, None, who, tally, ts, epoch, int(ts[14:16]))
                minute_key = ""
                continue
            st = who.state
            found = body.find(COMMAND_ID)
            if found >= 0:  # one event of a command: the command counts once (see flags)
                start = found + COMMAND_ID_LENGTH
                command_id = body[start:body.find(b'"', start)].decode("utf-8", "replace")
                ids = st.ids
                if command_id in ids:
                    if search:
                        who.days[day] += 1
                    continue
                for oldest_id in ids:
                    if epoch - ids[oldest_id] >= 3600 or len(ids) >= COMMAND_IDS:
                        del ids[oldest_id]
                    break
                ids[command_id] = epoch
            # FlagTracker.command, inlined: the ring of the actor's last N commands.
            ring = st.ring
            oldest = ring[0]
            ring.append((epoch, seq, ts))
            if epoch - oldest[0] < WINDOW or st.burst is not None:
                tracker.count_burst(st, ts, epoch, oldest)
            if not working:
                tracker.off_hours(st, seq, ts, epoch)
            elif st.stretch is not None:
                tracker.close_stretch(st)
            if search:
                who.days[day] += 1

    def visit(self, seq: int, body: bytes) -> None:
        """Count one event (its canonical bytes), if the query wants it."""
        head, _sep, rest = body.partition(CASE_AT)
        try:
            who, tally = self._learn(head, rest[:rest.find(PAYLOAD_AT)])
            if not (who.wanted and tally.wanted):
                return
            ts = body[-29:-2].decode("ascii")
            if self.bounded and (ts < self.since or ts >= self.until):
                return
            epoch, minute = self._time(ts)
        except (ValueError, UnicodeDecodeError, IndexError):  # not canonical: an edited record
            self._visit_slowly(seq, body)
            return
        self._add(who, tally, ts)
        self._flag(seq, body, None, who, tally, ts, epoch, minute)

    def _time(self, ts: str) -> tuple[float, int]:
        """`ts` in seconds since the epoch, and its UTC minute (the clock loaded for it)."""
        clock = self.clock
        if ts[:13] != clock.key:
            clock.load(ts[:13])
        minute = int(ts[14:16])
        clock.working[minute]  # IndexError: no such minute
        return clock.base + minute * 60 + float(ts[17:26]), minute

    def _visit_slowly(self, seq: int, body: bytes) -> None:
        """An event not in canonical form (an edited record): parse it whole, if at all."""
        try:
            doc = json.loads(body)
            action, actor, case_id, ts = doc["action"], doc["actor"], doc["case"], doc["ts"]
            if not (isinstance(action, str) and isinstance(actor, str) and isinstance(ts, str)
                    and (case_id is None or isinstance(case_id, str)) and len(ts) == 27):
                raise TypeError
            who, tally = self._who(action, actor), self._tally(case_id)
            if not (who.wanted and tally.wanted) or ts < self.since or ts >= self.until:
                return
            epoch, minute = self._time(ts)
        except (ValueError, KeyError, TypeError, IndexError):
            self.unreadable += 1
            return
        self._add(who, tally, ts)
        self._flag(seq, body, doc, who, tally, ts, epoch, minute)

    @staticmethod
    def _add(who: Who, tally: Tally, ts: str) -> None:
        if not who.first:
            who.first = ts
        who.last = ts
        if not tally.first:
            tally.first = ts
        tally.last = ts
        tally.counts[who.index] += 1

    def _flag(self, seq: int, body: bytes, doc: dict[str, Any] | None, who: Who,
              tally: Tally, ts: str, epoch: float, minute: int) -> None:
        """The flags' part for any event (`visit_rows` inlines the common case)."""
        clock = self.clock
        payload: dict[str, Any] | None = None
        watch: str | None = None
        judged_actor, judged_case = who.actor, tally.case_id
        if who.may_be_scheduled and body.find(SCHEDULED) >= 0:
            payload = payload_of(body, doc)  # a scheduled watch run: judged by its watch
            if payload.get("scheduled") is True and isinstance(payload.get("watch"), str):
                watch = payload["watch"]
                judged_actor, judged_case = self.watches.get(watch, (judged_actor, judged_case))
        command_id = command_id_of(body)
        if watch is None:
            self.tracker.command(who.state, seq, ts, epoch, clock.working[minute], command_id)
        if who.search:
            day = clock.days[minute]
            who.days[day] += 1
            if judged_case is None:
                self.caseless += 1
                self.tracker.caseless(judged_actor, seq, ts, day, who.action,
                                      payload if payload is not None else payload_of(body, doc),
                                      command_id, watch)
        elif who.action == "export":
            self.tracker.export(who.actor, seq, ts, tally.case_id,
                                payload if payload is not None else payload_of(body, doc))

    # -- results ------------------------------------------------------------------------------

    def days(self) -> dict[str, dict[str, int]]:
        """Searches per actor per local day."""
        return {actor: dict(days) for actor, days in self._days.items() if days}

    def fold(self) -> None:
        """Add the counts to the totals per actor (`actors`) and per case (`cases`), and
        start counting again from zero."""
        whos = self._who_list
        for tally in self._tally_named.values():
            case_id = tally.case_id
            for who, count in zip(whos, tally.counts, strict=True):
                if not count:
                    continue
                stats = self.actors.get(who.actor)
                if stats is None:
                    stats = self.actors[who.actor] = ActorTotals(who.first, who.last)
                stats.events += count
                if who.search:
                    stats.searches += count
                if case_id is None:
                    continue
                stats.cases.add(case_id)
                case = self.cases.get(case_id)
                if case is None:
                    case = self.cases[case_id] = CaseTotals(tally.first, tally.last)
                case.events += count
                case.actors.add(who.actor)
                counter = "searches" if who.search else COUNTED.get(who.action)
                if counter is not None:
                    setattr(case, counter, getattr(case, counter) + count)
            if case_id is not None and tally.first:
                case = self.cases[case_id]
                case.first, case.last = min(case.first, tally.first), max(case.last, tally.last)
            tally.counts = [0] * len(whos)
            tally.first = tally.last = ""
        for who in whos:
            stats = self.actors.get(who.actor)
            if stats is not None and who.first:
                stats.first, stats.last = min(stats.first, who.first), max(stats.last, who.last)
            who.first = who.last = ""
