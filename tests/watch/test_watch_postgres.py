"""Watches on the PostgreSQL team store: the advisory lock and a shared record of what was seen.

Runs when DORKER_TEST_POSTGRES names a server; skips with that reason otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_json
from dorker.watch.lock import try_lock
from helpers import run_cli
from pg_support import fresh_schema
from provider_server import Canned, ProviderServer, searxng_body


@pytest.fixture
def team(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with fresh_schema("watch") as url:
        assert run_cli("store", "init", "--postgres", url).code == 0
        monkeypatch.setenv("DORKER_STORE", url)
        yield url


def test_advisory_lock_is_exclusive_per_store_and_name(team: str) -> None:
    held = try_lock(team, "gulf-ads")
    assert held is not None
    assert try_lock(team, "GULF-ADS") is None
    with fresh_schema("other") as other_store:  # another store on the same server: its own lock
        elsewhere = try_lock(other_store, "gulf-ads")
        assert elsewhere is not None
        elsewhere.release()
    held.release()
    again = try_lock(team, "gulf-ads")
    assert again is not None
    again.release()


def test_watch_runs_on_the_team_store(team: str, server: ProviderServer, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    server.route("/search", Canned(200, searxng_body(["https://a.example/1"])),
                 Canned(200, searxng_body(["https://a.example/1", "https://a.example/2"])))
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    held = try_lock(team, "w")
    assert held is not None
    code, doc = run_json("w")
    assert code == 0 and doc["skipped"][0]["reason"] == "locked"  # type: ignore[index]
    held.release()
    assert run_json("w")[0] == 0
    monkeypatch.setenv("DORKER_HOME", str(tmp_path / "teammate"))  # another machine's cache
    code, doc = run_json("w")
    run: Any = doc["runs"][0]  # type: ignore[index]
    assert [n["url"] for n in run["new"]] == ["https://a.example/2"] and run["seen"] == 1
    assert run_cli("audit", "verify").code == 0
