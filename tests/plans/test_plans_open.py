"""`dorker open` on plans: each query's first search, `PB:Q#N` one search, `--all` the whole
plan as one command; every event keeps the id, the platform, the variables; coverage counts
the distinct plan searches opened per source x query."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from plans_fixtures import events, write_team_root

from helpers import run_cli


@pytest.fixture(autouse=True)
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_CONFIG", str(write_team_root(tmp_path)))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert run_cli("case", "new", "Plans", "--pattern", "fake-jobs", "--use").code == 0


def plan_of(target: str, *args: str) -> list[dict[str, Any]]:
    data = json.loads(run_cli("build", target, "-e", "facebook", "--format", "json",
                              *args).out)
    searches: list[dict[str, Any]] = data["queries"][0]["engines"]["facebook"]["searches"]
    return searches


def opened(*args: str) -> list[dict[str, Any]]:
    """Run `open ARGS --print` and return the events it recorded."""
    before = len(events())
    result = run_cli("open", *args, "--print")
    assert result.code == 0, result.err
    recorded = events()[before:]
    assert f"recorded {len(recorded)} search(es) for C-0001" in result.err
    return recorded


def test_a_playbook_opens_each_querys_first_search() -> None:
    recorded = opened("pt-gulf", "-e", "facebook")
    assert [(e["query_id"], e["search_id"], e["engine"]) for e in recorded] == [
        ("jobs", "pt-gulf:jobs#1", "facebook"), ("agents", "pt-gulf:agents#1", "facebook")]
    assert recorded[0]["query"] == plan_of("pt-gulf:jobs")[0]["query"]
    assert len({e["command_id"] for e in recorded}) == 1  # one command


def test_a_query_opens_its_first_search_on_each_engine() -> None:
    recorded = opened("pt-gulf:jobs", "-e", "facebook", "-e", "tiktok", "-e", "google")
    assert [(e["engine"], e.get("search_id"), e.get("plan_engine")) for e in recorded] == [
        ("facebook", "pt-gulf:jobs#1", "facebook"), ("tiktok", "pt-gulf:jobs#1", "tiktok"),
        ("google", None, None)]  # google has OR: its one query, no plan id


def test_one_search_by_number_keeps_the_variables() -> None:
    result = run_cli("open", "pt-gulf:jobs#3", "-e", "facebook", "-V", "destination=Qatar",
                     "--print")
    assert result.code == 0, result.err
    [event] = events()
    third = plan_of("pt-gulf:jobs", "-V", "destination=Qatar")[2]
    assert event["search_id"] == "pt-gulf:jobs#3" == third["id"]
    assert (event["query"], event["url"]) == (third["query"], third["url"])
    assert "Qatar" in event["query"]
    assert event["variables"] == {"destination": ["Qatar"]}
    assert event["playbook"] == "pt-gulf" and event["playbook_version"] == 4
    assert len(event["playbook_sha256"]) == 64 and event["plan_engine"] == "facebook"
    assert result.out == f"pt-gulf:jobs#3 (facebook) {third['url']}\n"


def test_all_opens_the_whole_plan_as_one_command() -> None:
    first = opened("pt-gulf:jobs", "-e", "facebook")
    recorded = opened("pt-gulf:jobs", "-e", "facebook", "--all")
    plan = plan_of("pt-gulf:jobs")
    assert [e["search_id"] for e in recorded] == [s["id"] for s in plan]
    assert [(e["engine"], e["query"], e["url"]) for e in recorded] == [
        (s["engine"], s["query"], s["url"]) for s in plan]
    assert recorded[-1]["engine"] == "google"  # the companion, recorded under its engine
    assert {e["plan_engine"] for e in recorded} == {"facebook"}
    ids = {e["command_id"] for e in recorded}
    assert len(ids) == 1 and re.fullmatch(r"[0-9a-f]{32}", ids.pop() or "")
    assert first[0]["command_id"] != recorded[0]["command_id"]
    assert all(e["variables"] == {"destination": ["Dubai"]} for e in recorded)


def test_all_with_a_cap() -> None:
    recorded = opened("pt-gulf:agents", "-e", "facebook", "--all", "--max-searches", "2")
    assert [e["search_id"] for e in recorded] == ["pt-gulf:agents#1", "pt-gulf:agents#2",
                                                  "pt-gulf:agents#w1"]
    assert [e["engine"] for e in recorded] == ["facebook", "facebook", "google"]


def cell(query: str = "pt-gulf:jobs", source: str = "facebook") -> dict[str, Any]:
    result = run_cli("coverage", "--format", "json")
    assert result.code == 0, result.err
    [row] = [r for r in json.loads(result.out)["rows"] if r["source"] == source]
    found: dict[str, Any] = row["cells"][query]
    return found


def test_coverage_counts_distinct_plan_searches_opened() -> None:
    opened("pt-gulf:jobs#3", "-e", "facebook")
    assert (cell()["opened"], cell()["plans_opened"], cell()["state"]) == (1, 1, "opened")
    opened("pt-gulf:jobs", "-e", "facebook")  # the first search: a second distinct one
    assert (cell()["opened"], cell()["plans_opened"]) == (2, 2)
    opened("pt-gulf:jobs#3", "-e", "facebook")  # again: opened once more, not a new search
    assert (cell()["opened"], cell()["plans_opened"]) == (3, 2)
    opened("pt-gulf:jobs", "-e", "facebook", "--all")  # the 7 searches, 2 of them seen before
    assert (cell()["opened"], cell()["plans_opened"]) == (10, 7)
    # The same ids on another platform's plan are other searches.
    opened("pt-gulf:jobs#1", "-e", "tiktok")
    assert cell()["plans_opened"] == 8
    # Counted per query: the other query of the playbook has nothing opened.
    rows = json.loads(run_cli("coverage", "--format", "json").out)["rows"]
    [row] = [r for r in rows if r["source"] == "facebook"]
    assert row["cells"].get("pt-gulf:agents", {"plans_opened": 0})["plans_opened"] == 0
    assert row["plans_opened"] == 8 and row["opened"] == 11
