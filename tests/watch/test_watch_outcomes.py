"""Outcomes a watch run must record rather than hide: a provider asking to wait, no provider
settings on the scheduler's machine, a playbook gone; and the plan contract for platforms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import events, run_json
from dorker.watch.schedule import grace, parse_ts
from dorker.watch.searches import PlannedSearch
from helpers import run_cli
from provider_server import Canned, ProviderServer, searxng_body

PLAYBOOKS = Path(__file__).resolve().parents[1] / "tui" / "data" / "playbooks"


def test_retry_after_postpones_the_next_run(server: ProviderServer) -> None:
    server.route("/search", Canned(429, {"error": "slow down"},
                                   headers={"Retry-After": str(2 * 86400)}))
    assert run_cli("watch", "add", "w", "visa", "-e", "bing", "--every", "1d").code == 0
    code, doc = run_json("--due")
    run: Any = doc["runs"][0]  # type: ignore[index]
    assert code == 1 and run["status"] == "rate-limited"
    assert server.hits() == 1  # the provider asked for longer than dorker waits: no retry
    [recorded] = events("watch.run")
    payload: Any = recorded["payload"]
    assert payload["status"] == "blocked" and payload["retry_after"] == 2 * 86400
    [listed] = json.loads(run_cli("watch", "list", "--format", "json").out)["watches"]
    due = parse_ts(listed["next_due"]) - parse_ts(payload["started"])
    assert due.total_seconds() == 2 * 86400 - grace(86400)
    assert listed["due"] is False and listed["last_run"]["retry_after"] == 2 * 86400


def test_no_provider_on_the_running_machine(server: ProviderServer,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    monkeypatch.delenv("DORKER_SEARXNG_URL")
    code, doc = run_json("w")
    run: Any = doc["runs"][0]  # type: ignore[index]
    assert code == 1 and run["status"] == "not-configured" and server.hits() == 0
    assert "not configured" in run["message"]
    assert events("watch.run")[0]["payload"]["status"] == "failed"  # type: ignore[index]


def test_a_playbook_gone_is_a_failed_run(server: ProviderServer, dorker_home: Path) -> None:
    server.route("/search", Canned(200, searxng_body(["https://a.example/1"])))
    mine = dorker_home / "config" / "queries"
    shutil.copytree(PLAYBOOKS, mine)
    added = run_cli("watch", "add", "pb", "test-gulf-visa", "-e", "bing")
    assert added.code == 0, added.err
    assert run_json("pb")[0] == 0
    shutil.rmtree(mine)
    code, doc = run_json("pb")
    run: Any = doc["runs"][0]  # type: ignore[index]
    assert code == 1 and run["status"] == "failed" and run["engine"] is None
    assert "cannot plan the searches" in run["message"]
    assert [e["payload"]["status"] for e in events("watch.run")] == ["ok", "failed"]  # type: ignore[index]



def test_the_plan_contract_of_platform_items() -> None:
    """A platform item's plan (its `searches`) is what a manual run lists to open, in order,
    with the plan ids and each search's own engine (a web companion names its web engine)."""
    from dorker.targets import resolve_target

    item = resolve_target("free visa (dubai OR saudi)", engines=["facebook"])[0]
    planned = PlannedSearch("dork", "facebook", item, manual=True).plan()
    assert [s["id"] for s in planned] == ["#1", "#2", "#w1"]
    assert [s["engine"] for s in planned] == ["facebook", "facebook", "google"]
    assert planned[0]["query"] == "free visa dubai"
    assert planned[2]["url"].startswith("https://www.google.com/search?q=site%3Afacebook.com")
    # An engine that makes no plan: the item itself is the one search.
    web = resolve_target("free visa", engines=["bing"])[0]
    assert PlannedSearch("dork", "bing", web, manual=True).plan() == [
        {"id": "#1", "engine": "bing", "query": "free visa", "url": web.url}]
