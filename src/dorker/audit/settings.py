"""The `[audit]` config table: working hours, their time zone, and the burst threshold.

```toml
[audit]
timezone = "Asia/Dhaka"      # IANA name; working hours and report days are in this zone (UTC)
hours = "09:00-18:00"        # working hours, start-end (08:00-20:00)
days = ["sun", "mon", "tue", "wed", "thu"]   # working days (every day)
burst_per_minute = 20        # more commands than this within one minute is a burst (20)
```

Read by dorker.config (which checks the keys and reports a bad value with file and line) and
used by the audit report's flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dorker.errors import ConfigError, Location

__all__ = ["DAY_NAMES", "KEYS", "AuditSettings", "parse_audit_settings"]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Working-day names in `days`, Monday first (Python's weekday numbers)."""
KEYS = frozenset({"timezone", "hours", "days", "burst_per_minute"})
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """What the audit report treats as working hours and as a burst."""

    timezone: str = "UTC"
    """IANA time zone of working hours and of the report's days (`Asia/Dhaka`)."""
    start_minute: int = 8 * 60
    """Working hours start, in minutes after local midnight (from `hours`)."""
    end_minute: int = 20 * 60
    """Working hours end (exclusive); below `start_minute` when hours run past midnight."""
    days: frozenset[int] = frozenset(range(7))
    """Working days as weekday numbers (Monday 0)."""
    burst_per_minute: int = 20
    """A burst is more than this many commands by one actor within one minute."""

    @property
    def hours_text(self) -> str:
        """Working hours as written in the config (`08:00-20:00`)."""
        s, e = self.start_minute, self.end_minute
        return f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}"

    @property
    def days_text(self) -> str:
        """Working days, e.g. `every day` or `sun, mon, tue, wed, thu`."""
        if len(self.days) == 7:
            return "every day"
        order = (6, 0, 1, 2, 3, 4, 5)  # Sunday first, as in a Bangladeshi week
        return ", ".join(DAY_NAMES[d] for d in order if d in self.days)

    def working(self, weekday: int, minute: int) -> bool:
        """Whether a local time (weekday, minutes after midnight) is inside working hours."""
        if self.start_minute <= self.end_minute:
            return weekday in self.days and self.start_minute <= minute < self.end_minute
        # Hours past midnight (e.g. 20:00-04:00): the early part belongs to the day before.
        if minute >= self.start_minute:
            return weekday in self.days
        return minute < self.end_minute and (weekday - 1) % 7 in self.days

    def to_json(self) -> dict[str, Any]:
        return {"timezone": self.timezone, "hours": self.hours_text,
                "days": [DAY_NAMES[d] for d in sorted(self.days)],
                "burst_per_minute": self.burst_per_minute}


def parse_audit_settings(table: dict[str, Any], where: Callable[[str], Location]) -> AuditSettings:
    """Check the `[audit]` table (unknown keys are refused by the caller)."""
    settings: dict[str, Any] = {}
    zone = table.get("timezone")
    if zone is not None:
        if not isinstance(zone, str) or not _known_zone(zone):
            raise ConfigError(f"audit.timezone {zone!r} is not a known time zone",
                              where=where("audit.timezone"),
                              hint="an IANA name such as Asia/Dhaka, Asia/Kolkata or UTC")
        settings["timezone"] = zone
    hours = table.get("hours")
    if hours is not None:
        match = _HOURS.match(hours) if isinstance(hours, str) else None
        values = [int(g) for g in match.groups()] if match else []
        if (not match or values[0] > 24 or values[2] > 24 or values[1] > 59 or values[3] > 59
                or values[0] * 60 + values[1] == values[2] * 60 + values[3]):
            raise ConfigError(f"audit.hours {hours!r} is not a span of working hours",
                              where=where("audit.hours"), hint='e.g. hours = "09:00-18:00"')
        settings["start_minute"] = min(values[0] * 60 + values[1], 24 * 60) % (24 * 60)
        settings["end_minute"] = min(values[2] * 60 + values[3], 24 * 60)
    days = table.get("days")
    if days is not None:
        if (not isinstance(days, list) or not days
                or not all(isinstance(d, str) and d.lower()[:3] in DAY_NAMES for d in days)):
            raise ConfigError("audit.days must be a list of day names",
                              where=where("audit.days"),
                              hint='e.g. days = ["sun", "mon", "tue", "wed", "thu"]')
        settings["days"] = frozenset(DAY_NAMES.index(d.lower()[:3]) for d in days)
    burst = table.get("burst_per_minute")
    if burst is not None:
        if isinstance(burst, bool) or not isinstance(burst, int) or not 1 <= burst <= 10_000:
            raise ConfigError("audit.burst_per_minute must be a whole number from 1 to 10000",
                              where=where("audit.burst_per_minute"))
        settings["burst_per_minute"] = burst
    return AuditSettings(**settings)


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
