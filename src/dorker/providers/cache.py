"""The provider response cache: successful searches only, keyed without secrets, with a TTL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["ResponseCache", "cache_key"]


def cache_key(provider: str, engine: str | None, query: str, page: int, endpoint: str,
              public_params: Mapping[str, str]) -> str:
    """SHA-256 over provider, engine, compiled query, page, endpoint and non-secret parameters.

    The caller passes parameters with secrets already redacted, so no key can reach the cache.
    """
    doc = {"provider": provider, "engine": engine, "query": query, "page": page,
           "endpoint": endpoint, "params": sorted(public_params.items())}
    blob = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """A diskcache folder of `{results, request, notes, fetched_at}` entries."""

    def __init__(self, directory: str | Path, ttl: int) -> None:
        import diskcache  # type: ignore[import-untyped]

        self.ttl = ttl
        self._cache: Any = diskcache.Cache(str(directory))

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None when absent or expired."""
        value = self._cache.get(key)
        return value if isinstance(value, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store a successful search for `ttl` seconds."""
        self._cache.set(key, entry, expire=self.ttl)

    def __len__(self) -> int:
        return len(self._cache)

    def values(self) -> list[dict[str, Any]]:
        """Every live entry (tests check that no failure was ever stored)."""
        return [v for k in list(self._cache.iterkeys())
                if isinstance(v := self._cache.get(k), dict)]

    def close(self) -> None:
        """Close the cache."""
        self._cache.close()
