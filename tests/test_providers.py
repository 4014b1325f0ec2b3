"""Provider unit tests with httpx.MockTransport: request shapes, parsing, statuses, retries."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest

from dorker.config import Config, load_config
from dorker.errors import ConfigError, UsageError
from dorker.providers import (
    REDACTED,
    STATUSES,
    RetryPolicy,
    Searcher,
    SearchOptions,
    SearchOutcome,
    redact_url,
)
from dorker.providers.fetch import parse_retry_after
from dorker.providers.ratelimit import TokenBucket
from dorker.providers.redact import Redactor
from provider_server import (
    CAPTCHA_PAGE,
    brave_body,
    google_body,
    refuse_non_loopback,
    searxng_body,
)

KEY = "AIzaSy-TEST-SECRET-KEY-0123456789"
BRAVE_KEY = "BSA-test-secret-token-9876543210"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_non_loopback(monkeypatch)


def config(**env: str) -> Config:
    base = {"DORKER_SEARXNG_URL": "http://searx.test", "DORKER_BRAVE_API_KEY": BRAVE_KEY,
            "DORKER_BRAVE_URL": "http://brave.test", "DORKER_GOOGLE_CSE_KEY": KEY,
            "DORKER_GOOGLE_CSE_CX": "cx-123", "DORKER_GOOGLE_CSE_URL": "http://google.test/cs/v1"}
    import os

    cfg = load_config({**os.environ, **base, **env})
    return replace(cfg, providers=replace(cfg.providers, rate_limit=1000.0))


Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport that records requests and answers from a list (the last repeats)."""

    def __init__(self, *answers: httpx.Response | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer(request) if callable(answer) else answer


def run(provider: str, rec: Recorder, *, cfg: Config | None = None, page: int = 1,
        engine: str | None = None, options: SearchOptions | None = None,
        sleeps: list[float] | None = None, policy: RetryPolicy | None = None) -> SearchOutcome:
    sleep = (sleeps.append if sleeps is not None else (lambda s: None))
    with Searcher(cfg or config(), transport=rec.transport, sleep=sleep,
                  retry=policy or RetryPolicy()) as searcher:
        return searcher.search(provider, "passport for sale", engine, page, options)


def jr(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


# --- request shapes ---------------------------------------------------------------------------

def test_searxng_request_and_results() -> None:
    rec = Recorder(jr(200, searxng_body(["https://a.example/1", "https://b.example/2"],
                                        engine="google")))
    out = run("searxng", rec, engine="google", page=2,
              options=SearchOptions(language="fr", time_range="week", safesearch=0))
    req = rec.requests[0]
    assert (req.url.host, req.url.path) == ("searx.test", "/search")
    assert dict(req.url.params) == {"q": "passport for sale", "format": "json", "pageno": "2",
                                    "language": "fr", "time_range": "week", "safesearch": "0",
                                    "engines": "google"}
    assert req.headers["user-agent"] == "dorker"
    assert out.status == "ok" and out.ok and not out.offer_browser
    assert [r.url for r in out.results] == ["https://a.example/1", "https://b.example/2"]
    first = out.results[0]
    assert (first.title, first.snippet) == ("Title 1", "Snippet 1")
    assert (first.position, first.page) == (1, 2)
    assert first.engines == ("google", "brave") and first.published == "2026-01-02T00:00:00"
    assert out.request.http_status == 200 and out.request.attempts == 1
    assert out.request.params["engines"] == "google"


def test_brave_request_uses_page_index_offset_and_header() -> None:
    rec = Recorder(jr(200, brave_body(["https://x.example/"])))
    out = run("brave", rec, page=3, options=SearchOptions(country="gb", language="EN",
                                                          time_range="month", safesearch=2,
                                                          per_page=50))
    req = rec.requests[0]
    assert req.url.path == "/res/v1/web/search"
    params = dict(req.url.params)
    assert params["offset"] == "2" and params["count"] == "20"  # page index, count capped
    assert (params["country"], params["search_lang"], params["freshness"],
            params["safesearch"]) == ("GB", "en", "pm", "strict")
    assert req.headers["x-subscription-token"] == BRAVE_KEY
    assert out.status == "ok" and out.results[0].title == "Brave 1"
    assert out.results[0].snippet == "Desc 1" and out.results[0].engines == ("brave",)
    assert BRAVE_KEY not in json.dumps(out.to_dict())


def test_brave_without_web_section_is_no_results() -> None:
    out = run("brave", Recorder(jr(200, {"type": "search", "query": {"original": "q"}})))
    assert out.status == "ok" and out.results == ()


def test_google_paging_and_redaction() -> None:
    rec = Recorder(jr(200, google_body(["https://g.example/a"], start=91)))
    out = run("google-cse", rec, page=10)
    params = dict(rec.requests[0].url.params)
    assert (params["key"], params["cx"]) == (KEY, "cx-123")
    assert (params["start"], params["num"]) == ("91", "9")  # start + num stays within 100
    assert out.status == "ok" and out.results[0].url == "https://g.example/a"
    assert out.request.params["key"] == REDACTED and out.request.params["cx"] == "cx-123"
    assert KEY not in json.dumps(out.to_dict()) and KEY not in out.request.endpoint
    assert "2027-01-01" in out.message
    assert any("2027-01-01" in n for n in out.notes)


def test_google_missing_items_means_no_results() -> None:
    out = run("google-cse", Recorder(jr(200, google_body([]))))
    assert out.status == "ok" and out.results == ()


# --- configuration and usage ----------------------------------------------------------------

@pytest.mark.parametrize("provider, unset", [
    pytest.param("searxng", "DORKER_SEARXNG_URL", id="searxng"),
    pytest.param("brave", "DORKER_BRAVE_API_KEY", id="brave"),
    pytest.param("google-cse", "DORKER_GOOGLE_CSE_CX", id="google"),
])
def test_not_configured_sends_nothing(provider: str, unset: str) -> None:
    rec = Recorder(jr(200, {}))
    out = run(provider, rec, cfg=config(**{unset: ""}))
    assert out.status == "not-configured" and out.offer_browser
    assert unset in out.message and "browser" in out.message
    assert rec.requests == []


def test_unknown_provider_and_page_out_of_range_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="unknown provider"):
        run("bing-api", Recorder(jr(200, {})))
    with pytest.raises(UsageError, match=r"outside 1\.\.10"):
        run("brave", Recorder(jr(200, {})), page=11)


def test_google_cse_alias() -> None:
    out = run("google_cse", Recorder(jr(200, google_body(["https://g.example/"]))))
    assert out.request.provider == "google-cse" and out.status == "ok"


# --- statuses ---------------------------------------------------------------------------------

@pytest.mark.parametrize("provider, response, status", [
    pytest.param("searxng", httpx.Response(403, html="<title>403 Forbidden</title>"), "forbidden",
                 id="searxng-403-json-off"),
    pytest.param("searxng", httpx.Response(200, html=CAPTCHA_PAGE.decode()), "captcha",
                 id="captcha-page"),
    pytest.param("searxng", httpx.Response(403, html="<h1>Attention Required! | Cloudflare</h1>"
                                           "<p>You have been blocked</p>"), "blocked",
                 id="block-page"),
    pytest.param("searxng", httpx.Response(200, text="{not json"), "bad-response",
                 id="malformed-json"),
    pytest.param("searxng", httpx.Response(200, html="<html><body>hi</body></html>"),
                 "bad-response", id="html-not-json"),
    pytest.param("searxng", jr(200, ["a", "list"]), "bad-response", id="wrong-shape"),
    pytest.param("searxng", jr(200, {"error": "x"}), "bad-response", id="searxng-no-results-key"),
    pytest.param("brave", jr(200, {}), "bad-response", id="brave-empty-object"),
    pytest.param("google-cse", jr(200, {"items": "x"}), "bad-response", id="google-items-not-list"),
    pytest.param("google-cse", jr(200, {}), "bad-response", id="google-empty-object"),
    pytest.param("searxng", httpx.Response(302, headers={"Location": "https://duck.example/"}),
                 "bad-response", id="bang-redirect"),
    pytest.param("searxng", jr(400, {"error": "No query"}), "http-error", id="searxng-400"),
    pytest.param("brave", jr(401, {"type": "ErrorResponse", "error": {
        "code": "SUBSCRIPTION_TOKEN_INVALID", "detail": "bad token", "status": 401}}),
                 "forbidden", id="brave-bad-token"),
    pytest.param("brave", jr(429, {"type": "ErrorResponse", "error": {"code": "RATE_LIMITED"}},
                             {"X-RateLimit-Remaining": "1, 0"}), "quota-exhausted",
                 id="brave-monthly-quota"),
    pytest.param("brave", jr(402, {"error": {"detail": "payment"}}), "quota-exhausted",
                 id="brave-402"),
    pytest.param("google-cse", jr(403, {"error": {"code": 403, "message": "Daily Limit Exceeded",
                                                  "errors": [{"reason": "dailyLimitExceeded"}]}}),
                 "quota-exhausted", id="google-daily-quota"),
    pytest.param("google-cse", jr(429, {"error": {
        "code": 429, "message": "Quota exceeded for quota metric 'Queries' and limit "
        "'Queries per day'", "errors": [{"reason": "rateLimitExceeded"}],
        "status": "RESOURCE_EXHAUSTED"}}), "quota-exhausted", id="google-429-per-day"),
    pytest.param("google-cse", jr(400, {"error": {"code": 400, "message": "API key not valid.",
                                                  "errors": [{"reason": "keyInvalid"}]}}),
                 "forbidden", id="google-bad-key"),
    pytest.param("google-cse", jr(403, {"error": {
        "code": 403,
        "message": "This project does not have the access to Custom Search JSON API."}}),
                 "forbidden", id="google-closed"),
])
def test_failure_statuses(provider: str, response: httpx.Response, status: str) -> None:
    out = run(provider, Recorder(response))
    assert out.status == status
    assert status in STATUSES and not out.ok and out.results == ()
    assert out.offer_browser and "browser" in out.message
    assert "\n" not in out.message and KEY not in out.message


def test_searxng_engine_captcha_with_no_results_is_captcha() -> None:
    body = searxng_body([], unresponsive=[["google", "CAPTCHA"]])
    out = run("searxng", Recorder(jr(200, body)), engine="google")
    assert out.status == "captcha" and "google" in out.message and out.offer_browser


def test_searxng_partial_engine_failure_is_ok_with_a_note() -> None:
    body = searxng_body(["https://a.example/"], unresponsive=[["bing", "timeout"]])
    out = run("searxng", Recorder(jr(200, body)))
    assert out.status == "ok" and any("bing (timeout)" in n for n in out.notes)


# --- retries ----------------------------------------------------------------------------------

def test_5xx_is_retried_with_exponential_backoff() -> None:
    rec = Recorder(jr(503, {"error": "x"}), jr(502, {"error": "x"}),
                   jr(200, searxng_body(["https://a.example/"])))
    sleeps: list[float] = []
    out = run("searxng", rec, sleeps=sleeps)
    assert out.status == "ok" and out.request.attempts == 3 and len(rec.requests) == 3
    assert sleeps == [1.0, 2.0]


def test_retry_after_seconds_is_honoured() -> None:
    rec = Recorder(jr(429, {}, {"Retry-After": "7"}), jr(200, brave_body(["https://a.example/"])))
    sleeps: list[float] = []
    out = run("brave", rec, sleeps=sleeps)
    assert out.status == "ok" and sleeps == [7.0]


def test_retry_after_beyond_cap_is_reported_not_waited() -> None:
    rec = Recorder(jr(429, {}, {"Retry-After": "3600"}))
    sleeps: list[float] = []
    out = run("brave", rec, sleeps=sleeps)
    assert out.status == "rate-limited" and out.retry_after == 3600
    assert "wait 3600 s" in out.message
    assert sleeps == [] and len(rec.requests) == 1


def test_total_wait_is_bounded() -> None:
    rec = Recorder(jr(500, {"error": "search error"}))
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=10, backoff=4.0, max_delay=30.0, max_total_wait=20.0)
    out = run("searxng", rec, sleeps=sleeps, policy=policy)
    assert out.status == "http-error" and "500" in out.message
    assert sleeps == [4.0, 8.0] and sum(sleeps) <= 20.0 and len(rec.requests) == 3


@pytest.mark.parametrize("response", [
    pytest.param(jr(404, {"error": "nope"}), id="404"),
    pytest.param(jr(400, {"error": "bad"}), id="400"),
    pytest.param(httpx.Response(429, html=CAPTCHA_PAGE.decode()), id="429-captcha"),
    pytest.param(jr(429, {}, {"X-RateLimit-Remaining": "5, 0"}), id="quota-gone"),
])
def test_no_retry(response: httpx.Response) -> None:
    rec = Recorder(response)
    sleeps: list[float] = []
    run("brave", rec, sleeps=sleeps)
    assert len(rec.requests) == 1 and sleeps == []


@pytest.mark.parametrize("value, expected", [
    pytest.param("120", 120.0, id="seconds"),
    pytest.param("Wed, 21 Oct 2015 07:28:00 GMT", 30.0, id="http-date"),
    pytest.param("Wed, 21 Oct 2015 07:27:00 GMT", 0.0, id="past-date"),
    pytest.param("soon", None, id="garbage"),
    pytest.param(None, None, id="absent"),
])
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    from email.utils import parsedate_to_datetime

    now = parsedate_to_datetime("Wed, 21 Oct 2015 07:27:30 GMT").timestamp()
    assert parse_retry_after(value, now=lambda: now) == expected


def test_timeout_and_connect_errors_are_outcomes_without_the_key() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout(f"timed out reading {request.url}", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot connect to {request.url}", request=request)

    out = run("google-cse", Recorder(timeout))
    assert out.status == "timeout" and KEY not in out.message and "key=REDACTED" in out.message
    out = run("google-cse", Recorder(refused))
    assert out.status == "http-error" and KEY not in out.message and "REDACTED" in out.message


def test_oversized_body_is_bad_response() -> None:
    big = b'{"results": [' + b'"x",' * 400_000 + b'"x"]}'
    out = run("searxng", Recorder(httpx.Response(200, content=big)),
              policy=RetryPolicy(max_bytes=1_000_000))
    assert out.status == "bad-response" and "limit" in out.message


# --- helpers ----------------------------------------------------------------------------------

def test_redactor_covers_raw_encoded_and_parameter_forms() -> None:
    secret = "a b/c+d=="
    red = Redactor([secret])
    text = "a b/c+d== a%20b%2Fc%2Bd%3D%3D a+b%2Fc%2Bd%3D%3D https://u:pw@h/x?key=zzz&x=1"
    out = red.redact(text)
    assert "pw" not in out and "zzz" not in out and "c+d" not in out and "%2Bd" not in out
    assert "key=REDACTED&x=1" in out and "REDACTED@h" in out
    assert redact_url("http://user:pass@proxy.test:3128/") == "http://REDACTED@proxy.test:3128/"


def test_token_bucket_waits_and_is_shared_between_instances(tmp_path: Any) -> None:
    now = [1000.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    first = TokenBucket(tmp_path / "rl", 2.0, capacity=1.0, clock=lambda: now[0], sleep=sleep)
    second = TokenBucket(tmp_path / "rl", 2.0, capacity=1.0, clock=lambda: now[0], sleep=sleep)
    assert first.acquire("brave") == 0.0
    assert second.acquire("brave") == pytest.approx(0.5)  # the state is on disk: shared
    assert first.acquire("searxng") == 0.0  # per provider
    first.close()
    second.close()
    assert sleeps == [pytest.approx(0.5)]


# --- proxy, rate limit, async, record shape ---------------------------------------------------

def test_socks_proxy_needs_socksio_or_works() -> None:
    import importlib.util

    cfg = config(DORKER_PROXY="socks5://officer:sockspass1@127.0.0.1:1080")
    searcher = Searcher(cfg)
    try:
        if importlib.util.find_spec("socksio") is None:
            with pytest.raises(ConfigError, match="proxy") as info:
                searcher.search("searxng", "q")
            assert "socks" in str(info.value).lower() and "sockspass1" not in str(info.value)
        else:  # httpx[socks] installed: the client builds (nothing is sent here)
            assert searcher._client_for() is not None
    finally:
        searcher.close()


def test_invalid_proxy_is_a_config_error_without_its_password() -> None:
    # Refused when the config is read, before any search could use it.
    with pytest.raises(ConfigError, match="proxy") as info:
        config(DORKER_PROXY="ftp://officer:proxypass99@proxy.test:21")
    assert "proxypass99" not in str(info.value)


def test_rate_limit_spaces_requests_per_provider() -> None:
    now = [5000.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    cfg = config()
    cfg = replace(cfg, providers=replace(cfg.providers, rate_limit=0.5))
    rec = Recorder(jr(200, searxng_body(["https://a.example/"])))
    with Searcher(cfg, transport=rec.transport, sleep=sleep, clock=lambda: now[0]) as s:
        s.search("searxng", "one")
        s.search("searxng", "two")
        s.search("searxng", "two")  # cached: no request, so no token taken
    assert len(rec.requests) == 2 and sleeps == [pytest.approx(2.0)]


def test_asearch_runs_in_a_thread() -> None:
    import asyncio

    from dorker.providers import asearch

    rec = Recorder(jr(200, searxng_body(["https://a.example/"])))
    out = asyncio.run(asearch("searxng", "q", None, 1, config(), transport=rec.transport))
    assert out.status == "ok" and len(rec.requests) == 1


def test_outcome_is_a_valid_event_payload_and_reprs_hide_secrets() -> None:
    from dorker.providers.google_cse import GoogleCSEProvider
    from dorker.store.events import check_payload

    out = run("google-cse", Recorder(jr(200, google_body(["https://a.example/"]))))
    check_payload(out.to_dict())  # integers only, no floats: the store accepts it as is
    prepared = GoogleCSEProvider().prepare("q", None, 1, SearchOptions(), config())
    assert KEY not in repr(prepared) and KEY not in repr(out)


def test_log_filter_redacts_on_every_httpx_and_httpcore_logger(
        caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    Searcher(config()).close()  # registers the configured keys and installs the filter
    for name in ("httpx", "httpcore.connection", "httpcore.http11", "httpcore.proxy"):
        logging.getLogger(name).debug("GET %s token=%s", f"http://g.test/?key={KEY}&q=1",
                                      BRAVE_KEY)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 4
    assert all(KEY not in m and BRAVE_KEY not in m and "key=REDACTED" in m for m in messages)
