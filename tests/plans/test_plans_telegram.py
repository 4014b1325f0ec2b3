"""Telegram without a channel: web searches of public channel pages (site:t.me/s) through
Google, Bing and Yandex, in build, translate and open — never an error. With a channel
(site:t.me/s/NAME) the plan searches that channel and its companions keep that site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from plans_fixtures import events, write_team_root

from dorker.engines.limits import count_words
from dorker.engines.registry import engine_profiles
from helpers import run_cli

TG_PLAYBOOK = """\
id: pt-tg
title: Telegram plans
pattern: fake-jobs
version: 2
status: testing
authors: [tests]
description: Telegram with and without a channel
languages: [en]
engines: [telegram]
references:
  - id: r1
    title: tests
queries:
  - id: nochan
    title: no channel
    language: en
    query: '(Dubai OR Saudi) "free visa" (agent OR job)'
    sources: [facebook]
    refs: [r1]
  - id: chan
    title: one channel
    language: en
    query: 'site:t.me/s/dubai_jobs (Dubai OR Saudi) "free visa"'
    sources: [facebook]
    refs: [r1]
"""
WEB = ["google", "bing", "yandex"]
DORK = '(Dubai OR Saudi) "free visa" (agent OR job)'


@pytest.fixture(autouse=True)
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_CONFIG", str(write_team_root(tmp_path, TG_PLAYBOOK, "pt-tg")))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def _no_errors(diagnostics: list[dict[str, Any]]) -> None:
    assert not [d for d in diagnostics if d["severity"] == "error"], diagnostics


def _web_only(entry: dict[str, Any], prefix: str) -> None:
    """A channel-less Telegram entry: one web search per engine, each limited to t.me/s."""
    searches = entry["searches"]
    assert [s["engine"] for s in searches] == WEB
    assert [s["id"] for s in searches] == [f"{prefix}#w{n}" for n in (1, 2, 3)]
    assert all(s["origin"] == "web" and s["query"].startswith("site:t.me/s ") for s in searches)
    assert (entry["query"], entry["url"]) == (searches[0]["query"], searches[0]["url"])
    for search in searches:
        query = parse_qs(urlsplit(search["url"]).query)
        assert search["query"] in (query.get("q") or query.get("text") or [])
    assert "https://t.me/" not in json.dumps(searches)  # no channel URL can be built
    _no_errors(entry["diagnostics"])
    assert any(d["code"] == "plan-no-channel" and d["severity"] == "info"
               for d in entry["diagnostics"])


def test_build_json_and_text_without_a_channel() -> None:
    result = run_cli("build", "pt-tg", "--format", "json")
    assert result.code == 0, result.err
    queries = {q["id"]: q["engines"]["telegram"] for q in json.loads(result.out)["queries"]}
    _web_only(queries["nochan"], "pt-tg:nochan")
    assert queries["nochan"]["searches"][2]["query"] == (
        'site:t.me/s (Dubai | Saudi) "free visa" (agent | job)')  # Yandex's own OR
    text = run_cli("build", "pt-tg:nochan")
    assert text.code == 0 and "error" not in text.out + text.err
    lines = text.out.splitlines()
    assert "  telegram    search plan (3 searches):" in lines
    for n, engine in enumerate(WEB, start=1):
        assert any(line.strip().startswith(f"pt-tg:nochan#w{n}  site:t.me/s ")
                   and line.endswith(f"(via {engine})") for line in lines), text.out


def test_build_with_a_channel_searches_the_channel() -> None:
    result = run_cli("build", "pt-tg:chan", "--format", "json")
    entry = json.loads(result.out)["queries"][0]["engines"]["telegram"]
    own = [s for s in entry["searches"] if s["origin"] != "web"]
    web = [s for s in entry["searches"] if s["origin"] == "web"]
    assert [(s["engine"], s["query"]) for s in own] == [("telegram", "Dubai free visa"),
                                                        ("telegram", "Saudi free visa")]
    assert own[0]["url"] == "https://t.me/s/dubai_jobs?q=Dubai%20free%20visa"
    assert [s["engine"] for s in web] == WEB
    # The companions keep the query's own channel, not the bare site:t.me/s.
    assert all(s["query"].startswith("site:t.me/s/dubai_jobs ") for s in web)
    assert not any("site:t.me/s " in s["query"] for s in web)
    assert not any(d["code"] == "plan-no-channel" for d in entry["diagnostics"])
    _no_errors(entry["diagnostics"])


def test_translate_json_and_text_without_a_channel() -> None:
    result = run_cli("translate", DORK, "-e", "telegram", "-e", "google", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    _web_only(data["engines"]["telegram"], "")
    assert "searches" not in data["engines"]["google"]
    text = run_cli("translate", DORK, "-e", "telegram")
    assert text.code == 0 and "✗" not in text.out
    for n, engine in enumerate(WEB, start=1):
        assert any(line.startswith(f"  #w{n}") and line.endswith(f"(via {engine})")
                   for line in text.out.splitlines()), text.out
    # With a channel (given as a URL parameter) translate searches it.
    channel = run_cli("translate", DORK, "-e", "telegram", "-p", "channel=dubai_jobs",
                      "--format", "json")
    own = [s for s in json.loads(channel.out)["engines"]["telegram"]["searches"]
           if s["origin"] != "web"]
    assert own and all(s["url"].startswith("https://t.me/s/dubai_jobs?q=") for s in own)


def test_open_print_records_the_web_search_for_the_plan() -> None:
    assert run_cli("case", "new", "Telegram", "--pattern", "fake-jobs", "--use").code == 0
    result = run_cli("open", "pt-tg:nochan", "-e", "telegram", "--print")
    assert result.code == 0, result.err
    [line] = result.out.splitlines()
    assert line.startswith("pt-tg:nochan#w1 (google) https://www.google.com/search?q=site%3At.me")
    [event] = events()
    assert (event["engine"], event["plan_engine"], event["search_id"]) == (
        "google", "telegram", "pt-tg:nochan#w1")
    assert event["query"].startswith("site:t.me/s ") and event["case"] == "C-0001"
    assert event["playbook"] == "pt-tg" and event["query_id"] == "nochan"
    # The whole plan: one search per web engine, each recorded under its own engine.
    assert run_cli("open", "pt-tg:nochan", "-e", "telegram", "--print", "--all").code == 0
    later = events()[1:]
    assert [(e["engine"], e["search_id"]) for e in later] == [
        ("google", "pt-tg:nochan#w1"), ("bing", "pt-tg:nochan#w2"),
        ("yandex", "pt-tg:nochan#w3")]
    assert {e["plan_engine"] for e in later} == {"telegram"}


def test_open_a_raw_dork_on_telegram() -> None:
    result = run_cli("open", DORK, "-e", "telegram", "--print")
    assert result.code == 0, result.err
    [event] = events()
    assert (event["engine"], event["plan_engine"], event["search_id"]) == ("google", "telegram",
                                                                           "#w1")
    assert event["dork"] == DORK
    assert result.out.startswith("#w1 (google) https://www.google.com/")


def test_open_one_search_of_a_channel_plan() -> None:
    result = run_cli("open", "pt-tg:chan#2", "-e", "telegram", "--print")
    assert result.code == 0, result.err
    [event] = events()
    assert (event["engine"], event["search_id"]) == ("telegram", "pt-tg:chan#2")
    assert event["url"] == "https://t.me/s/dubai_jobs?q=Saudi%20free%20visa"


LONG = '(Dubai OR Saudi OR Qatar OR Oman OR Kuwait OR Bahrain) "free visa" job agent salary'


def _telegram(*args: str) -> dict[str, Any]:
    result = run_cli("translate", LONG, "-e", "telegram", "--format", "json", *args)
    assert result.code == 0, result.err
    entry: dict[str, Any] = json.loads(result.out)["engines"]["telegram"]
    return entry


def test_bing_companions_are_split_to_bings_word_limit() -> None:
    limit = engine_profiles(["bing"])["bing"].limits.words
    assert limit == 10
    entry = _telegram()
    bing = [s["query"] for s in entry["searches"] if s["engine"] == "bing"]
    assert count_words(f"site:t.me/s {LONG}") > limit  # whole, it would not fit
    assert len(bing) == 2 and all(count_words(q) <= limit for q in bing), bing
    places = {"Dubai", "Saudi", "Qatar", "Oman", "Kuwait", "Bahrain"}
    for query in bing:  # each part: site, a share of the places, every other word kept
        assert query.startswith("site:t.me/s (") and query.endswith('"free visa" job agent salary')
    shares = [places & set(q.replace("(", " ").replace(")", " ").split()) for q in bing]
    assert shares[0] | shares[1] == places and not shares[0] & shares[1]
    # Google (32 words) and Yandex (40) take it whole.
    assert [s["engine"] for s in entry["searches"]] == ["google", "bing", "bing", "yandex"]


def test_bing_is_left_out_with_a_note_when_the_split_exceeds_the_cap() -> None:
    entry = _telegram("--max-searches", "1")
    assert [s["engine"] for s in entry["searches"]] == ["google", "yandex"]
    [note] = [d for d in entry["diagnostics"] if d["code"] == "plan-companion-skipped"]
    assert "Bing" in note["message"] and "10-word limit" in note["message"]
    _no_errors(entry["diagnostics"])


def test_a_query_limited_to_another_site_gets_no_web_companion() -> None:
    """site:t.me/s site:bdjobs.com could find nothing: the companion is left out, with a note,
    and the platform's own searches stay (Facebook); Telegram then has nothing to search."""
    from dorker.engines.compiler import compile_query
    from dorker.query.parser import parse

    profiles = engine_profiles(["facebook", "telegram"])
    node = parse('site:bdjobs.com (Dubai OR Saudi) "free visa"').node
    facebook = compile_query(node, profiles["facebook"])
    assert [s.origin for s in facebook.searches] == ["combination", "combination"]
    notes = [d.message for d in facebook.diagnostics if d.code == "plan-companion-skipped"]
    assert notes == ["the query is limited to site:bdjobs.com, so no web search of Facebook's "
                     "pages is added"]
    telegram = compile_query(node, profiles["telegram"])
    assert not telegram.searches and telegram.query is None
    assert any(d.code == "plan-companion-skipped" for d in telegram.diagnostics)
