"""Opt-in result providers (SearXNG JSON, Brave Search API, Google CSE) behind one call.

Nothing here runs unless the user asks for a search; the default path is `dorker open`.

Python API (what `dorker search`, the TUI and `dorker cache rebuild` use)::

    from dorker.config import load_config
    from dorker.providers import Searcher, SearchOptions, search

    config = load_config()
    outcome = search("searxng", compiled_query, "google", 1, config)   # one page, one call
    with Searcher(config) as s:                                          # several pages/queries
        for page in range(1, 4):
            outcome = s.search("brave", compiled_query, None, page, SearchOptions(language="fr"))
            if not outcome.ok:
                break

- `search(provider_name, query, engine, page, settings, *, options=None, refresh=False)`
  -> `SearchOutcome`; `asearch(...)` is the same in a worker thread for async callers.
  Providers: `searxng` (engine -> `engines=`), `brave`, `google-cse` (alias `google_cse`);
  `PROVIDERS[name].max_pages` is the deepest page (10 for Brave and Google CSE).
  Raises `UsageError` (unknown provider, page out of range) or `ConfigError` (unusable proxy);
  every network or provider problem is a status instead, never an exception.
- `SearchOutcome`: `status` (one of `STATUSES`: ok, cached, blocked, captcha, rate-limited,
  quota-exhausted, forbidden, http-error, timeout, bad-response, not-configured), `ok`
  (ok or cached), `message` (one line; offers the browser when automation failed),
  `offer_browser`, `results` (tuple of `dorker.results.Result`), `retry_after` (int seconds or
  None), `notes`, `request` (`RequestInfo`: provider, engine, page, endpoint without secrets,
  params with secrets as `REDACTED`, from_cache, http_status, elapsed_ms, attempts, cache_key,
  fetched_at). `outcome.to_dict()` is JSON-safe with integers only (no floats), ready to be an
  event payload: record `status == "cached"` searches too (`request.from_cache` is true).
- The response cache (`<cache dir>/responses`, TTL `providers.cache_ttl`) holds only `ok`
  outcomes; a search inside the TTL sends no request and comes back `cached`.
- Rate limit (`providers.rate_limit` per second, shared across processes), timeouts
  (`providers.timeout`), retries (`RetryPolicy`), the proxy (`proxy`, HTTP or SOCKS; environment
  proxies are ignored) and the user agent (`user_agent`) all come from the `Config`.
- Secrets: never in outcomes, messages, cache keys or logs (`install_log_filter()` is applied
  to the httpx/httpcore loggers by `Searcher`; use `Redactor`/`redact_url` for any other text).
"""

from __future__ import annotations

from dorker.providers.fetch import RetryPolicy
from dorker.providers.model import (
    FAILURE_STATUSES,
    STATUSES,
    RequestInfo,
    SearchOptions,
    SearchOutcome,
    Status,
)
from dorker.providers.redact import REDACTED, Redactor, install_log_filter, redact_url
from dorker.providers.service import PROVIDERS, Searcher, asearch, get_provider, search

__all__ = [
    "FAILURE_STATUSES",
    "PROVIDERS",
    "REDACTED",
    "STATUSES",
    "Redactor",
    "RequestInfo",
    "RetryPolicy",
    "SearchOptions",
    "SearchOutcome",
    "Searcher",
    "Status",
    "asearch",
    "get_provider",
    "install_log_filter",
    "redact_url",
    "search",
]
