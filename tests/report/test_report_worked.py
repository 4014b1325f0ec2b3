"""The report of a case worked end to end: the summary's figures are the store's, every search
appears, the matrix has one cell per source × query, and hostile text stays literal."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from report_casework import HOSTILE, REVIEWED, worked, worked_home

from dorker.textsafe import printable
from helpers import run_cli

__all__ = ["worked", "worked_home"]  # fixtures, re-exported for pytest


def case_events() -> list[dict[str, Any]]:
    """The case's events, read through `audit log` (not through the report's code)."""
    result = run_cli("audit", "log", "--case", "C-0001", "--format", "jsonl")
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def render(tmp_path: Path, fmt: str) -> str:
    out = tmp_path / f"report.{fmt}"
    result = run_cli("report", "C-0001", "--format", fmt, "-o", str(out))
    assert result.code == 0, result.err
    return out.read_text(encoding="utf-8")


def card(page: str, name: str) -> str:
    """The text of one summary card (tags dropped, entities decoded, spaces collapsed)."""
    end = r'\n(<div class="card|</div>\n<nav)'
    match = re.search(rf'<div class="card[^"]*" id="sum-{name}">(.*?){end}', page, re.S)
    assert match, f"no summary card {name}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def expected_sources(events: list[dict[str, Any]]) -> tuple[int, int, Counter[str]]:
    """(sources the patterns call for, how many of those were checked, latest outcomes)."""
    from dorker.catalog import load_catalog

    called = {s.id for s in load_catalog().sources if "fake-jobs" in s.patterns}
    called |= {e["payload"]["id"] for e in events if e["action"] == "source.added"}
    latest: dict[str, dict[str, Any]] = {}
    for e in events:
        if e["action"] == "source.checked" and e["payload"]["source"] in called:
            latest[e["payload"]["source"]] = e  # later events win: the log is in order
    return len(called), len(latest), Counter(e["payload"]["outcome"] for e in latest.values())


def test_summary_figures_are_the_stores(worked: Path, tmp_path: Path) -> None:
    events = case_events()
    head = run_cli("audit", "head").out.split()[-1]  # the report's own export comes after it
    page = render(tmp_path, "html")
    searches = [e for e in events if e["action"] in ("query.opened", "search.run")]
    assert len(searches) >= 30
    engines = Counter(e["payload"]["engine"] for e in searches)
    assert {"google", "bing", "yandex", "facebook", "tiktok"} <= set(engines)

    text = card(page, "searches")
    opened = sum(1 for e in searches if e["action"] == "query.opened")
    assert text.startswith(f"Searches {len(searches)} in ")
    assert f"{opened} opened in a browser, {len(searches) - opened} fetched by a provider" in text
    for engine, count in engines.items():
        assert re.search(rf"\b{engine}( platform)? {count}\b", text), (engine, text)
    # Events of one command share a command id (a whole `open`); others count one each.
    ids = {e["payload"]["command_id"] for e in searches if e["payload"].get("command_id")}
    alone = sum(1 for e in searches if not e["payload"].get("command_id"))
    assert f" in {len(ids) + alone} commands" in text
    plan = len({(e["payload"].get("plan_engine"), e["payload"]["search_id"]) for e in searches
                if e["payload"].get("search_id")})
    assert f"{plan} plan searches" in text

    called, checked, outcomes = expected_sources(events)
    text = card(page, "sources")
    assert f"Sources checked {checked} of {called} the patterns call for" in text
    for outcome, count in outcomes.items():
        assert f"{outcome} {count}" in text

    reviews: dict[str, str] = {}
    for e in events:
        if e["action"] == "result.reviewed":
            reviews[e["payload"]["url"]] = e["payload"]["verdict"]
    text = card(page, "reviews")
    assert text.startswith(f"Reviewed results {len(reviews)} ")
    for verdict, count in Counter(reviews.values()).items():
        assert f"{verdict} {count}" in text

    evidence = [e for e in events if e["action"] == "evidence.added"]
    total = sum(e["payload"]["size"] for e in evidence)
    text = card(page, "evidence")
    assert text.startswith(f"Evidence {len(evidence)} files")
    assert f"{total // 1024}.{total * 10 // 1024 % 10} KB" in text

    actors = Counter(e["actor"] for e in events)
    text = card(page, "who")
    assert text.startswith(f"Worked by {len(actors)} people, {len(events)} events")
    for actor, count in actors.items():
        assert f"{actor} {count}" in text

    text = card(page, "chain")
    assert "verifies" in text and head in text


def test_every_search_appears_grouped(worked: Path, tmp_path: Path) -> None:
    events = case_events()
    page = render(tmp_path, "html")
    searches = [e for e in events if e["action"] in ("query.opened", "search.run")]
    items = re.findall(r'<li id="search-(\d+)">', page)
    assert sorted(int(i) for i in items) == sorted(e["seq"] for e in searches)
    for e in searches:
        block = page.split(f'<li id="search-{e["seq"]}">', 1)[1].split("</li>", 1)[0]
        query = str(escape(printable(e["payload"]["query"])))
        assert f"<code>{query}</code>" in block  # as written, escaped, control characters shown
        assert str(escape(printable(e["payload"]["url"]))) in block  # the full URL, in details
    # Grouped: playbooks in order of first use, raw dorks last; engines inside each.
    headings = re.findall(r"<h3>(Playbook [\w-]+|Raw dorks)", page)
    assert headings == ["Playbook gulf-free-visa-jobs", "Playbook work-permit-offers",
                        "Raw dorks"]


def test_matrix_has_one_cell_per_source_and_query(worked: Path, tmp_path: Path) -> None:
    coverage = json.loads(run_cli("coverage", "--case", "C-0001", "--format", "json").out)
    sources = len(coverage["rows"])
    queries = coverage["summary"]["queries"]
    page = render(tmp_path, "html")
    matrix = page.split('<section class="page" id="coverage">', 1)[1].split('id="gaps"', 1)[0]
    bands = re.findall(r'<table class="matrix".*?</table>', matrix, re.S)
    assert len(bands) >= 2  # the pattern's queries do not fit one printed band
    cells = 0
    for band in bands:
        columns = len(re.findall(r'<th class="q[ "]', band))
        assert 0 < columns <= 40  # a band prints upright on A4 or Letter
        rows = re.findall(r'<tr class="r\d">(.*?)</tr>', band, re.S)
        assert len(rows) == sources
        for row in rows:
            tds = re.findall(r"<td[ >]", row)
            assert len(tds) == columns + 1  # plus the source's own "any query" cell
        cells += columns * len(rows)
    assert cells == sources * queries
    assert f"= {sources * queries} cells" in matrix
    # The states recorded in the worked case, where they were recorded.
    facebook = re.search(r'<tr class="r0"><th class="src"[^>]*>Facebook.*?</tr>', matrix, re.S)
    assert facebook and 'class="any s-leads"' in facebook.group(0)
    assert re.search(r'title="facebook × gulf-free-visa-jobs:en-free-1: checked: leads found'
                     r'[^"]*3 plan searches opened"', matrix)
    assert re.search(r'title="imo × gulf-free-visa-jobs:bnl-free: checked: inaccessible', matrix)
    assert re.search(r'title="bdjobs × gulf-free-visa-jobs:en-free-1: checked: nothing', matrix)
    assert re.search(r'class="s-opened[^"]*" title="bdjobs × gulf-free-visa-jobs:en-free-2', matrix)
    assert re.search(r'class="s-not-checked[^"]*" title="telegram-links × work-permit', matrix)
    assert 'class="any s-blocked" title="tiktok (any query): checked: blocked' in matrix


def test_markdown_matrix_has_one_glyph_per_cell(worked: Path, tmp_path: Path) -> None:
    coverage = json.loads(run_cli("coverage", "--case", "C-0001", "--format", "json").out)
    md = render(tmp_path, "md")
    section = md.split("## Coverage", 1)[1].split("### Gaps", 1)[0]
    rows = [line for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| source")]
    assert len(rows) % len(coverage["rows"]) == 0  # one row per source in each band
    glyphs = 0
    for line in rows:
        strips = re.findall(r"\| `([^`]*)` (?=\|)", line)
        assert len(strips[0]) == 1  # the "any query" cell
        glyphs += sum(len(s) for s in strips[1:])
    assert glyphs == len(coverage["rows"]) * coverage["summary"]["queries"]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_hostile_text_stays_literal(worked: Path, tmp_path: Path, fmt: str) -> None:
    page = render(tmp_path, fmt)
    assert "\x1b" not in page and "\\x1b[2J" in page
    if fmt == "html":
        assert "<script>" not in page and "<b>tag</b>" not in page
        assert str(escape('<script>alert("x")</script>')) in page
        assert 'href="javascript' not in page
        assert all(href.startswith(("https://", "#")) for href in re.findall(r'href="([^"]*)"',
                                                                            page))
    else:
        assert "\\[click\\](javascript:alert(1))" in page and "\\*\\*bold\\*\\*" in page
        outside_code = re.sub(r"(`+).*?\1", "", page)  # code spans show text literally
        assert "<script>" not in outside_code and "<b>" not in outside_code
    for url in REVIEWED:
        assert (str(escape(url)) if fmt == "html" else url.split("?")[0]) in page
    assert HOSTILE  # the fixture put it in titles, notes, tags, queries and a source name
