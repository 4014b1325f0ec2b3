"""Cases, case-local sources and `dorker check`, all derived from the record."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dorker.store.cases import local_source_id
from helpers import run_cli


def test_cases_get_sequential_ids_and_are_listed() -> None:
    first = run_cli("case", "new", "Fake jobs to Malaysia", "--pattern", "fake-jobs",
                    "--pattern", "recruitment-fees", "--pattern", "fake-jobs")
    second = run_cli("case", "new", "Forged visas", "--format", "json")
    assert first.code == 0 and first.out.startswith("created C-0001: ")
    assert json.loads(second.out)["id"] == "C-0002"
    listed = json.loads(run_cli("case", "list", "--format", "json").out)
    assert [c["id"] for c in listed] == ["C-0001", "C-0002"]
    assert listed[0]["patterns"] == ["fake-jobs", "recruitment-fees"]
    assert listed[0]["created_by"] == "test-officer" and listed[0]["current"] is False
    table = run_cli("case", "list").out
    assert "C-0001" in table and "Forged visas" in table


def test_a_case_is_a_projection_of_events() -> None:
    run_cli("case", "new", "T", "--pattern", "route-offers")
    log = [json.loads(line) for line in run_cli("audit", "log", "--format", "jsonl").out.split("\n")
           if line]
    assert [(e["action"], e["case"]) for e in log] == [("case.created", "C-0001")]
    assert log[0]["payload"] == {"title": "T", "patterns": ["route-offers"]}


@pytest.mark.parametrize(("args", "words"), [
    pytest.param(("case", "new", "  "), "needs a title", id="empty-title"),
    pytest.param(("case", "new", "x", "--pattern", "Fake Jobs"), "did you mean 'fake-jobs'",
                 id="bad-pattern"),
    pytest.param(("case", "show", "C-0009"), "no case C-0009", id="unknown-case"),
    pytest.param(("case", "show", "nine"), "bad case id", id="bad-id"),
    pytest.param(("case", "use", "C-0009"), "no case C-0009", id="use-unknown"),
])
def test_case_mistakes_are_one_line(args: tuple[str, ...], words: str) -> None:
    run_cli("store", "init")
    result = run_cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1 and words in result.err


def test_use_sets_the_current_case_in_a_file(dorker_home: Path) -> None:
    run_cli("case", "new", "A")
    run_cli("case", "new", "B")
    assert run_cli("case", "use", "c-2").out.strip() == "current case: C-0002: B"
    assert (dorker_home / "data" / "current-case").read_text().strip() == "C-0002"
    assert json.loads(run_cli("case", "show", "C-0002", "--format", "json").out)["current"] is True
    assert run_cli("check", "facebook", "--outcome", "blocked").code == 0
    event = json.loads(run_cli("audit", "log", "--format", "jsonl", "--reverse",
                               "--limit", "1").out)
    assert event["case"] == "C-0002" and event["payload"]["outcome"] == "blocked"
    assert run_cli("audit", "log", "--action", "case.use*", "--format", "jsonl").out == ""


def test_check_needs_a_case() -> None:
    run_cli("store", "init")
    result = run_cli("check", "haraj", "--outcome", "nothing")
    assert result.code == 2 and "no current case" in result.err


@pytest.mark.parametrize("args", [
    pytest.param(("check", "haraj", "--case", "C-0001", "--outcome", "maybe"), id="bad-outcome"),
    pytest.param(("check", "haraj", "--case", "C-0001"), id="no-outcome"),
    pytest.param(("check", " ", "--case", "C-0001", "--outcome", "nothing"), id="blank-source"),
    pytest.param(("check", "x\x1b[2J", "--case", "C-0001", "--outcome", "nothing"),
                 id="control-characters"),
])
def test_check_mistakes(args: tuple[str, ...]) -> None:
    run_cli("case", "new", "A")
    result = run_cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1


def test_check_records_who_what_and_the_query() -> None:
    run_cli("case", "new", "A", "--use")
    result = run_cli("check", "facebook-search", "--query", "gulf-free-visa-jobs:en-free-1",
                     "--outcome", "leads", "--note", "two ads with the same phone", "--format",
                     "json")
    event = json.loads(result.out)
    assert result.code == 0 and event["action"] == "source.checked"
    assert event["actor"] == "test-officer" and event["case"] == "C-0001"
    assert event["payload"] == {"source": "facebook-search", "outcome": "leads",
                                "query": "gulf-free-visa-jobs:en-free-1",
                                "note": "two ads with the same phone"}


@pytest.mark.parametrize(("url", "ident"), [
    ("https://www.facebook.com/groups/1234/", "local:facebook.com/groups/1234"),
    ("t.me/s/SomeChannel", "local:t.me/s/SomeChannel"),
    ("HTTPS://Example.COM/page?id=7", "local:example.com/page?id=7"),
])
def test_local_source_ids(url: str, ident: str) -> None:
    assert local_source_id(url)[0] == ident


def test_case_local_sources_can_be_added_once_and_checked() -> None:
    run_cli("case", "new", "A", "--use")
    added = run_cli("case", "source", "add", "https://t.me/s/jobs_dubai", "--name", "Dubai jobs",
                    "--kind", "telegram-channel")
    assert added.code == 0 and added.out.strip() == "added local:t.me/s/jobs_dubai to C-0001"
    again = run_cli("case", "source", "add", "t.me/s/jobs_dubai")
    assert again.code == 0 and "already" in again.out
    shown = json.loads(run_cli("case", "show", "C-0001", "--format", "json").out)
    assert [s["id"] for s in shown["sources"]] == ["local:t.me/s/jobs_dubai"]
    assert shown["sources"][0]["name"] == "Dubai jobs"
    assert run_cli("check", "local:t.me/s/jobs_dubai", "--outcome", "leads").code == 0
    unknown = run_cli("check", "local:t.me/s/other", "--outcome", "leads")
    assert unknown.code == 2 and "not a source of case C-0001" in unknown.err
    bad = run_cli("case", "source", "add", "ftp://x")
    assert bad.code == 2 and "bad source URL" in bad.err


def test_cases_created_by_parallel_processes_get_distinct_ids() -> None:
    run_cli("store", "init")
    code = ("from dorker.cli.main import main\n"
            "import sys\n"
            "for i in range(5):\n"
            "    assert main(['case', 'new', f'{sys.argv[1]}-{i}']) == 0\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, f"p{n}"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for n in range(3)]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    ids = [c["id"] for c in json.loads(run_cli("case", "list", "--format", "json").out)]
    assert ids == [f"C-{n:04d}" for n in range(1, 16)]


def test_hostile_titles_and_names_are_shown_literally_but_harmless() -> None:
    title = "jobs\x1b]0;pwned\x07 \u202eabc"
    run_cli("case", "new", title, "--use")
    run_cli("case", "source", "add", "https://example.test/x", "--name", "evil\x1b[2J")
    for args in (("case", "list"), ("case", "show", "C-0001")):
        out = run_cli(*args).out
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "jobs\\x1b]0;pwned\\x07 \\u202eabc" in out
    shown = json.loads(run_cli("case", "show", "C-0001", "--format", "json").out)
    assert shown["title"] == title and shown["sources"][0]["name"] == "evil\x1b[2J"


def test_check_refuses_a_source_not_in_the_catalog() -> None:
    assert run_cli("case", "new", "Unknown source", "--use").code == 0
    result = run_cli("check", "facebok", "--outcome", "nothing")
    assert result.code == 2
    assert "unknown source 'facebok'" in result.err and "facebook" in result.err
