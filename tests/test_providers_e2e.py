"""End to end: real HTTP on 127.0.0.1 against synthetic answers in each provider's format."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from dorker.config import Config, load_config
from dorker.providers import RetryPolicy, Searcher, search
from dorker.providers.cache import ResponseCache
from provider_server import (
    CAPTCHA_PAGE,
    FORBIDDEN_PAGE,
    HTML_PAGE,
    Canned,
    ProviderServer,
    brave_body,
    google_body,
    refuse_non_loopback,
    running_server,
    searxng_body,
)

KEY = "AIzaSy-E2E-SECRET-KEY-abcdefghijkl"
BRAVE_KEY = "BSA-e2e-secret-token-mnopqrstuv"
FAST = RetryPolicy(attempts=3, backoff=0.05, max_delay=2.0, max_total_wait=3.0)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_non_loopback(monkeypatch)


@pytest.fixture
def server() -> Iterator[ProviderServer]:
    with running_server() as srv:
        yield srv


def make_config(server: ProviderServer, *, timeout: float = 5.0, **env: str) -> Config:
    settings = {"DORKER_SEARXNG_URL": server.url, "DORKER_BRAVE_API_KEY": BRAVE_KEY,
                "DORKER_BRAVE_URL": server.url, "DORKER_GOOGLE_CSE_KEY": KEY,
                "DORKER_GOOGLE_CSE_CX": "cx-e2e", "DORKER_GOOGLE_CSE_URL": f"{server.url}/cse/v1"}
    cfg = load_config({**os.environ, **settings, **env})
    return replace(cfg, providers=replace(cfg.providers, rate_limit=1000.0, timeout=timeout))


def cache_entries(cfg: Config) -> list[dict[str, object]]:
    assert cfg.locations is not None
    cache = ResponseCache(cfg.locations.cache_dir / "responses", 60)
    try:
        return cache.values()
    finally:
        cache.close()


OK_SEARX = Canned(200, searxng_body(["https://a.example/x?utm_source=t", "https://b.example/"]))


def test_searxng_ok_then_cached_without_a_request(server: ProviderServer) -> None:
    server.route("/search", OK_SEARX)
    cfg = make_config(server)
    first = search("searxng", "visa sponsorship", "duckduckgo", 1, cfg, retry=FAST)
    assert first.status == "ok" and len(first.results) == 2 and server.hits() == 1
    again = search("searxng", "visa sponsorship", "duckduckgo", 1, cfg, retry=FAST)
    assert again.status == "cached" and server.hits() == 1  # no request at all
    assert again.request.from_cache and again.request.attempts == 0
    assert again.results == first.results
    assert again.request.fetched_at == first.request.fetched_at
    assert "no request sent" in again.message
    other_page = search("searxng", "visa sponsorship", "duckduckgo", 2, cfg, retry=FAST)
    assert other_page.status == "ok" and server.hits() == 2  # page is part of the key
    refreshed = search("searxng", "visa sponsorship", "duckduckgo", 1, cfg, retry=FAST,
                       refresh=True)
    assert refreshed.status == "ok" and server.hits() == 3
    seen = server.seen[0]
    assert seen.params["format"] == "json" and seen.params["engines"] == "duckduckgo"
    assert seen.headers["user-agent"] == "dorker" and not seen.proxied


def test_cache_expires_after_ttl(server: ProviderServer) -> None:
    server.route("/search", OK_SEARX)
    cfg = make_config(server)
    cfg = replace(cfg, providers=replace(cfg.providers, cache_ttl=1))
    with Searcher(cfg, retry=FAST) as s:
        assert s.search("searxng", "q").status == "ok"
        assert s.search("searxng", "q").status == "cached"
    import time

    time.sleep(1.1)
    assert search("searxng", "q", None, 1, cfg, retry=FAST).status == "ok"
    assert server.hits() == 2


@pytest.mark.parametrize("answers, status, hits", [
    pytest.param([Canned(429, {"error": "slow down"}, {"Retry-After": "1"})], "rate-limited", 1,
                 id="429-retry-after-over-cap"),
    pytest.param([Canned(500, {"error": "search error"})], "http-error", 3, id="500-always"),
    pytest.param([Canned(200, "{\"results\": [", {"Content-Type": "application/json"})],
                 "bad-response", 1, id="malformed-json"),
    pytest.param([Canned(200, HTML_PAGE)], "bad-response", 1, id="html-instead-of-json"),
    pytest.param([Canned(200, b"[" + b"1," * 3_000_000 + b"1]")], "bad-response", 1,
                 id="huge-body-declared"),
    pytest.param([Canned(200, b"[" + b"1," * 3_000_000 + b"1]", stream=True)], "bad-response", 1,
                 id="huge-body-streamed"),
    pytest.param([Canned(200, CAPTCHA_PAGE)], "captcha", 1, id="captcha-200"),
    pytest.param([Canned(429, CAPTCHA_PAGE)], "captcha", 1, id="captcha-429-not-retried"),
    pytest.param([Canned(403, FORBIDDEN_PAGE)], "forbidden", 1, id="searxng-json-off"),
    pytest.param([Canned(200, OK_SEARX.body, delay=1.0)], "timeout", 1, id="timeout"),
])
def test_failures_give_a_status_and_are_never_cached(server: ProviderServer,
                                                     answers: list[Canned], status: str,
                                                     hits: int) -> None:
    server.route("/search", *answers)
    cfg = make_config(server, timeout=0.3)
    policy = replace(FAST, max_delay=0.5)  # Retry-After: 1 is over this cap: reported, not waited
    out = search("searxng", "forged passport", None, 1, cfg, retry=policy)
    assert out.status == status, out.message
    assert out.results == () and out.offer_browser and "browser" in out.message
    assert server.hits() == hits
    assert cache_entries(cfg) == []
    if status == "rate-limited":
        assert out.retry_after == 1
    # The failure did not poison the cache: once the server is fine, a real request goes out.
    server.route("/search", OK_SEARX)
    after = search("searxng", "forged passport", None, 1, cfg, retry=FAST)
    assert after.status == "ok" and server.hits() == hits + 1
    assert len(cache_entries(cfg)) == 1


def test_429_with_retry_after_then_success(server: ProviderServer) -> None:
    limited = Canned(429, {"type": "ErrorResponse"},
                     {"Retry-After": "1", "X-RateLimit-Remaining": "0, 900"})  # per-second window
    server.route("/res/v1/web/search", limited,
                 Canned(200, brave_body(["https://job.example/offer"])))
    cfg = make_config(server)
    import time

    started = time.monotonic()
    out = search("brave", "overseas job", None, 1, cfg, retry=FAST)
    assert out.status == "ok" and out.request.attempts == 2 and server.hits() == 2
    assert time.monotonic() - started >= 0.9  # the Retry-After second was honoured
    assert server.seen[0].headers["x-subscription-token"] == BRAVE_KEY


def test_500_then_success(server: ProviderServer) -> None:
    server.route("/search", Canned(500, {"error": "search error"}), OK_SEARX)
    out = search("searxng", "q", None, 1, make_config(server), retry=FAST)
    assert out.status == "ok" and out.request.attempts == 2 and server.hits() == 2


def test_google_cse_end_to_end(server: ProviderServer) -> None:
    server.route("/cse/v1", Canned(200, google_body(["https://doc.example/a.pdf"])))
    out = search("google-cse", "filetype:pdf visa", None, 2, make_config(server), retry=FAST)
    assert out.status == "ok" and out.results[0].url == "https://doc.example/a.pdf"
    seen = server.seen[0].params
    assert (seen["key"], seen["cx"], seen["start"], seen["num"]) == (KEY, "cx-e2e", "11", "10")
    assert "2027-01-01" in out.message


def test_only_the_configured_proxy_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    with running_server() as proxy, running_server() as stray:
        proxy.route("/search", OK_SEARX)
        # A stray environment proxy must be ignored (trust_env=False) ...
        monkeypatch.setenv("HTTP_PROXY", stray.url)
        monkeypatch.setenv("ALL_PROXY", stray.url)
        cfg = make_config(proxy, DORKER_SEARXNG_URL="http://searx.invalid",
                          DORKER_PROXY=f"http://officer:proxy-pass-123@{proxy.url[7:]}")
        out = search("searxng", "q", None, 1, cfg, retry=FAST)
        # ... and the target host is never resolved locally: the proxy got the absolute URL.
        assert out.status == "ok" and stray.hits() == 0 and proxy.hits() == 1
        assert proxy.seen[0].proxied and proxy.seen[0].host == "searx.invalid"
        assert "proxy-pass-123" not in json.dumps(out.to_dict())


def test_no_secret_in_files_outcomes_messages_or_logs(server: ProviderServer,
                                                      caplog: pytest.LogCaptureFixture,
                                                      dorker_home: Path) -> None:
    caplog.set_level(logging.DEBUG)
    server.route("/cse/v1", Canned(200, google_body(["https://a.example/"])))
    server.route("/res/v1/web/search", Canned(503, {"error": {"detail": f"echo {BRAVE_KEY}"}}))
    cfg = make_config(server, timeout=0.3)
    outcomes = [
        search("google-cse", "q", None, 1, cfg, retry=FAST),
        search("google-cse", "q", None, 1, cfg, retry=FAST),  # cached
        search("brave", "q", None, 1, cfg, retry=FAST),  # the error echoes the key
    ]
    server.route("/cse/v1", Canned(200, google_body([]), delay=1.0))
    outcomes.append(search("google-cse", "slow", None, 1, cfg, retry=FAST))
    bad = replace(cfg, providers=replace(
        cfg.providers, google_cse=replace(cfg.providers.google_cse,
                                          url="http://127.0.0.1:9/cse/v1")))
    outcomes.append(search("google-cse", "unreachable", None, 1, bad, retry=FAST))
    assert [o.status for o in outcomes] == ["ok", "cached", "http-error", "timeout", "http-error"]
    assert any("REDACTED" in r.getMessage() for r in caplog.records)  # httpx logged the URL
    for secret in (KEY, BRAVE_KEY):
        for outcome in outcomes:
            assert secret not in json.dumps(outcome.to_dict())
            assert secret not in repr(outcome) and secret not in outcome.message
        for record in caplog.records:
            assert secret not in record.getMessage()
        assert secret not in repr(cfg)
        files = [p for p in dorker_home.rglob("*") if p.is_file()]
        assert files  # the cache and rate-limit state were written there
        for path in files:
            assert secret.encode() not in path.read_bytes(), path
