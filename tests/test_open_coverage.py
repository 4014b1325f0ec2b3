"""`dorker open` records what it hands over; `dorker coverage` shows checks and what is left."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import run_cli

PLAYBOOK = """
id: test-gulf
title: Test playbook
pattern: fake-jobs
version: 3
status: testing
authors: [tests]
description: a playbook for the coverage tests
languages: [en]
engines: [google, bing]
references:
  - id: r1
    title: tests
queries:
  - id: q1
    title: free visa on Facebook
    query: '"free visa" dubai'
    sources: [facebook, bikroy]
    refs: [r1]
    examples:
      match: ["free visa to Dubai"]
      no_match: ["a recipe"]
"""


@pytest.fixture
def team_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "team"
    (root / "fake-jobs").mkdir(parents=True)
    (root / "fake-jobs" / "test-gulf.yaml").write_text(PLAYBOOK, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[playbooks]\nroots = ["{root}"]\n', encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    return root


def events(*filters: str) -> list[dict[str, object]]:
    result = run_cli("audit", "log", "--format", "jsonl", *filters)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def test_open_dork_prints_without_a_browser_and_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert run_cli("case", "new", "Open test", "--pattern", "fake-jobs", "--use").code == 0
    result = run_cli("open", 'intitle:"free visa" ভিসা', "-e", "google", "-e", "yandex")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("google") and "https://www.google.com/search?q=" in lines[0]
    assert "yandex.com" in lines[1]
    opened = events("--action", "query.opened")
    assert [e["payload"]["engine"] for e in opened] == ["google", "yandex"]  # type: ignore[index]
    payload = opened[1]["payload"]
    assert payload["query"] == 'title:"free visa" ভিসা' and payload["how"] == "printed"  # type: ignore[index]
    assert opened[0]["case"] == "C-0001"


def test_open_playbook_records_id_version_and_hash(team_root: Path) -> None:
    result = run_cli("open", "test-gulf:q1", "--print")
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 2
    payload = events("--action", "query.opened")[0]["payload"]
    assert payload["playbook"] == "test-gulf" and payload["playbook_version"] == 3  # type: ignore[index]
    assert len(payload["playbook_sha256"]) == 64 and payload["query_id"] == "q1"  # type: ignore[index]
    assert payload["sources"] == ["facebook", "bikroy"]  # type: ignore[index]


def test_open_errors_are_one_line(team_root: Path) -> None:
    missing = run_cli("open", "test-gulf:nope", "--print")
    assert missing.code == 2 and "has no query 'nope'" in missing.err
    engine = run_cli("open", "visa", "-e", "altavista", "--print")
    assert engine.code == 2 and "unknown engine" in engine.err
    plan = run_cli("open", "test-gulf:q1#99", "-e", "facebook", "--print")
    assert plan.code == 2 and "no plan search #99" in plan.err and "its plan holds #1" in plan.err
    # Nothing was recorded for the failed hand-offs: no store was even created.
    assert "no store at" in run_cli("audit", "log").err


def test_coverage_shows_checks_and_what_is_left(team_root: Path) -> None:
    assert run_cli("case", "new", "Coverage", "--pattern", "fake-jobs", "--use").code == 0
    assert (
        run_cli("case", "source", "add", "https://t.me/s/dubai_jobs", "--name", "Channel").code == 0
    )
    assert (
        run_cli(
            "check",
            "facebook",
            "--query",
            "test-gulf:q1",
            "--outcome",
            "leads",
            "--note",
            '=HYPERLINK("x")',
        ).code
        == 0
    )
    assert run_cli("check", "local:t.me/s/dubai_jobs", "--outcome", "blocked").code == 0
    data = json.loads(run_cli("coverage", "--format", "json").out)
    rows = {r["source"]: r for r in data["rows"]}
    assert rows["facebook"]["status"] == "checked" and rows["facebook"]["outcome"] == "leads"
    assert rows["facebook"]["actor"] == "test-officer"
    assert "test-gulf:q1" not in rows["facebook"]["unchecked_queries"]
    assert rows["bikroy"]["status"] == "not-checked"
    assert "test-gulf:q1" in rows["bikroy"]["unchecked_queries"]
    assert rows["local:t.me/s/dubai_jobs"]["local"] is True
    assert rows["local:t.me/s/dubai_jobs"]["outcome"] == "blocked"
    assert data["summary"]["checked"] == 2 and data["summary"]["not_checked"] > 50
    text = run_cli("coverage").out
    assert "2 of" in text and "not yet checked" in text and "test-gulf:q1" in text
    table = list(csv.reader(io.StringIO(run_cli("coverage", "--format", "csv").out)))
    note_cells = [row[-1] for row in table if row[1] == "facebook"]
    assert note_cells == ['\'=HYPERLINK("x")']  # no formula injection


def test_coverage_needs_a_case() -> None:
    result = run_cli("coverage")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
