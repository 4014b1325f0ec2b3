"""The CLI's tables line up by terminal cells, whatever script a cell holds."""

from __future__ import annotations

import pytest

from dorker.textwidth import cell_width
from helpers import run_cli


def column_starts(lines: list[str], marker: str) -> set[int]:
    """The cell where `marker` begins on each line that holds it."""
    return {cell_width(line[: line.index(marker)]) for line in lines if marker in line}


def test_case_list_aligns_a_bengali_actor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_ACTOR", "রহিম উদ্দিন")
    assert run_cli("case", "new", "TITLE-ONE", "--pattern", "fake-jobs").code == 0
    monkeypatch.setenv("DORKER_ACTOR", "test-officer")
    assert run_cli("case", "new", "TITLE-TWO").code == 0
    lines = run_cli("case", "list").out.splitlines()
    assert "রহিম উদ্দিন" in "\n".join(lines)
    starts = column_starts(lines, "TITLE")
    assert len(starts) == 1, lines  # the header's TITLE and both titles in one column
    assert len(column_starts(lines, "CHECKS")) == 1


def test_audit_log_aligns_a_bengali_actor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_ACTOR", "রহিম উদ্দিন")
    run_cli("case", "new", "A")
    monkeypatch.setenv("DORKER_ACTOR", "test-officer")
    run_cli("case", "new", "B")
    lines = run_cli("audit", "log").out.splitlines()
    assert len(lines) >= 3
    assert len(column_starts(lines, "case.created")) == 1, lines


def test_coverage_cuts_a_long_actor_visibly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_ACTOR", "মোহাম্মদ রহিম উদ্দিন চৌধুরী")
    run_cli("case", "new", "A", "--pattern", "fake-jobs")
    assert run_cli("check", "facebook", "--case", "C-0001", "--outcome", "leads").code == 0
    lines = run_cli("coverage", "--case", "C-0001").out.splitlines()
    row = next(line for line in lines if line.startswith("facebook "))
    assert "মোহাম্মদ রহিম উ…  " in row  # cut at 15 cells, with an ellipsis, never silently
    header = next(line for line in lines if line.startswith("source "))
    assert cell_width(row[: row.index("20")]) == cell_width(header[: header.index("when")])
