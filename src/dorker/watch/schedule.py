"""When a watch is due: durations (`1d`, `12h`, `30m`, `1d12h`), due times and the cron grace.

A watch is due when its interval has passed since its last run *started*, less a small grace
(a fiftieth of the interval, at most 15 minutes): a daily watch driven by an hourly cron job then
runs at the same tick every day instead of slipping one tick later each day. A run that the
provider asked to wait (`Retry-After`) is not due again before that wait is over either.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from dorker.errors import UsageError

__all__ = [
    "MAX_EVERY",
    "MIN_EVERY",
    "format_duration",
    "format_when",
    "grace",
    "next_due",
    "parse_duration",
    "parse_ts",
    "to_ts",
]

MIN_EVERY = 10 * 60
"""The shortest interval (seconds): a watch is a daily-ish sweep, never a poller."""
MAX_EVERY = 366 * 86400
_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60}
_PART = re.compile(r"(\d{1,6})([wdhm])")
_EXAMPLE = "use a number and a unit: 1d, 12h, 30m, 1w or 1d12h"


def parse_duration(text: str, *, option: str = "--every") -> int:
    """Seconds in `text` (`1d`, `12h`, `30m`, `1w`, `1d12h`); UsageError otherwise."""
    value = text.strip().lower().replace(" ", "")
    pos = 0
    total = 0
    units: list[str] = []
    while pos < len(value):
        match = _PART.match(value, pos)
        if match is None:
            break
        unit = match.group(2)
        if unit in units:
            break
        units.append(unit)
        total += int(match.group(1)) * _UNITS[unit]
        pos = match.end()
    if not value or pos != len(value):
        raise UsageError(f"{option} {text!r} is not a duration", hint=_EXAMPLE)
    if total < MIN_EVERY:
        raise UsageError(f"{option} {text!r} is shorter than {format_duration(MIN_EVERY)}",
                         hint="a watch re-runs a sweep; it is not a poller")
    if total > MAX_EVERY:
        raise UsageError(f"{option} {text!r} is longer than a year", hint=_EXAMPLE)
    return total


def format_duration(seconds: int) -> str:
    """`86400` -> `1d`, `129600` -> `1d12h`, `1800` -> `30m` (the inverse of parse_duration)."""
    parts = []
    left = seconds
    for unit in ("w", "d", "h", "m"):
        size = _UNITS[unit]
        if left >= size and (unit != "w" or left % size == 0):
            count, left = divmod(left, size)
            parts.append(f"{count}{unit}")
    if left or not parts:
        parts.append(f"{left}s")
    return "".join(parts)


def grace(every: int) -> int:
    """Seconds before the interval ends at which a watch already counts as due."""
    return min(every // 50, 15 * 60)


def parse_ts(ts: str) -> datetime:
    """A canonical UTC timestamp of the record (`2026-01-01T00:00:00.000000Z`) as a datetime."""
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def to_ts(moment: datetime) -> str:
    """The canonical UTC text of `moment`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def next_due(every: int, added: str, last_started: str | None,
             retry_after: int | None = None) -> str:
    """When a watch is next due (canonical UTC text): at once if it never ran."""
    if last_started is None:
        return added
    wait = max(every, retry_after or 0)
    return to_ts(parse_ts(last_started) + timedelta(seconds=wait - grace(every)))


def format_when(ts: str | None, now: datetime | None = None) -> str:
    """`2026-03-01 09:00` (UTC, minutes), or `now` when `ts` is not after `now`; `-` for None."""
    if ts is None:
        return "-"
    if now is not None and parse_ts(ts) <= now:
        return "now"
    return ts[:16].replace("T", " ")
