"""`dorker search`, `review` and `cache rebuild` end to end against a real local server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import run_cli
from provider_server import (
    CAPTCHA_PAGE,
    Canned,
    ProviderServer,
    brave_body,
    refuse_non_loopback,
    running_server,
    searxng_body,
)

BRAVE_KEY = "brave-secret-key-7f3a"
HOSTILE = "[bold red]FREE VISA[/] \x1b[2J\x1b]0;pwned\x07<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_non_loopback(monkeypatch)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ProviderServer]:
    with running_server() as srv:
        monkeypatch.setenv("DORKER_SEARXNG_URL", srv.url)
        yield srv


def events(action: str) -> list[dict[str, object]]:
    out = run_cli("audit", "log", "--action", action, "--format", "jsonl").out
    return [json.loads(line) for line in out.splitlines()]


def test_search_records_results_and_the_cached_repeat(server: ProviderServer) -> None:
    body = searxng_body(["https://jobs.example.com/offer?utm_source=fb", "https://b.example.org/x"])
    body["results"][0]["title"] = HOSTILE
    server.route("/search", Canned(200, body))
    assert run_cli("case", "new", "Search test", "--use").code == 0
    first = run_cli("search", 'intitle:"free visa" dubai', "-e", "bing")
    assert first.code == 0, first.err
    assert "[ok]" in first.out and "https://jobs.example.com/offer?utm_source=fb" in first.out
    assert "\x1b" not in first.out and "\\x1b" in first.out  # hostile title shown literally
    assert server.hits("/search") == 1
    again = run_cli("search", 'intitle:"free visa" dubai', "-e", "bing")
    assert again.code == 0 and "[cached]" in again.out
    assert server.hits("/search") == 1  # the repeat sent no request
    runs = events("search.run")
    assert len(runs) == 2
    outcome = runs[1]["payload"]["outcome"]  # type: ignore[index]
    assert outcome["status"] == "cached" and outcome["request"]["from_cache"] is True
    assert runs[0]["payload"]["query"] == 'intitle:"free visa" dubai'  # type: ignore[index]
    assert runs[0]["payload"]["engine"] == "bing" and runs[0]["case"] == "C-0001"  # type: ignore[index]


def test_review_shows_on_the_next_run(server: ProviderServer) -> None:
    server.route("/search", Canned(200, searxng_body(["https://jobs.example.com/a"])))
    assert run_cli("search", "visa").code == 0
    review = run_cli(
        "review",
        "https://JOBS.example.com:443/a#frag",
        "--verdict",
        "relevant",
        "--note",
        "fee asked",
        "--tag",
        "gulf",
    )
    assert review.code == 0, review.err
    shown = run_cli("search", "visa", "--refresh")
    assert "[relevant by test-officer at" in shown.out
    again = run_cli("review", "https://jobs.example.com/a", "--verdict", "escalate")
    assert "earlier verdict: relevant by test-officer" in again.out
    reviewed = events("result.reviewed")
    assert [e["payload"]["verdict"] for e in reviewed] == ["relevant", "escalate"]  # type: ignore[index]
    assert reviewed[0]["payload"]["url"] == "https://jobs.example.com/a"  # type: ignore[index]


def test_cache_rebuild_restores_verdicts(server: ProviderServer, dorker_home: Path) -> None:
    import shutil

    assert run_cli("review", "https://x.example.com/1", "--verdict", "irrelevant").code == 0
    shutil.rmtree(dorker_home / "cache" / "reviewed")
    rebuilt = run_cli("cache", "rebuild")
    assert rebuilt.code == 0 and "1 verdict(s) replayed" in rebuilt.out
    server.route("/search", Canned(200, searxng_body(["https://x.example.com/1"])))
    assert "[irrelevant by test-officer" in run_cli("search", "visa").out


def test_a_captcha_is_an_outcome_with_the_browser_offered(server: ProviderServer) -> None:
    server.route("/search", Canned(200, CAPTCHA_PAGE))
    result = run_cli("search", "visa jobs")
    assert result.code == 1
    assert "[captcha]" in result.out and "open it in your browser instead: https://" in result.out
    assert events("search.run")[0]["payload"]["outcome"]["status"] == "captcha"  # type: ignore[index]


def test_brave_key_never_reaches_the_record(
    server: ProviderServer, monkeypatch: pytest.MonkeyPatch, dorker_home: Path
) -> None:
    monkeypatch.setenv("DORKER_BRAVE_API_KEY", BRAVE_KEY)
    monkeypatch.setenv("DORKER_BRAVE_URL", server.url)
    server.route("/res/v1/web/search", Canned(200, brave_body(["https://a.example.com/"])))
    result = run_cli("search", "visa", "--provider", "brave", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["results"][0]["url"] == "https://a.example.com/"
    assert BRAVE_KEY not in result.out + result.err
    exported = run_cli("audit", "log", "--format", "jsonl").out
    assert BRAVE_KEY not in exported
    for path in dorker_home.rglob("*"):
        if path.is_file():
            assert BRAVE_KEY.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("search", "visa", "--provider", "altavista"), "unknown provider", id="provider"
        ),
        pytest.param(("search", "visa", "--pages", "0"), "--pages must be 1 or more", id="pages"),
        pytest.param(
            ("review", "javascript:alert(1)", "--verdict", "relevant"),
            "not a web address",
            id="url",
        ),
        pytest.param(
            ("review", "https://x.org", "--verdict", "maybe"), "invalid choice", id="verdict"
        ),
    ],
)
def test_user_errors(server: ProviderServer, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.code == 2 and message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_no_provider_points_to_open(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("search", "visa")
    assert result.code == 2 and "dorker open" in result.err
