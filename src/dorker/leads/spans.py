"""Which parts of a text are already explained by a lead (a number inside a link is not a fee)."""

from __future__ import annotations

import bisect

__all__ = ["Taken"]


class Taken:
    """A set of non-overlapping-or-overlapping half-open ranges, asked "does X overlap any?"."""

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        """Mark [start, end) as taken."""
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a taken range."""
        index = bisect.bisect_left(self._starts, end)
        # Ranges are few per text (tens): a scan of those starting before `end` is enough.
        return any(self._ends[i] > start for i in range(index - 1, -1, -1)
                   if self._starts[i] < end)
