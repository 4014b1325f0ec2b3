"""What a provider search gives back: a status, a one-line message, results, request metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from dorker.results.model import Result

__all__ = [
    "FAILURE_STATUSES",
    "STATUSES",
    "RequestInfo",
    "SearchOptions",
    "SearchOutcome",
    "Status",
]

Status = Literal["ok", "cached", "blocked", "captcha", "rate-limited", "quota-exhausted",
                 "forbidden", "http-error", "timeout", "bad-response", "not-configured"]
STATUSES: tuple[str, ...] = get_args(Status)
FAILURE_STATUSES = frozenset(STATUSES) - {"ok", "cached"}
"""Statuses that carry no results and are never cached."""


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """Optional filters, mapped to each provider's own parameter (unsupported ones are ignored).

    `language`: `en`, `fr`, `en-US`... (SearXNG `language`, Brave `search_lang`, Google `lr`).
    `country`: two letters (Brave `country`, Google `gl`). `time_range`: day/week/month/year
    (SearXNG `time_range`, Brave `freshness` pd/pw/pm/py, Google `dateRestrict` d1/w1/m1/y1).
    `safesearch`: 0 off, 1 moderate, 2 strict. `per_page`: Brave `count` (≤20), Google `num` (≤10).
    """

    language: str | None = None
    country: str | None = None
    time_range: Literal["day", "week", "month", "year"] | None = None
    safesearch: Literal[0, 1, 2] | None = None
    per_page: int | None = None


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """Request metadata that is safe to record: no secret anywhere (they read `REDACTED`)."""

    provider: str
    engine: str | None
    page: int
    endpoint: str
    """The URL without its query string, credentials removed."""
    params: dict[str, str]
    """Query parameters sent, secrets replaced by `REDACTED`."""
    from_cache: bool = False
    http_status: int | None = None
    elapsed_ms: int = 0
    attempts: int = 0
    """HTTP requests sent for this search (0 when served from the cache or not configured)."""
    cache_key: str = ""
    """SHA-256 over provider, engine, query, page and the non-secret parameters."""
    fetched_at: str | None = None
    """UTC time the response was fetched (for a cached outcome: when it was first fetched)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (no floats: event payloads allow integers only)."""
        return {"provider": self.provider, "engine": self.engine, "page": self.page,
                "endpoint": self.endpoint, "params": dict(self.params),
                "from_cache": self.from_cache, "http_status": self.http_status,
                "elapsed_ms": self.elapsed_ms, "attempts": self.attempts,
                "cache_key": self.cache_key, "fetched_at": self.fetched_at}


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """The outcome of one provider search (one page). Never holds a secret."""

    status: Status
    message: str
    """One line that explains the outcome (and offers the browser when automation failed)."""
    request: RequestInfo
    results: tuple[Result, ...] = ()
    retry_after: int | None = None
    """Seconds the provider asked us to wait (Retry-After), if it said so."""
    query: str = ""
    offer_browser: bool = False
    """Whether the investigator should be offered `dorker open` for this query instead."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Extra one-line remarks (e.g. SearXNG engines that did not answer, API sunset)."""

    @property
    def ok(self) -> bool:
        """True for `ok` and `cached`."""
        return self.status in ("ok", "cached")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict for `--format json` and event payloads."""
        return {"status": self.status, "message": self.message, "query": self.query,
                "retry_after": self.retry_after, "offer_browser": self.offer_browser,
                "notes": list(self.notes), "request": self.request.to_dict(),
                "results": [r.to_dict() for r in self.results]}
