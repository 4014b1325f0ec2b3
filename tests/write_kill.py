"""A process killed between two commits, in a test: after `commits` writes to the SQLite store,
the next write raises `Killed` (a BaseException nothing in dorker catches) instead of committing.

What one command records as one transaction survives such a kill whole; what it records in
several commits is cut after the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

__all__ = ["Killed", "kill_after_commits"]


class Killed(BaseException):
    """The process died here (not an Exception: no handler in dorker may swallow it)."""


def kill_after_commits(monkeypatch: pytest.MonkeyPatch, commits: int = 1) -> list[int]:
    """Let `commits` writes commit, then kill; returns the live count of commits made."""
    from dorker.store.sqlite import SqliteEventStore

    real = SqliteEventStore.append_many  # `append` goes through it too
    made = [0]

    def append_many(self: SqliteEventStore, items: Iterable[Any], *,
                    expect_seq: int | None = None) -> list[Any]:
        if made[0] >= commits:
            raise Killed(f"killed after {commits} commit(s)")
        events = real(self, items, expect_seq=expect_seq)
        made[0] += 1
        return events

    monkeypatch.setattr(SqliteEventStore, "append_many", append_many)
    return made
