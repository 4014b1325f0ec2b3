"""A per-provider token bucket, shared by every dorker process through the cache folder.

The state (tokens, last refill time) lives in a diskcache entry updated inside a transaction,
so two processes searching the same provider together still respect the configured rate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["TokenBucket"]


class TokenBucket:
    """`rate` requests per second, bursts up to `capacity` (default: max(1, rate))."""

    def __init__(self, directory: str | Path, rate: float, *, capacity: float | None = None,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        import diskcache  # type: ignore[import-untyped]

        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self._cache: Any = diskcache.Cache(str(directory))
        self._clock = clock
        self._sleep = sleep

    def acquire(self, key: str) -> float:
        """Take one token for `key`, sleeping until one is free; returns the seconds waited."""
        waited = 0.0
        while True:
            wait = self._try_take(key)
            if wait <= 0:
                return waited
            self._sleep(wait)
            waited += wait

    def _try_take(self, key: str) -> float:
        with self._cache.transact():
            now = self._clock()
            tokens, stamp = self._cache.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + max(0.0, now - stamp) * self.rate)
            if tokens >= 1.0:
                self._cache.set(key, (tokens - 1.0, now))
                return 0.0
            self._cache.set(key, (tokens, now))
            return float((1.0 - tokens) / self.rate)

    def close(self) -> None:
        """Close the state cache."""
        self._cache.close()
