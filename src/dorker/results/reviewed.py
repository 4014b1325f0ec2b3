"""The reviewed-URL index: "has this result been reviewed, by whom, when, with what verdict?".

A cache (diskcache) keyed by the normalised URL, holding the latest verdict. It is derived data:
the event log (`result.reviewed` events) is the record, and `rebuild()` replays it. The index
keeps the `NORMALIZE_VERSION` it was built with: when the normalisation rules change (or the
index is new or was deleted), `ensure_current` rebuilds it from the record before it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from dorker.errors import InputError
from dorker.results.normalize import NORMALIZE_VERSION, normalize_url

__all__ = ["REVIEW_ACTION", "VERDICTS", "ReviewMark", "ReviewedIndex"]

REVIEW_ACTION = "result.reviewed"
"""The event action whose payload (`url`, `verdict`, `note`, `tags`) the index replays."""

VERDICTS = ("relevant", "irrelevant", "escalate", "duplicate")

_VERSION_KEY = ("dorker", "normalize-version")
"""Where the index keeps the normalisation version it was built with (a tuple: never a URL)."""


class ReviewMark(NamedTuple):
    """The latest review of one URL (a named tuple: built on every lookup, so kept cheap)."""

    url: str
    """The normalised URL."""
    verdict: str
    actor: str
    ts: str
    note: str = ""
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {"url": self.url, "verdict": self.verdict, "actor": self.actor, "ts": self.ts,
                "note": self.note, "tags": list(self.tags)}


class ReviewedIndex:
    """The index over a diskcache folder (default: `<cache dir>/reviewed`)."""

    def __init__(self, directory: str | Path) -> None:
        import diskcache  # type: ignore[import-untyped]

        self.directory = Path(directory)
        # Never evict: a forgotten verdict would silently show a reviewed result as new.
        self._cache: Any = diskcache.Cache(str(self.directory), eviction_policy="none")

    @classmethod
    def default(cls, environ: dict[str, str] | None = None) -> ReviewedIndex:
        """The index in this process's cache folder (DORKER_HOME aware)."""
        from dorker.paths import locations

        return cls(locations(environ).cache_dir / "reviewed")

    @classmethod
    def current(cls, store: Any, environ: dict[str, str] | None = None) -> ReviewedIndex:
        """The default index, first rebuilt from `store` (an EventStore) unless it is current."""
        from dorker.store.base import EventFilter

        index = cls.default(environ)
        try:
            index.ensure_current(lambda: store.iter_events(EventFilter(action=REVIEW_ACTION)))
        except BaseException:
            index.close()
            raise
        return index

    def mark(self, url: str, verdict: str, actor: str, ts: str, note: str = "",
             tags: Sequence[str] = ()) -> ReviewMark:
        """Record the latest verdict for `url` (normalised first); returns what was stored."""
        if verdict not in VERDICTS:
            raise InputError(f"unknown verdict {verdict!r}",
                             hint=f"use one of: {', '.join(VERDICTS)}")
        key = normalize_url(url)
        mark = ReviewMark(key, verdict, actor, ts, note, tuple(tags))
        self._cache.set(key, (verdict, actor, ts, note, tuple(tags)))
        return mark

    def get(self, url: str) -> ReviewMark | None:
        """The latest review of `url` (any spelling of it), or None if it was never reviewed."""
        key = normalize_url(url)
        value = self._cache.get(key)
        if value is None:
            return None
        verdict, actor, ts, note, tags = value
        return ReviewMark(key, verdict, actor, ts, note, tags)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and normalize_url(url) in self._cache

    def __len__(self) -> int:
        return len(self._cache) - (1 if _VERSION_KEY in self._cache else 0)

    @property
    def version(self) -> int | None:
        """The normalisation version the index was built with (None: never built)."""
        value = self._cache.get(_VERSION_KEY)
        return value if isinstance(value, int) else None

    def is_current(self) -> bool:
        """Whether the index was built from the record with today's normalisation rules."""
        return self.version == NORMALIZE_VERSION

    def ensure_current(self, events: Callable[[], Iterable[Mapping[str, Any] | Any]]) -> bool:
        """Rebuild from `events()` (the record's `result.reviewed` events) unless the index is
        current; returns whether it rebuilt. A new, deleted or older-rules index is rebuilt."""
        if self.is_current():
            return False
        self.rebuild(events())
        return True

    def rebuild(self, events: Iterable[Mapping[str, Any] | Any]) -> int:
        """Empty the index and replay `result.reviewed` events in order; returns how many applied.

        Each event is a mapping shaped like `Event.to_json()` (`action`, `actor`, `ts`,
        `payload`) or an object with those attributes. Other actions are skipped.
        """
        self._cache.clear()
        applied = 0
        with self._cache.transact():
            for event in events:
                get = event.get if isinstance(event, Mapping) else (
                    lambda name, default=None, e=event: getattr(e, name, default))
                if get("action") != REVIEW_ACTION:
                    continue
                payload = get("payload") or {}
                url = payload.get("url")
                verdict = payload.get("verdict")
                if not isinstance(url, str) or not isinstance(verdict, str):
                    continue  # a malformed event: the log is the record, the index skips it
                tags = payload.get("tags") or ()
                self._cache.set(normalize_url(url), (
                    verdict, str(get("actor", "")), str(get("ts", "")),
                    str(payload.get("note") or ""), tuple(str(t) for t in tags)))
                applied += 1
            self._cache.set(_VERSION_KEY, NORMALIZE_VERSION)
        return applied

    def close(self) -> None:
        """Close the underlying cache."""
        self._cache.close()

    def __enter__(self) -> ReviewedIndex:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
