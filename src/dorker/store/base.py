"""The store interface every backend implements (SQLite now, PostgreSQL later)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

from dorker.errors import StoreError
from dorker.store.events import Event, Head, NewEvent

__all__ = ["CHAIN_PAGE", "EventFilter", "EventStore", "HeadMovedError"]

CHAIN_PAGE = 256
"""Rows per page of `EventStore.iter_chain_pages`: few enough that a page's bodies are still
in the CPU's cache when the audit report counts them, right after the chain check."""


class HeadMovedError(StoreError):
    """`append(expect_seq=N)` found another head: someone appended in between (retry)."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read. `since` is inclusive, `until` exclusive (canonical UTC text).

    `action` matches exactly, or by prefix when it ends with `*` (`case.*`).
    """

    case_id: str | None = None
    actor: str | None = None
    action: str | None = None
    since: str | None = None
    until: str | None = None
    after_seq: int = 0


class EventStore(ABC):
    """An append-only, hash-chained event log: one chain per store.

    There is no update or delete: the record only grows. Every append is committed (durably)
    before it returns. Several processes may append at once; the chain stays one line.
    """

    url: str
    """Where the store lives (for messages)."""
    evidence_dir: Path
    """The content-addressed folder that keeps evidence copies for this store."""

    @abstractmethod
    def append(self, action: str, payload: Mapping[str, Any], *, actor: str,
               case_id: str | None = None, expect_seq: int | None = None) -> Event:
        """Append one event in its own transaction; with `expect_seq`, only if the head is there."""

    @abstractmethod
    def append_many(self, items: Iterable[NewEvent], *,
                    expect_seq: int | None = None) -> list[Event]:
        """Append several events in one transaction (all or none)."""

    @abstractmethod
    def iter_events(self, where: EventFilter | None = None, *, reverse: bool = False,
                    limit: int | None = None) -> Iterator[Event]:
        """Events matching `where`, in sequence order (newest first with `reverse`), streamed.

        Finish (or close) the iteration before appending through the same store object.
        """

    @abstractmethod
    def count(self, where: EventFilter | None = None) -> int:
        """How many events match `where`."""

    @abstractmethod
    def head(self) -> Head | None:
        """The last event's `SEQ:HASH`, or None for an empty store."""

    @abstractmethod
    def get(self, seq: int) -> Event | None:
        """The event with this sequence number, if present."""

    @abstractmethod
    def iter_chain(self, start_seq: int = 1) -> Iterator[tuple[int, bytes, str]]:
        """Stored `(seq, canonical bytes, stored hash)` rows from `start_seq` on, in order.

        This is what verification reads: the raw record, not the parsed events.
        """

    def iter_chain_pages(self, start_seq: int = 1) -> Iterator[list[tuple[int, bytes, str]]]:
        """The rows of `iter_chain`, a page (a list of some thousand rows) at a time.

        A backend that reads in pages anyway hands them on as they come; this default groups
        `iter_chain`. Used by the chain scan, whose per-event loops then run over a list.
        """
        rows = self.iter_chain(start_seq)
        try:
            while page := list(islice(rows, CHAIN_PAGE)):
                yield page
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()

    def can_append(self) -> bool:
        """Whether this connection may append (a team store's auditor role may only read)."""
        return True

    def db_user(self, seq: int) -> str | None:
        """The database login that appended event `seq`, where the backend records one."""
        return None

    # -- team evidence: content-addressed copies kept in the store itself (PostgreSQL) ------

    def team_evidence(self) -> bool:
        """Whether this store keeps evidence copies for the team (else: the local folder only)."""
        return False

    def put_blob(self, sha256: str, path: Path) -> bool:
        """Share the file at `path`, whose SHA-256 is `sha256`; False when not shared."""
        return False

    def get_blob(self, sha256: str) -> bytes | None:
        """The shared copy with this SHA-256 as stored (the caller re-hashes it), if any."""
        return None

    def check_blobs(self, sha256s: Iterable[str]) -> dict[str, bool]:
        """For each shared copy present: does it still hash to its name? (absent: not listed)"""
        return {}

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
