"""Which parts of a text are already explained by a lead (a number inside a link is not a fee)."""

from __future__ import annotations

import bisect

__all__ = ["Taken"]


class Taken:
    """A set of non-overlapping-or-overlapping half-open ranges, asked "does X overlap any?"."""

    __slots__ = ("_ends", "_longest", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        """Mark [start, end) as taken."""
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a taken range."""
        index = bisect.bisect_left(self._starts, end)
        # Only a range starting after `start - longest` can reach past `start`: the scan back
        # stops there, so a long text (thousands of leads) costs no more per lookup.
        floor = start - self._longest
        for i in range(index - 1, -1, -1):
            if self._starts[i] <= floor:
                return False
            if self._ends[i] > start:
                return True
        return False
