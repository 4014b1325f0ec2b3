"""Bad input to `dorker watch`: one line, exit 2, nothing recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import events
from helpers import run_cli
from provider_server import ProviderServer


def record_size() -> int:
    return len(run_cli("audit", "log", "--format", "jsonl").out.splitlines())


@pytest.mark.parametrize("args, message", [
    pytest.param(("watch", "run", "nope"), "no watch called 'nope'", id="run-unknown"),
    pytest.param(("watch", "remove", "nope"), "no watch called 'nope'", id="remove-unknown"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "bing", "--every", "daily"),
                 "--every 'daily' is not a duration", id="every-not-a-duration"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "bing", "--every", "30"),
                 "--every '30' is not a duration", id="every-without-unit"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "bing", "--every", "1m"),
                 "shorter than 10m", id="every-too-short"),
    pytest.param(("watch", "add", "existing", "visa", "-e", "bing"),
                 "a watch called 'existing' already exists", id="duplicate-name"),
    pytest.param(("watch", "add", "EXISTING", "visa", "-e", "bing"),
                 "a watch called 'existing' already exists", id="duplicate-name-case"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "nosuchengine"),
                 "unknown engine 'nosuchengine'", id="unknown-engine"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "bing", "--provider", "brave"),
                 "engine 'bing' is not served by brave and is not a platform", id="not-served"),
    pytest.param(("watch", "add", "bad name", "visa", "-e", "bing"),
                 "watch name 'bad name' is not usable", id="bad-name"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "bing", "--provider", "bing"),
                 "unknown provider 'bing'", id="unknown-provider"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "bing", "--pages", "0"),
                 "--pages must be 1 to", id="pages"),
    pytest.param(("watch", "run", "existing", "--due"), "not both", id="names-and-due"),
    pytest.param(("watch", "run", "--all-actors"), "--all-actors goes with --due",
                 id="all-actors-alone"),
    pytest.param(("watch", "add", "w2", "visa", "-e", "bing", "--case", "C-0042"),
                 "C-0042", id="unknown-case"),
])
def test_bad_input_is_one_line_exit_2_nothing_recorded(server: ProviderServer,
                                                       args: tuple[str, ...],
                                                       message: str) -> None:
    assert run_cli("watch", "add", "existing", "visa jobs", "-e", "bing").code == 0
    before = record_size()
    result = run_cli(*args)
    assert result.code == 2, (result.out, result.err)
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert "Traceback" not in result.err and result.out == ""
    assert record_size() == before
    assert server.hits() == 0


def test_web_engine_without_any_provider(fast_config: Path) -> None:
    result = run_cli("watch", "add", "w", "visa", "-e", "bing")
    assert result.code == 2 and "no search provider is configured" in result.err
    assert not (fast_config.parent.parent / "data" / "dorker.sqlite3").exists() or \
        events("watch.added") == []


def test_platform_only_watch_needs_no_provider(fast_config: Path) -> None:
    """Facebook has no provider: the run lists its searches as due, exit 0, recorded."""
    added = run_cli("watch", "add", "fb", "free visa dubai", "-e", "facebook")
    assert added.code == 0, added.err
    assert "facebook listed to open" in added.out
    shown = run_cli("watch", "run", "fb")
    assert shown.code == 0, shown.err
    assert "manual" in shown.out and "https://www.facebook.com/search/top/?q=" in shown.out
    [run] = events("watch.run")
    payload: Any = run["payload"]
    assert payload["status"] == "manual" and payload["provider"] is None
    [item] = payload["items"]
    assert item["status"] == "manual" and item["engine"] == "facebook"
    assert item["plan"][0]["url"].startswith("https://www.facebook.com/search/top/?q=free")
    assert item["plan"][0]["id"] == "#1"


def test_mixed_watch_and_left_out_engines(server: ProviderServer, monkeypatch: Any) -> None:
    """Without -e the playbook's engines are used; the ones the provider cannot search are
    left out with a note (with -e they would be an error)."""
    from provider_server import Canned, searxng_body

    server.route("/search", Canned(200, searxng_body(["https://a.example/1"])))
    added = run_cli("watch", "add", "mixed", "visa", "-e", "bing", "-e", "tiktok", "--format",
                    "json")
    assert added.code == 0, added.err
    result = run_cli("watch", "run", "mixed", "--format", "json")
    import json

    doc = json.loads(result.out)
    assert result.code == 0
    assert {r["engine"]: r["status"] for r in doc["runs"]} == {"bing": "ok", "tiktok": "manual"}
    tiktok = next(r for r in doc["runs"] if r["engine"] == "tiktok")
    assert tiktok["plan"] and tiktok["new"] == [] and tiktok["seen"] == 0
