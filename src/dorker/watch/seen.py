"""What a watch has seen: a local index (SQLite in the cache folder) rebuilt from the record.

The record is the truth: the union of `new[].url` over a watch's `watch.run` events is every
result that watch ever reported, so it survives a lost cache and a teammate's runs on a shared
(PostgreSQL) store count too. The index is a cache of that union, one file per store, which
remembers the last run event it applied (its seq and hash: a replaced or rewound store is noticed)
and the normalisation version (new rules rebuild it). A run loads its watch's URLs once into a
set, so "seen before?" costs one normalisation and one set lookup per result.

Case data: the folder is owner-only (0700) and the file 0600.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from dorker.errors import StoreError
from dorker.results.normalize import NORMALIZE_VERSION, normalize_url
from dorker.store.base import EventFilter, EventStore
from dorker.watch.events import WATCH_RUN

__all__ = ["INDEX_FORMAT", "SeenIndex", "SeenSet", "seen_urls"]

INDEX_FORMAT = f"1.{NORMALIZE_VERSION}"
"""The index's own layout and the normalisation it was built with: any change rebuilds it."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS seen (watch INTEGER NOT NULL, url TEXT NOT NULL, "
    "PRIMARY KEY (watch, url)) WITHOUT ROWID",
)


def seen_urls(payload: Any) -> Iterator[str]:
    """The normalised URLs a `watch.run` payload reports as new (today's normalisation)."""
    for item in payload.get("new") or ():
        if isinstance(item, dict):
            url = item.get("original_url") or item.get("url")
            if isinstance(url, str) and url:
                yield normalize_url(url)


class SeenSet:
    """The URLs one watch has seen, in memory for one run."""

    __slots__ = ("_urls", "watch_id")

    def __init__(self, watch_id: int, urls: Iterable[str] = ()) -> None:
        self.watch_id = watch_id
        self._urls = set(urls)

    def check(self, url: str) -> tuple[str, bool]:
        """(the normalised URL, whether the watch saw it before)."""
        key = normalize_url(url)
        return key, key in self._urls

    def add(self, normalised: str) -> None:
        """Count a (normalised) URL as seen from now on."""
        self._urls.add(normalised)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and normalize_url(url) in self._urls

    def __len__(self) -> int:
        return len(self._urls)


class SeenIndex:
    """The local index of one store (see the module docstring)."""

    def __init__(self, path: Path, *, timeout: float = 30.0) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._con = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                                        check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the watch index {path}: {exc}",
                             hint="the cache folder can be deleted; it is rebuilt") from None
        with self._errors():
            self._con.execute("PRAGMA journal_mode=WAL")
            for statement in _SCHEMA:
                self._con.execute(statement)

    @classmethod
    def for_store(cls, store: EventStore, cache_dir: Path) -> SeenIndex:
        """The index of `store` under `cache_dir/watch-seen/` (one file per store URL)."""
        key = hashlib.sha256(store.url.encode("utf-8")).hexdigest()[:16]
        return cls(cache_dir / "watch-seen" / f"{key}.sqlite3")

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"watch index {self.path}: {exc}",
                             hint="delete the file; it is rebuilt from the record") from None

    def _meta(self) -> dict[str, str]:
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def sync(self, store: EventStore) -> int:
        """Apply the run events the index has not seen yet; returns how many were applied.

        Rebuilds from the start when the index is new, of another format or normalisation,
        or when the store no longer holds the last event it applied (replaced, restored).
        """
        with self._errors():
            meta = self._meta()
        synced = int(meta.get("synced_seq", "0") or 0)
        fresh = meta.get("format") != INDEX_FORMAT
        if not fresh and synced:
            last = store.get(synced)
            fresh = last is None or last.hash != meta.get("synced_hash")
        if fresh:
            synced = 0
        rows: list[tuple[int, str]] = []
        head: tuple[int, str] | None = None
        applied = 0
        for event in store.iter_events(EventFilter(action=WATCH_RUN, after_seq=synced)):
            watch_id = event.payload.get("watch_id")
            if isinstance(watch_id, int):
                rows.extend((watch_id, url) for url in seen_urls(event.payload))
            head = (event.seq, event.hash)
            applied += 1
        if not fresh and head is None:
            return 0
        with self._errors():
            self._con.execute("BEGIN IMMEDIATE")
            try:
                if fresh:
                    self._con.execute("DELETE FROM seen")
                    self._con.execute("DELETE FROM meta")
                    self._set("format", INDEX_FORMAT)
                self._con.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", rows)
                if head is not None:
                    self._set("synced_seq", str(head[0]))
                    self._set("synced_hash", head[1])
                self._con.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._con.execute("ROLLBACK")
                raise
        return applied

    def _set(self, key: str, value: str) -> None:
        self._con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def view(self, watch_id: int) -> SeenSet:
        """Everything watch `watch_id` has seen, loaded for a run (call `sync` first)."""
        with self._errors():
            rows = self._con.execute("SELECT url FROM seen WHERE watch = ?", (watch_id,))
            return SeenSet(watch_id, (url for (url,) in rows))

    def add(self, watch_id: int, urls: Iterable[str]) -> None:
        """Remember normalised URLs a run just recorded (the next `sync` applies them too)."""
        with self._errors():
            self._con.execute("BEGIN IMMEDIATE")
            try:
                self._con.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)",
                                      ((watch_id, url) for url in urls))
                self._con.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._con.execute("ROLLBACK")
                raise

    def count(self, watch_id: int | None = None) -> int:
        """URLs in the index (of one watch when given)."""
        with self._errors():
            if watch_id is None:
                return int(self._con.execute("SELECT count(*) FROM seen").fetchone()[0])
            return int(self._con.execute("SELECT count(*) FROM seen WHERE watch = ?",
                                         (watch_id,)).fetchone()[0])

    def close(self) -> None:
        """Close the file."""
        self._con.close()

    def __enter__(self) -> SeenIndex:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
