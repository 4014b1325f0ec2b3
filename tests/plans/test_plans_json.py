"""The JSON shapes of DESIGN.md for plans: build/translate keep query/url (the first search) and
add `searches` only on planned engines; `match -e ENGINE` adds "search"; `playbooks test`
prints each playbook's plan line and a summary."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from plans_fixtures import expected_ids, planned_engines, write_team_root

from helpers import run_cli

SEARCH_KEYS = {"id", "engine", "query", "url"}
ENTRY_KEYS = {"query", "url", "diagnostics"}
DORK = '(Dubai OR Saudi) (job OR vacancy) "free visa" -beware'


@pytest.fixture(autouse=True)
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = write_team_root(tmp_path)
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    return config.parent / "team"


def _entry_shape(engine: str, entry: dict[str, Any], prefix: str) -> None:
    if engine in planned_engines():
        assert set(entry) == ENTRY_KEYS | {"searches"}, engine
        searches = entry["searches"]
        assert searches and all(set(s) >= SEARCH_KEYS for s in searches)
        assert [s["id"] for s in searches] == expected_ids(searches, prefix)
        assert (entry["query"], entry["url"]) == (searches[0]["query"], searches[0]["url"])
        # "engine" is whose URL it is: the platform's own, a web engine for a companion.
        assert searches[0]["engine"] == engine and searches[-1]["engine"] == "google"
        assert searches[-1]["url"].startswith("https://www.google.com/search?q=site%3A")
    else:
        assert set(entry) == ENTRY_KEYS, engine  # an engine with OR: one query, no plan
    assert isinstance(entry["diagnostics"], list)


def test_build_json_adds_searches_only_on_planned_engines() -> None:
    result = run_cli("build", "pt-gulf", "-e", "google", "-e", "facebook", "-e", "bing",
                     "-e", "tiktok", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["playbook"] == "pt-gulf" and [q["id"] for q in data["queries"]] == ["jobs",
                                                                                    "agents"]
    for query in data["queries"]:
        assert query["variables"] == {"destination": "Dubai"}
        assert list(query["engines"]) == ["google", "facebook", "bing", "tiktok"]
        for engine, entry in query["engines"].items():
            _entry_shape(engine, entry, f"pt-gulf:{query['id']}")
    jobs = data["queries"][0]["engines"]["facebook"]["searches"]
    assert jobs[0] == {"id": "pt-gulf:jobs#1", "engine": "facebook",
                       "query": "job free visa Dubai", "origin": "combination",
                       "url": "https://www.facebook.com/search/top/?q=job%20free%20visa%20Dubai"}


def test_build_urls_lists_every_plan_search() -> None:
    urls = run_cli("build", "pt-gulf:jobs", "-e", "facebook", "-e", "google", "--format", "urls")
    data = json.loads(run_cli("build", "pt-gulf:jobs", "-e", "facebook", "-e", "google",
                              "--format", "json").out)
    engines = data["queries"][0]["engines"]
    expected = [s["url"] for s in engines["facebook"]["searches"]] + [engines["google"]["url"]]
    assert urls.out.splitlines() == expected and len(expected) == 8


def test_translate_json_and_jsonl_ids_for_a_raw_dork() -> None:
    result = run_cli("translate", DORK, "-e", "facebook", "-e", "google", "-e", "mojeek",
                     "--format", "json")
    assert result.code == 0, result.err
    engines = json.loads(result.out)["engines"]
    assert set(engines["google"]) == ENTRY_KEYS
    facebook = engines["facebook"]
    _entry_shape("facebook", facebook, "")
    assert [s["id"] for s in facebook["searches"]] == ["#1", "#2", "#3", "#4", "#w1"]
    # Mojeek has no OR either: a plan without companions (it is a web engine).
    mojeek = engines["mojeek"]["searches"]
    assert {s["engine"] for s in mojeek} == {"mojeek"} and len(mojeek) == 4
    lines = run_cli("translate", "-", "-e", "facebook", "--max-searches", "2",
                    stdin=f"{DORK}\nvisa\n").out.splitlines()
    first, second = (json.loads(line)["engines"]["facebook"] for line in lines)
    assert [s["id"] for s in first["searches"]] == ["#1", "#2", "#w1"]  # 2 own + the companion
    assert [s["query"] for s in second["searches"]] == ["visa", "site:facebook.com visa"]


# -- match -e ENGINE --------------------------------------------------------------------

def _oracle(text: str, query_id: str) -> str | None:
    """The first own plan search whose words all occur in `text` (from the build JSON)."""
    data = json.loads(run_cli("build", f"pt-gulf:{query_id}", "-e", "facebook",
                              "--format", "json").out)
    words = set(re.findall(r"\w+", text.casefold()))
    for search in data["queries"][0]["engines"]["facebook"]["searches"]:
        if search["origin"] != "web" and set(search["query"].casefold().split()) <= words:
            return str(search["id"])
    return None


def _ours(result: Any) -> list[dict[str, Any]]:
    assert result.code == 0, result.err
    return [m for m in json.loads(result.out)["matches"] if m["playbook"] == "pt-gulf"]


def test_match_json_names_the_plan_search_that_finds_the_text() -> None:
    text = "Hiring now in Dubai, free ticket included"
    [hit] = _ours(run_cli("match", "-", "-e", "facebook", "--format", "json", stdin=text))
    assert hit["query"] == "jobs"
    assert hit["search"] == _oracle(text, "jobs") == "pt-gulf:jobs#6"
    # Matched by the query, but no kept plan search holds "recruiter" with "visa".
    missed = "recruiter visa Dubai"
    [miss] = _ours(run_cli("match", "-", "-e", "facebook", "--format", "json", stdin=missed))
    assert miss["query"] == "agents" and "search" in miss and miss["search"] is None
    assert _oracle(missed, "agents") is None
    text_out = run_cli("match", "-", "-e", "facebook", stdin=missed).out
    assert "pt-gulf:agents" in text_out and "[no facebook plan search finds it]" in text_out


def test_match_json_has_no_search_key_without_a_planned_engine() -> None:
    text = "Hiring now in Dubai, free ticket included"
    for args in ((), ("-e", "google")):
        [hit] = _ours(run_cli("match", "-", *args, "--format", "json", stdin=text))
        assert "search" not in hit


# -- playbooks test -----------------------------------------------------------------------

def test_playbooks_test_prints_plan_lines_and_a_summary(team: Path) -> None:
    result = run_cli("playbooks", "test", str(team))
    assert result.code == 0, result.out + result.err
    # jobs: its example is found by a plan search; agents: "recruiter visa" is not kept at 10.
    # The no_match "...beware..." is touched: a plan drops exclusions by design.
    assert result.out.splitlines() == [
        "plan facebook pt-gulf: 1/2 (50%) of must-match found, 1/3 (33%) of must-not-match "
        "touched"]
    assert ("facebook plans (at most 10 searches): 1/2 (50%) of must-match examples found, "
            "1/3 (33%) of must-not-match touched") in result.err
    wider = run_cli("playbooks", "test", str(team), "--max-searches", "16")
    assert "plan facebook pt-gulf: 2/2 (100%) of must-match found" in wider.out
    assert "(at most 16 searches)" in wider.err
    tiktok = run_cli("playbooks", "test", str(team), "--plan-engine", "tiktok")
    assert tiktok.out.startswith("plan tiktok pt-gulf: ")
    none = run_cli("playbooks", "test", str(team), "--plan-engine", "none")
    assert none.code == 0 and none.out == "" and "plans" not in none.err


def test_playbooks_test_refuses_an_engine_with_or(team: Path) -> None:
    result = run_cli("playbooks", "test", str(team), "--plan-engine", "google")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "google makes no search plans" in result.err
