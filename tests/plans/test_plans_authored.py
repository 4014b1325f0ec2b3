"""Hand-written platform searches (`platform_searches`): first in the plan, for their engines,
a hashtag opens the platform's hashtag page; lint refuses the bad ones, each on its own line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import run_cli

HEAD = """\
id: pt-authored
title: Authored platform searches
pattern: fake-jobs
version: 1
status: testing
authors: [tests]
description: platform searches written by hand
languages: [en]
engines: [google]
references:
  - id: r1
    title: tests
queries:
  - id: q1
    title: free visa jobs
    language: en
    query: '(Saudi OR Dubai) (job OR vacancy) visa free -beware'
    refs: [r1]
    examples:
      match: ["Dubai job, visa free"]
      no_match: ["a recipe"]
    platform_searches:
"""
FIRST_ITEM_LINE = HEAD.count("\n") + 1  # the line of the first platform_searches item


def write(tmp_path: Path, items: str) -> Path:
    path = tmp_path / "pt-authored.yaml"
    path.write_text(HEAD + items, encoding="utf-8")
    return path


def built(path: Path, *args: str) -> dict[str, Any]:
    result = run_cli("build", str(path), "--format", "json", *args)
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    engines: dict[str, Any] = data["queries"][0]["engines"]
    return engines


def test_authored_searches_come_first_for_their_engines(tmp_path: Path) -> None:
    path = write(tmp_path, """\
      - text: "#dubaivisa"
        engines: [tiktok, instagram]
      - text: "Dubai visa free"
      - text: "#freevisa"
        engines: [facebook]
      - text: "free visa Saudi job"
        engines: [facebook, tiktok]
""")
    engines = built(path, "-e", "facebook", "-e", "tiktok", "-e", "instagram", "-e", "mojeek",
                    "-e", "google")
    authored = {e: [(s["query"], s["url"]) for s in v["searches"] if s["origin"] == "authored"]
                for e, v in engines.items() if "searches" in v}
    assert authored["tiktok"] == [
        ("#dubaivisa", "https://www.tiktok.com/tag/dubaivisa"),
        ("Dubai visa free", "https://www.tiktok.com/search?q=Dubai%20visa%20free"),
        ("free visa Saudi job", "https://www.tiktok.com/search?q=free%20visa%20Saudi%20job")]
    assert authored["instagram"] == [
        ("#dubaivisa", "https://www.instagram.com/explore/tags/dubaivisa/"),
        ("Dubai visa free",
         "https://www.instagram.com/explore/search/keyword/?q=Dubai%20visa%20free")]
    assert [q for q, _ in authored["facebook"]] == ["Dubai visa free", "#freevisa",
                                                    "free visa Saudi job"]
    assert authored["facebook"][1][1] == "https://www.facebook.com/hashtag/freevisa"
    assert authored["mojeek"] == [("Dubai visa free",
                                   "https://www.mojeek.com/search?q=Dubai%20visa%20free")]
    assert "searches" not in engines["google"]  # an engine with OR keeps one query
    for engine, entry in engines.items():
        if engine == "google":
            continue
        origins = [s["origin"] for s in entry["searches"]]
        count = len(authored[engine])
        # Authored first, then the ranked combinations, the web companion last.
        assert origins[:count] == ["authored"] * count and "authored" not in origins[count:]
        assert entry["query"] == entry["searches"][0]["query"]
    # An authored search with a combination's words: the combination is not repeated.
    facebook = [s["query"] for s in engines["facebook"]["searches"]]
    assert "Saudi job visa free" not in facebook and "Dubai job visa free" in facebook
    assert "Saudi job visa free" in [s["query"] for s in engines["instagram"]["searches"]]


def test_authored_searches_count_in_the_cap(tmp_path: Path) -> None:
    path = write(tmp_path, """\
      - text: "Dubai visa free"
      - text: "Saudi visa free"
""")
    entry = built(path, "-e", "facebook", "--max-searches", "2")["facebook"]
    assert [s["origin"] for s in entry["searches"]] == ["authored", "authored", "web"]
    [summary] = [d for d in entry["diagnostics"] if d["code"].startswith("plan")]
    assert summary["code"] == "plan-incomplete"
    assert summary["message"].startswith("kept 0 of 4 combination(s); never searched: Saudi, ")


def test_an_authored_search_over_the_limit_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, """\
      - text: "Saudi Dubai job vacancy visa free Saudi Dubai job"
""")
    entry = built(path, "-e", "facebook")["facebook"]
    assert "authored" not in [s["origin"] for s in entry["searches"]]
    assert any(d["code"] == "plan-over-limit" and "9 words, over Facebook's 8" in d["message"]
               for d in entry["diagnostics"])


# -- lint: each problem one located line ----------------------------------------------------

LINT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[a-z-]+) ")

REFUSED = [
    pytest.param('      - text: "Saudi Dubai job vacancy visa free Saudi Dubai job"\n',
                 "platform-search-words", (0, 9), "9 words, over the 8", id="over-word-limit"),
    pytest.param('      - text: "#dubai#visa"\n', "platform-search-hashtag", (0, 9),
                 "'#dubai#visa' is not a hashtag", id="invalid-hashtag"),
    pytest.param('      - text: "Dubai kafeel"\n', "platform-search-foreign", (0, 9),
                 "uses kafeel, found in none of the query's alternatives", id="foreign-word"),
    pytest.param('      - text: "Dubai job"\n        engines: [facebook, google]\n',
                 "platform-search-engine", (1, 29), "google has OR, so it makes no search plan",
                 id="engine-with-or"),
    pytest.param('      - text: "Dubai job"\n        engines: [altavista]\n', "unknown-engine",
                 (1, 19), "no engine 'altavista'", id="unknown-engine"),
]


@pytest.mark.parametrize(("item", "code", "where", "words"), REFUSED)
def test_lint_refuses_with_one_located_line(tmp_path: Path, item: str, code: str,
                                            where: tuple[int, int], words: str) -> None:
    path = write(tmp_path, '      - text: "Dubai visa free"\n' + item)  # one good, one bad
    result = run_cli("playbooks", "lint", str(path))
    assert result.code == 1, result.out + result.err
    lines = result.out.splitlines()
    assert len(lines) == 1, result.out  # nothing else is wrong with this playbook
    found = LINT_LINE.match(lines[0])
    assert found, lines[0]
    assert found["path"] == str(path) and found["code"] == code
    # The bad item is the second one: its text line, or its engines line for an engine.
    assert (int(found["line"]), int(found["col"])) == (FIRST_ITEM_LINE + 1 + where[0], where[1])
    assert words in lines[0]
    assert "1 error(s)" in result.err


ACCEPTED = [
    pytest.param('      - text: "Dubai kafeel"\n        broader: true\n', id="broader"),
    pytest.param('      - text: "#dubaivisa"\n', id="hashtag-of-query-words"),
    pytest.param('      - text: "#ভিসা"\n        broader: true\n', id="bengali-hashtag"),
    pytest.param('      - text: "Saudi Dubai job vacancy visa free Saudi Dubai job"\n'
                 '        engines: [mojeek]\n', id="nine-words-on-mojeek-16"),
    pytest.param('      - text: "vacancy DUBAI Visa"\n', id="query-words-any-case"),
]


@pytest.mark.parametrize("item", ACCEPTED)
def test_lint_accepts(tmp_path: Path, item: str) -> None:
    path = write(tmp_path, item)
    result = run_cli("playbooks", "lint", str(path))
    assert result.code == 0 and result.out == "", result.out + result.err


def test_only_a_well_formed_hashtag_opens_the_hashtag_page() -> None:
    """A single hashtag opens the platform's hashtag page; text that is not one (lint refuses it
    in a playbook) is searched as words, never put into a hashtag URL."""
    from dorker.engines.authored import AuthoredSearch
    from dorker.engines.compiler import compile_query
    from dorker.engines.registry import engine_profiles
    from dorker.query.parser import parse

    tiktok = engine_profiles(["tiktok"])["tiktok"]
    node = parse("dubai visa").node
    good = compile_query(node, tiktok, authored=(AuthoredSearch("#dubaivisa"),))
    assert good.searches[0].url == "https://www.tiktok.com/tag/dubaivisa"
    bad = compile_query(node, tiktok, authored=(AuthoredSearch("#bad#tag"),))
    assert bad.searches[0].url == "https://www.tiktok.com/search?q=%23bad%23tag"
