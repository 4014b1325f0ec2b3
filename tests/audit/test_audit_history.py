"""Readable history: one summary line per event kind, `audit show SEQ`, exports in the record."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from dorker.audit.summary import summarize
from dorker.store import open_store
from dorker.store.exports import record_export
from helpers import run_cli

RESULTS = [{"url": f"https://bikroy.com/ad/{i}", "title": f"Visa {i}", "snippet": "s" * 300}
           for i in range(10)]
SEARCH_RUN: dict[str, Any] = {
    "engine": "google", "query": '"free visa" site:bikroy.com', "provider": "searxng", "page": 1,
    "url": "https://www.google.com/search?q=x",
    "outcome": {"status": "ok", "message": "10 results", "results": RESULTS,
                "request": {"from_cache": True, "params": {"q": "x" * 500}}},
}


@pytest.mark.parametrize(("action", "payload", "expected"), [
    pytest.param("search.run", SEARCH_RUN,
                 'search searxng/google · "free visa" site:bikroy.com · 10 results · from cache',
                 id="search-cached"),
    pytest.param("search.run", {**SEARCH_RUN, "page": 2, "outcome": {"status": "blocked"}},
                 'search searxng/google · "free visa" site:bikroy.com · blocked · page 2',
                 id="search-blocked"),
    pytest.param("query.opened", {"engine": "facebook", "query": "free visa", "how": "browser",
                                  "search_id": "gulf-free-visa-jobs:en-free-1#3"},
                 "open facebook · free visa · browser · gulf-free-visa-jobs:en-free-1#3",
                 id="open-plan-search"),
    pytest.param("query.opened", {"engine": "bing", "query": "q", "how": "printed",
                                  "playbook": "pb", "query_id": "en-1"},
                 "open bing · q · printed · pb:en-1", id="open-playbook"),
    pytest.param("case.created", {"title": "Gulf jobs", "patterns": ["fake-jobs"]},
                 "new case “Gulf jobs” · fake-jobs", id="case"),
    pytest.param("source.checked", {"source": "bikroy", "outcome": "leads", "query": None,
                                    "note": "3 ads"},
                 "checked bikroy · leads · “3 ads”", id="check"),
    pytest.param("result.reviewed", {"url": "https://x.example/a", "verdict": "relevant",
                                     "note": None, "tags": ["gulf", "fee"]},
                 "review https://x.example/a · relevant · #gulf #fee", id="review"),
    pytest.param("evidence.added", {"file": "page.png", "size": 12345, "sha256": "ab" * 32,
                                    "url": None},
                 "evidence page.png · 12,345 bytes · sha256 abababababab…", id="evidence"),
    pytest.param("export", {"what": "case report", "destination": "/home/o/C-0001.html"},
                 "export case report · → /home/o/C-0001.html", id="export"),
    pytest.param("lead.found", {"kind": "phone", "value": "+8801712345678", "at": {"seq": 3},
                                "seen": [1, 2, 3]},
                 "kind=phone · value=+8801712345678 · at={…} · seen=3 items", id="unknown-kind"),
])
def test_each_kind_has_a_short_summary(action: str, payload: dict[str, Any],
                                       expected: str) -> None:
    assert summarize(action, payload) == expected


def test_a_summary_is_one_short_safe_line_whatever_the_payload() -> None:
    line = summarize("source.checked", {"source": "x", "outcome": "leads",
                                        "note": "line one\nline two \x1b[2J" + "z" * 500})
    assert "\n" not in line and "\x1b" not in line and len(line) <= 160
    assert line.endswith("…”")
    assert summarize("search.run", {"outcome": "not an object"}).startswith("search")


@pytest.fixture
def worked(dorker_home: Path) -> None:
    assert run_cli("case", "new", "Gulf jobs", "--pattern", "fake-jobs", "--use").code == 0
    with open_store(f"sqlite:///{dorker_home / 'data' / 'dorker.sqlite3'}") as store:
        store.append("search.run", SEARCH_RUN, actor="officer.rahman", case_id="C-0001")


def test_table_shows_summaries_never_whole_payloads(worked: None) -> None:
    result = run_cli("audit", "log")
    assert result.code == 0
    header, first, second = result.out.splitlines()
    assert header.split() == ["SEQ", "TIME", "(UTC)", "ACTOR", "CASE", "KIND", "SUMMARY"]
    assert first.split()[6:] == ["new", "case", "“Gulf", "jobs”", "·", "fake-jobs"]
    assert second.endswith('search searxng/google · "free visa" site:bikroy.com · 10 results · '
                           "from cache")
    assert "snippet" not in result.out and "bikroy.com/ad/3" not in result.out


def test_jsonl_and_csv_keep_everything(worked: None) -> None:
    events = [json.loads(x) for x in run_cli("audit", "log", "--format", "jsonl").out.split("\n")
              if x]
    assert events[1]["payload"] == SEARCH_RUN
    assert "bikroy.com/ad/3" in run_cli("audit", "log", "--format", "csv").out


def test_show_prints_one_event_in_full(worked: None) -> None:
    text = run_cli("audit", "show", "2")
    assert text.code == 0
    lines = text.out.splitlines()
    assert lines[0] == "event 2" and "  kind      search.run" in lines
    assert "  case      C-0001" in lines and "  actor     officer.rahman" in lines
    assert "  outcome:" in lines and "    status: ok" in lines
    assert "        url: https://bikroy.com/ad/9" in lines  # every result, nothing cut
    assert "      params:" in lines and f"        q: {'x' * 500}" in lines
    data = json.loads(run_cli("audit", "show", "2", "--format", "json").out)
    assert data["seq"] == 2 and data["payload"] == SEARCH_RUN and len(data["hash"]) == 64


@pytest.mark.parametrize(("seq", "message"), [
    pytest.param("9", "no event 9: the record ends at 2", id="past-the-end"),
    pytest.param("0", "no event 0: the record ends at 2", id="zero"),
])
def test_show_an_event_that_is_not_there(worked: None, seq: str, message: str) -> None:
    result = run_cli("audit", "show", seq)
    assert result.code == 2 and result.err.count("\n") == 1 and message in result.err
    assert run_cli("audit", "show", "two").code == 2


def test_log_to_a_file_is_owner_only_and_recorded(worked: None, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = run_cli("audit", "log", "--case", "C-0001", "--format", "jsonl", "-o",
                         str(tmp_path / "record.jsonl"))
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    written = tmp_path / "record.jsonl"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert [json.loads(x)["seq"] for x in written.read_text().splitlines()] == [1, 2]
    export = json.loads(run_cli("audit", "show", "3", "--format", "json").out)
    assert export["action"] == "export" and export["case"] == "C-0001"
    assert export["payload"] == {"what": "audit log", "destination": str(written)}
    assert export["actor"] == "test-officer"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_export_leaves_no_file_and_no_event(worked: None, tmp_path: Path) -> None:
    result = run_cli("audit", "log", "-o", str(tmp_path / "missing" / "record.jsonl"))
    assert result.code == 2 and "does not exist" in result.err
    assert run_cli("audit", "head").out.startswith("2:")


def test_case_report_to_a_file_is_recorded(worked: None, tmp_path: Path) -> None:
    out = tmp_path / "C-0001.md"
    assert run_cli("report", "C-0001", "--format", "md", "-o", str(out)).code == 0
    exports = [json.loads(x) for x in run_cli("audit", "log", "--action", "export",
                                              "--format", "jsonl").out.splitlines()]
    assert [(e["case"], e["payload"]) for e in exports] == [
        ("C-0001", {"what": "case report", "destination": str(out)})]
    assert run_cli("report", "C-0001", "--format", "md").code == 0  # to stdout: not an export
    assert run_cli("audit", "log", "--action", "export", "--format", "jsonl").out.count("\n") == 1


def test_record_export_contract(dorker_home: Path) -> None:
    with open_store(f"sqlite:///{dorker_home.parent / 's.sqlite3'}", create=True) as store:
        record_export(store, what="leads", case_id="C-0002", destination="/tmp/x.graphml")
        record_export(store, what="leads", case_id=None, destination="stdout", actor="auditor1")
        first, second = store.iter_events()
    assert (first.action, first.actor, first.case_id) == ("export", "test-officer", "C-0002")
    assert first.payload == {"what": "leads", "destination": "/tmp/x.graphml"}
    assert (second.actor, second.case_id) == ("auditor1", None)


def test_engines_table_says_what_each_column_means() -> None:
    out = run_cli("engines").out
    headers = [line.split() for line in out.splitlines() if line.startswith("engine")]
    names = [name for row in headers[1:] for name in row[1:]]
    assert len(names) == len(set(names)) == 21  # every operator once, by its full name
    assert {"intitle", "allintitle", "inurl", "intext", "inanchor", "filetype"} <= set(names)
    assert "+ supported" in out and "~ partial" in out and "- unsupported" in out
    google = [line for line in out.splitlines() if line.startswith("google ")]
    assert len(google) == 4  # the overview and one row in each of the three tables
