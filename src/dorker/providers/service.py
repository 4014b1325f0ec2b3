"""Running one provider search: cache first, then a rate-limited, retried, redacted request."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dorker.errors import ConfigError, UsageError
from dorker.providers.base import Provider, excerpt
from dorker.providers.brave import BraveProvider
from dorker.providers.cache import ResponseCache, cache_key
from dorker.providers.fetch import RetryPolicy, fetch, make_client, utc_now
from dorker.providers.google_cse import GoogleCSEProvider
from dorker.providers.interpret import BROWSER, from_cache, interpret, one_line, scrub
from dorker.providers.model import RequestInfo, SearchOptions, SearchOutcome
from dorker.providers.ratelimit import TokenBucket
from dorker.providers.redact import (
    REDACTED,
    Redactor,
    install_log_filter,
    redact_url,
    register_secret,
)
from dorker.providers.searxng import SearxngProvider

if TYPE_CHECKING:
    import httpx

    from dorker.config import Config

__all__ = ["PROVIDERS", "Searcher", "asearch", "get_provider", "search"]

PROVIDERS: dict[str, Provider] = {p.name: p for p in (SearxngProvider(), BraveProvider(),
                                                      GoogleCSEProvider())}
_ALIASES = {"google_cse": "google-cse", "google-cse-api": "google-cse", "brave-api": "brave"}


def get_provider(name: str) -> Provider:
    """The provider called `name` (`searxng`, `brave`, `google-cse`); UsageError otherwise."""
    provider = PROVIDERS.get(_ALIASES.get(name, name))
    if provider is None:
        raise UsageError(f"unknown provider {name!r}",
                         hint=f"known providers: {', '.join(PROVIDERS)}")
    return provider


class Searcher:
    """Searches with one config: one HTTP client, response cache and rate limiter, reused.

    `transport` replaces the network (tests: `httpx.MockTransport`); `sleep`, `clock` (the rate
    limiter's wall clock) and `retry` make backoff and rate limiting testable. Use it as a
    context manager, or call `close()`. One Searcher serves one thread at a time.
    """

    def __init__(self, config: Config, *, transport: httpx.BaseTransport | None = None,
                 retry: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time, cache_dir: Path | None = None) -> None:
        from dorker.paths import locations

        self.config = config
        self.retry = retry or RetryPolicy()
        self._transport = transport
        self._sleep = sleep
        self._clock = clock
        base = cache_dir or (config.locations.cache_dir if config.locations
                             else locations().cache_dir)
        self.cache_dir = base
        self._client: httpx.Client | None = None
        self._cache: ResponseCache | None = None
        self._limiter: TokenBucket | None = None
        self._proxy_secret = _proxy_password(config.proxy)
        install_log_filter()
        for provider in PROVIDERS.values():
            for secret in provider.secrets(config):
                register_secret(secret)
        register_secret(self._proxy_secret)

    @property
    def cache(self) -> ResponseCache:
        """The response cache (`<cache dir>/responses`), opened on first use."""
        if self._cache is None:
            self._cache = ResponseCache(self.cache_dir / "responses",
                                        self.config.providers.cache_ttl)
        return self._cache

    def _client_for(self) -> httpx.Client:
        if self._client is None:
            try:
                self._client = make_client(proxy=self.config.proxy,
                                           user_agent=self.config.user_agent,
                                           timeout=self.config.providers.timeout,
                                           transport=self._transport)
            except ImportError as exc:  # a SOCKS proxy without socksio
                raise ConfigError(
                    f"the proxy cannot be used: {excerpt(str(exc))}",
                    hint="install httpx[socks] (socksio) or use an HTTP proxy") from None
            except ValueError as exc:
                proxy = redact_url(self.config.proxy or "")
                reason = excerpt(Redactor([self._proxy_secret]).redact(str(exc)))
                raise ConfigError(f"invalid proxy {proxy!r}: {reason}",
                                  hint="use http://, https://, socks5:// or socks5h://") from None
        return self._client

    def _limiter_for(self) -> TokenBucket:
        if self._limiter is None:
            self._limiter = TokenBucket(self.cache_dir / "ratelimit",
                                        self.config.providers.rate_limit, sleep=self._sleep,
                                        clock=self._clock)
        return self._limiter

    def search(self, provider_name: str, query: str, engine: str | None = None, page: int = 1,
               options: SearchOptions | None = None, *, refresh: bool = False) -> SearchOutcome:
        """One page of results. Never raises for network or provider trouble: see `status`.

        Raises UsageError for an unknown provider or a page outside 1..max_pages, and
        ConfigError for an unusable proxy. `refresh=True` skips the cache lookup.
        """
        provider = get_provider(provider_name)
        if page < 1 or page > provider.max_pages:
            raise UsageError(f"page {page} is outside 1..{provider.max_pages} for {provider.name}")
        options = options or SearchOptions()
        missing = provider.missing(self.config)
        if missing is not None:
            info = RequestInfo(provider.name, engine, page, endpoint="", params={})
            return SearchOutcome("not-configured", one_line(
                f"{provider.label} is not configured: {missing}; {BROWSER}", provider),
                info, query=query, offer_browser=True)
        prepared = provider.prepare(query, engine, page, options, self.config)
        redactor = Redactor((*prepared.secrets, self._proxy_secret))
        endpoint = redact_url(prepared.url)
        public = {k: (REDACTED if k in prepared.secret_params else v) for k, v in prepared.params}
        key = cache_key(provider.name, engine, query, page, endpoint, public)
        base_info = RequestInfo(provider.name, engine, page, endpoint, public, cache_key=key)
        if not refresh:
            entry = self.cache.get(key)
            if entry is not None:
                return from_cache(entry, base_info, provider, query)
        fetched = fetch(self._client_for(), prepared, policy=self.retry,
                        timeout=self.config.providers.timeout, limiter=self._limiter_for(),
                        limiter_key=provider.name, redactor=redactor,
                        should_retry=provider.should_retry, sleep=self._sleep)
        info = RequestInfo(provider.name, engine, page, endpoint, public,
                           http_status=fetched.status_code, elapsed_ms=int(fetched.elapsed * 1000),
                           attempts=fetched.attempts, cache_key=key, fetched_at=utc_now())
        outcome = interpret(provider, fetched, info, query, page, engine,
                             self.config.providers.timeout, self.retry.max_bytes)
        outcome = scrub(outcome, redactor)
        if outcome.status == "ok":  # failures are never cached
            self.cache.put(key, {"results": [r.to_dict() for r in outcome.results],
                                 "http_status": info.http_status, "fetched_at": info.fetched_at,
                                 "notes": list(outcome.notes)})
        return outcome

    def close(self) -> None:
        """Close the client and caches."""
        for thing in (self._client, self._cache, self._limiter):
            if thing is not None:
                thing.close()
        self._client = self._cache = self._limiter = None

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def search(provider_name: str, query: str, engine: str | None, page: int, settings: Config,
           *, options: SearchOptions | None = None, refresh: bool = False,
           **searcher_args: Any) -> SearchOutcome:
    """One search with a short-lived `Searcher` (see `Searcher.search`)."""
    with Searcher(settings, **searcher_args) as searcher:
        return searcher.search(provider_name, query, engine, page, options, refresh=refresh)


async def asearch(provider_name: str, query: str, engine: str | None, page: int,
                  settings: Config, **kwargs: Any) -> SearchOutcome:
    """`search` in a worker thread, for async callers (the TUI)."""
    return await asyncio.to_thread(search, provider_name, query, engine, page, settings, **kwargs)


def _proxy_password(proxy: str | None) -> str | None:
    if not proxy:
        return None
    try:
        return urlsplit(proxy).password
    except ValueError:
        return None
