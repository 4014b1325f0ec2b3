"""What an auditor should look at, found while the report streams over the record.

Each flag is `{"kind", "severity", "actor", "seq", "time", "detail", "case", "seqs", "count"}`,
`detail` one sentence that explains it:

- `selector-outside-case` (high): a search or open outside any case whose text holds a phone
  number, e-mail address or handle — one flag per command;
- `outside-case` (medium): other searches outside any case, one flag per actor and day;
- `burst` (medium): more than `[audit] burst_per_minute` commands by one actor within a minute
  (the events of one command share a payload `command_id` and count once);
- `off-hours` (low): commands outside `[audit] hours`/`days` in `[audit] timezone`, one flag per
  stretch of activity; a scheduled watch run is judged by its watch's owner and case instead;
- `export` (low): case data written to a file.

The chain flags (`chain`, `anchor`, `no-anchor`) are added by dorker.audit.report. All state is
per actor and bounded (a one-minute window, the current stretch), so the record is never held.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dorker.audit.selectors import find_selectors
from dorker.audit.settings import DAY_NAMES, AuditSettings
from dorker.audit.summary import clip
from dorker.i18n import _

__all__ = ["COMMAND_IDS", "SEARCH_ACTIONS", "WINDOW", "ActorState", "Clock", "FlagTracker",
           "Mark", "Moment"]

SEARCH_ACTIONS = frozenset({"query.opened", "search.run"})
"""Actions that are a search: handed to a browser (or printed, copied) or run by a provider."""
OFF_HOURS_GAP = 2 * 3600
"""Off-hours commands closer than this (seconds) are one stretch, one flag."""
WINDOW = 60.0
"""A burst is more than `[audit] burst_per_minute` commands within this many seconds."""
_SEQS = 20
COMMAND_IDS = 4096
"""Command ids remembered per actor at most (those first seen in the last hour)."""
_SEVERITY = {"chain": 0, "anchor": 0, "evidence": 0, "selector-outside-case": 1,
             "no-anchor": 2, "burst": 2, "outside-case": 2, "off-hours": 3, "export": 3}


@dataclass(frozen=True, slots=True)
class Moment:
    """An event's minute in the audit time zone (made only for what a flag says)."""

    day: str
    """Local date, `YYYY-MM-DD`."""
    weekday: int
    minute: int
    """Local minutes after midnight."""
    clock: str
    """Local `YYYY-MM-DD HH:MM`."""


class Clock:
    """Canonical UTC times in the audit time zone, worked out once per UTC hour.

    After `load(ts[:13])`, `base` is that hour's start in seconds since the epoch and, for each
    of its 60 minutes, `working[m]` says whether it is inside working hours and `days[m]` is the
    local date. Events come in time order, so a report loads each hour of the record once.
    """

    def __init__(self, settings: AuditSettings) -> None:
        from zoneinfo import ZoneInfo

        self.settings = settings
        self.zone_name = settings.timezone
        self._zone = ZoneInfo(settings.timezone)
        self.key = ""
        self.base = 0.0
        self.working: list[bool] = [True] * 60
        self.days: list[str] = [""] * 60
        # Whether each minute of each weekday is working time (7 x 1440, made once).
        self._week = [[settings.working(day, m) for m in range(24 * 60)] for day in range(7)]

    def load(self, hour: str) -> None:
        """Fill the tables for the UTC hour `YYYY-MM-DDTHH`."""
        start = datetime.fromisoformat(hour + ":00").replace(tzinfo=UTC)
        first = start.astimezone(self._zone)
        last = (start + timedelta(minutes=59)).astimezone(self._zone)
        if last.utcoffset() == first.utcoffset():
            # One offset all hour (nearly always): the local minutes follow on from the first,
            # crossing local midnight at most once.
            m0 = first.hour * 60 + first.minute
            split = min(60, 24 * 60 - m0)
            wd0, wd1 = first.weekday(), (first.weekday() + 1) % 7
            self.working = self._week[wd0][m0:m0 + split] + self._week[wd1][:60 - split]
            day0 = first.date()
            self.days = [day0.isoformat()] * split + [
                (day0 + timedelta(days=1)).isoformat()] * (60 - split)
        else:  # the zone changes its offset inside this hour: minute by minute
            for m in range(60):
                local = (start + timedelta(minutes=m)).astimezone(self._zone)
                self.working[m] = self._week[local.weekday()][local.hour * 60 + local.minute]
                self.days[m] = local.date().isoformat()
        self.key, self.base = hour, start.timestamp()

    def moment(self, ts: str) -> Moment:
        """The local minute of `ts` in full (for the text of a flag)."""
        local = datetime.fromisoformat(ts[:16]).replace(tzinfo=UTC).astimezone(self._zone)
        return Moment(local.date().isoformat(), local.weekday(), local.hour * 60 + local.minute,
                      local.strftime("%Y-%m-%d %H:%M"))

    def epoch(self, ts: str) -> float:
        """`ts` in seconds since the epoch."""
        if ts[:13] != self.key:
            self.load(ts[:13])
        return self.base + int(ts[14:16]) * 60 + float(ts[17:26])


Mark = tuple[float, int, str]
"""A command in an actor's ring: its time (seconds since the epoch), seq and canonical time."""


class ActorState:
    """What the flags remember about one actor: the last N commands (a ring), the command ids
    seen in the last hour, an open burst and an open off-hours stretch."""

    __slots__ = ("burst", "ids", "name", "ring", "stretch")

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.ring: deque[Mark] = deque([(float("-inf"), 0, "")] * size, maxlen=size)
        """The last N commands, oldest first: appending one drops the N-th before it."""
        self.ids: dict[str, float] = {}
        self.burst: _Burst | None = None
        self.stretch: _Stretch | None = None


class _Burst:
    __slots__ = ("commands", "end", "last_over", "peak", "start", "window")

    def __init__(self, window: deque[float], seq: int, ts: str, end: str) -> None:
        self.window = window
        self.start = (seq, ts)
        self.commands = self.peak = len(window)
        self.end = end
        self.last_over = window[-1]


class _Stretch:
    __slots__ = ("count", "first", "last", "last_epoch", "seqs")

    def __init__(self, seq: int, ts: str, epoch: float) -> None:
        self.first = (seq, ts)
        self.last = ts
        self.last_epoch = epoch
        self.count = 1
        self.seqs = [seq]


def _search_words(action: str, payload: dict[str, Any], watch: str | None) -> dict[str, str]:
    """How a flag names a search: its verb, engine and, for a scheduled run, its watch."""
    return {"verb": _("search on") if action == "search.run" else _("open on"),
            "engine": clip(payload.get("engine") or payload.get("provider") or "?", 30),
            "origin": _(" (scheduled run of watch {watch}, which belongs to no case)").format(
                watch=clip(watch, 40)) if watch else ""}


class FlagTracker:
    """Collects flags from the commands and searches it is shown, in record order."""

    def __init__(self, settings: AuditSettings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.flags: list[dict[str, Any]] = []
        self._actors: dict[str, ActorState] = {}
        self._by_command: dict[tuple[str, str], dict[str, Any]] = {}
        self._by_day: dict[tuple[str, str], dict[str, Any]] = {}

    def actor(self, name: str) -> ActorState:
        """The state kept for actor `name` (made on first use)."""
        state = self._actors.get(name)
        if state is None:
            state = self._actors[name] = ActorState(name, self.settings.burst_per_minute)
        return state

    # -- bursts and hours: every command a person made --------------------------------------

    def command(self, st: ActorState, seq: int, ts: str, epoch: float, working: bool,
                command_id: str | None) -> None:
        """One event of a person's command at `epoch` (repeats of a `command_id` are the same
        command). The common case — no burst, working hours — is a handful of operations."""
        if command_id is not None:
            ids = st.ids
            if command_id in ids:
                return
            # Ids are kept in the order first seen (time order): forget the oldest once it
            # began over an hour ago, and never keep more than COMMAND_IDS.
            for oldest_id in ids:
                if epoch - ids[oldest_id] >= 3600 or len(ids) >= COMMAND_IDS:
                    del ids[oldest_id]
                break
            ids[command_id] = epoch
        # The ring holds the actor's last N commands: if the N-th before this one is within a
        # minute, this one makes N+1 in a minute, more than the threshold.
        ring = st.ring
        oldest = ring[0]
        ring.append((epoch, seq, ts))
        if epoch - oldest[0] < WINDOW or st.burst is not None:
            self.count_burst(st, ts, epoch, oldest)
        if not working:
            self.off_hours(st, seq, ts, epoch)
        elif st.stretch is not None:
            self.close_stretch(st)

    def count_burst(self, st: ActorState, ts: str, epoch: float, oldest: Mark) -> None:
        """A command at `epoch` (already in the ring) whose N-th before, `oldest`, was within a
        minute, or one made while a burst is open."""
        oldest_epoch, oldest_seq, oldest_ts = oldest
        over = epoch - oldest_epoch < WINDOW
        burst = st.burst
        if burst is None:  # N+1 commands within one minute: a burst begins at the first
            window = deque(sorted([oldest_epoch, *(mark[0] for mark in st.ring)]))
            st.burst = _Burst(window, oldest_seq, oldest_ts, ts)
            return
        window = burst.window
        window.append(epoch)
        while epoch - window[0] >= WINDOW:
            window.popleft()
        if over:
            burst.commands += 1
            burst.peak = max(burst.peak, len(window))
            burst.last_over, burst.end = epoch, ts
        elif epoch - burst.last_over >= WINDOW:
            self._close_burst(st)

    def _close_burst(self, st: ActorState) -> None:
        burst = st.burst
        assert burst is not None
        st.burst = None
        seq, ts = burst.start
        start, end = self.clock.moment(ts).clock, self.clock.moment(burst.end).clock
        end = end[11:] if end[:10] == start[:10] else end
        self._add("burst", st.name, seq, ts, None,
                  _("{count} commands from {start} to {end} ({zone}), up to {peak} within one "
                    "minute: more than the {limit} a minute set as [audit] burst_per_minute")
                  .format(count=burst.commands, start=start, end=end, zone=self.clock.zone_name,
                          peak=burst.peak, limit=self.settings.burst_per_minute),
                  count=burst.commands)

    def off_hours(self, st: ActorState, seq: int, ts: str, epoch: float) -> None:
        """A command outside working hours: it opens a stretch or carries one on."""
        stretch = st.stretch
        if stretch is not None and epoch - stretch.last_epoch <= OFF_HOURS_GAP:
            stretch.count += 1
            stretch.last, stretch.last_epoch = ts, epoch
            if len(stretch.seqs) < _SEQS:
                stretch.seqs.append(seq)
            return
        if stretch is not None:
            self.close_stretch(st)
        st.stretch = _Stretch(seq, ts, epoch)

    def close_stretch(self, st: ActorState) -> None:
        """The actor's stretch of off-hours commands is over: flag it."""
        stretch = st.stretch
        assert stretch is not None
        st.stretch = None
        seq, ts = stretch.first
        first, last = self.clock.moment(ts), self.clock.moment(stretch.last)
        s = self.settings
        when = (_("on {day}, not a working day ({days})").format(
                    day=DAY_NAMES[first.weekday], days=s.days_text)
                if first.weekday not in s.days
                else _("outside working hours {hours}").format(hours=s.hours_text))
        until = last.clock if last.day != first.day else last.clock[11:]
        if stretch.count == 1:
            text = _("1 command at {time} ({zone}), {when}").format(
                time=first.clock, zone=self.clock.zone_name, when=when)
        else:
            text = _("{count} commands from {start} to {end} ({zone}), {when}").format(
                count=stretch.count, start=first.clock, end=until, zone=self.clock.zone_name,
                when=when)
        self._add("off-hours", st.name, seq, ts, None, text, count=stretch.count,
                  seqs=stretch.seqs)

    # -- searches outside any case -----------------------------------------------------------

    def caseless(self, actor: str, seq: int, ts: str, day: str, action: str,
                 payload: dict[str, Any], command_id: str | None,
                 watch: str | None = None) -> None:
        """A search or open that belongs to no case (for a scheduled run: its watch's case)."""
        text = str(payload.get("query") or payload.get("dork") or "")
        selectors = find_selectors(text) if text else ()
        if selectors:
            key = (actor, command_id or f"#{seq}")
            flag = self._by_command.get(key)
            if flag is None:
                names = ", ".join(f"{s.kind} {s.value}" for s in selectors[:3])
                self._by_command[key] = self._add(
                    "selector-outside-case", actor, seq, ts, None,
                    _("{verb} {engine} for “{query}” outside any case{origin}; it holds "
                      "{selectors}").format(query=clip(text, 120), selectors=names,
                                            **_search_words(action, payload, watch)))
            else:
                self._more(flag, seq)
            return
        key = (actor, day)
        flag = self._by_day.get(key)
        if flag is None:  # the detail is written at the end, when the day's count is known
            self._by_day[key] = self._add(
                "outside-case", actor, seq, ts, None,
                _("outside any case on {day}, the first {verb} {engine} for “{query}”{origin}")
                .format(day=day, query=clip(text, 120), **_search_words(action, payload, watch)))
        else:
            self._more(flag, seq)

    def export(self, actor: str, seq: int, ts: str, case_id: str | None,
               payload: dict[str, Any]) -> None:
        """Case data written to a file (an `export` event)."""
        what = clip(payload.get("what") or "data", 40)
        destination = clip(payload.get("destination"), 200)
        text = (_("exported {what} of {case} to {destination}") if case_id
                else _("exported {what} spanning every case to {destination}"))
        self._add("export", actor, seq, ts, case_id,
                  text.format(what=what, case=case_id, destination=destination))

    # -- results -----------------------------------------------------------------------------

    def _add(self, kind: str, actor: str | None, seq: int | None, ts: str | None,
             case_id: str | None, detail: str, *, count: int = 1,
             seqs: list[int] | None = None) -> dict[str, Any]:
        flag = {"kind": kind, "severity": ("high", "high", "medium", "low")[_SEVERITY[kind]],
                "actor": actor, "seq": seq, "time": ts, "case": case_id, "detail": detail,
                "count": count, "seqs": seqs or ([seq] if seq is not None else [])}
        self.flags.append(flag)
        return flag

    def add(self, kind: str, detail: str, *, seq: int | None = None) -> None:
        """A flag about the record as a whole (chain, anchor)."""
        self._add(kind, None, seq, None, None, detail)

    @staticmethod
    def _more(flag: dict[str, Any], seq: int) -> None:
        flag["count"] += 1
        if len(flag["seqs"]) < _SEQS:
            flag["seqs"].append(seq)

    def finish(self) -> list[dict[str, Any]]:
        """Close what is still open; every flag, most serious first, then in record order."""
        for st in self._actors.values():
            if st.burst is not None:
                self._close_burst(st)
            if st.stretch is not None:
                self.close_stretch(st)
        for flag in self._by_day.values():
            n = flag["count"]
            flag["detail"] = (_("1 search {rest}") if n == 1 else _("{n} searches {rest}")
                              ).format(n=n, rest=flag["detail"])
        self.flags.sort(key=lambda f: (_SEVERITY[f["kind"]], f["seq"] or 0))
        return self.flags
