"""The record: an append-only, hash-chained event log behind one interface (SQLite today)."""

from __future__ import annotations

from dorker.errors import StoreError
from dorker.store.base import EventFilter, EventStore, HeadMovedError
from dorker.store.events import GENESIS_HASH, Event, Head, NewEvent, canonical_bytes, event_hash
from dorker.store.url import open_store
from dorker.store.verify import Problem, VerifyReport, parse_anchor, verify

__all__ = [
    "GENESIS_HASH",
    "Event",
    "EventFilter",
    "EventStore",
    "Head",
    "HeadMovedError",
    "NewEvent",
    "Problem",
    "StoreError",
    "VerifyReport",
    "canonical_bytes",
    "event_hash",
    "open_store",
    "parse_anchor",
    "verify",
]
