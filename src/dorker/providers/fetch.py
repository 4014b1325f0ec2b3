"""The HTTP layer: one httpx client per search session, retries with backoff, a size cap.

- Only the configured proxy is used: `trust_env=False`, so `HTTP(S)_PROXY`, `ALL_PROXY` and
  `.netrc` from the environment are ignored and cannot leak a request around the proxy.
- 429 and 5xx are retried with exponential backoff; `Retry-After` (seconds or an HTTP date) is
  honoured, each wait capped and the total wait bounded. Other 4xx are never retried, nor a CAPTCHA
  page (retrying a challenge only looks more like a bot), nor a timeout (the user already waited).
- The body is streamed and dropped once it passes `max_bytes` (after decompression).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from dorker.providers.detect import looks_like_captcha

if TYPE_CHECKING:
    import httpx

    from dorker.providers.ratelimit import TokenBucket
    from dorker.providers.redact import Redactor

__all__ = ["Fetched", "Prepared", "RetryPolicy", "fetch", "make_client", "parse_retry_after"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts in all, first backoff, the cap on one wait and on all waits."""

    attempts: int = 3
    backoff: float = 1.0
    max_delay: float = 30.0
    max_total_wait: float = 60.0
    max_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Prepared:
    """A request a provider wants sent. `secret_params` and `secrets` never reach any record."""

    method: str
    url: str = field(repr=False)
    params: tuple[tuple[str, str], ...] = field(repr=False)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    secret_params: frozenset[str] = frozenset()
    secrets: tuple[str, ...] = field(default=(), repr=False)


@dataclass(slots=True)
class Fetched:
    """What came back (or why nothing did)."""

    status_code: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None
    """`timeout`, `too-large`, `connect` or None."""
    error_message: str = ""
    retry_after: float | None = None
    attempts: int = 0
    elapsed: float = 0.0


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or HTTP-date); None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now())


def make_client(*, proxy: str | None, user_agent: str, timeout: float,
                transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An httpx client that uses only `proxy` (HTTP or SOCKS) and ignores the environment.

    Raises ImportError for a SOCKS proxy when `socksio` (httpx[socks]) is missing.
    """
    import httpx

    return httpx.Client(
        proxy=proxy if transport is None else None,
        transport=transport,
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": user_agent, "Accept": "application/json"},
    )


def fetch(client: httpx.Client, request: Prepared, *, policy: RetryPolicy, timeout: float,
          limiter: TokenBucket | None, limiter_key: str, redactor: Redactor,
          should_retry: Callable[[Fetched], bool] | None = None,
          sleep: Callable[[float], None] = time.sleep,
          clock: Callable[[], float] = time.monotonic) -> Fetched:
    """Send `request`, retrying as the policy allows; never raises for network trouble."""
    started = clock()
    waited = 0.0
    result = Fetched()
    for attempt in range(1, policy.attempts + 1):
        if limiter is not None:
            limiter.acquire(limiter_key)
        result = _send_once(client, request, policy=policy, timeout=timeout, redactor=redactor,
                            clock=clock)
        result.attempts = attempt
        retryable = (result.status_code in RETRY_STATUSES and not _is_captcha(result)
                     and (should_retry is None or should_retry(result)))
        if not retryable or attempt == policy.attempts:
            break
        delay = result.retry_after if result.retry_after is not None else (
            policy.backoff * 2 ** (attempt - 1))
        if result.retry_after is not None and result.retry_after > policy.max_delay:
            break  # the provider asks for longer than we wait: report it with retry_after
        delay = min(delay, policy.max_delay)
        if waited + delay > policy.max_total_wait:
            break
        sleep(delay)
        waited += delay
    result.elapsed = clock() - started
    return result


def _is_captcha(result: Fetched) -> bool:
    content_type = result.headers.get("content-type", "")
    if "json" in content_type:
        return False
    return looks_like_captcha(result.body.decode("utf-8", "replace"))


def _send_once(client: httpx.Client, request: Prepared, *, policy: RetryPolicy, timeout: float,
               redactor: Redactor, clock: Callable[[], float]) -> Fetched:
    import httpx

    started = clock()
    try:
        with client.stream(request.method, request.url, params=list(request.params),
                           headers=dict(request.headers)) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            out = Fetched(status_code=response.status_code, headers=headers,
                          retry_after=parse_retry_after(headers.get("retry-after")))
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > policy.max_bytes:
                out.error, out.error_message = "too-large", f"{int(declared)} bytes declared"
                return out
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > policy.max_bytes:
                    out.error = "too-large"
                    out.error_message = f"more than {policy.max_bytes} bytes"
                    return out
                if clock() - started > 2 * timeout:  # a trickling server: bound the whole read
                    out.error, out.error_message = "timeout", "the body kept trickling in"
                    return out
                chunks.append(chunk)
            out.body = b"".join(chunks)
            return out
    except httpx.TimeoutException as exc:
        return Fetched(error="timeout", error_message=redactor.redact(_describe(exc)))
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        return Fetched(error="connect", error_message=redactor.redact(_describe(exc)))


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(f"{type(exc).__name__}: {text}".split())[:300]


def utc_now() -> str:
    """Now, as canonical UTC text (`2026-01-01T00:00:00.000000Z`)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
