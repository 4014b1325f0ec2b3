"""`dorker coverage` (text): a query opened but not marked checked is told apart from one never
run, with how many of its plan's searches were opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plans_fixtures import write_team_root

from helpers import run_cli


@pytest.fixture(autouse=True)
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_CONFIG", str(write_team_root(tmp_path)))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert run_cli("case", "new", "Plans", "--pattern", "fake-jobs", "--use").code == 0


def facebook_lines() -> list[str]:
    out = run_cli("coverage").out.splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith("facebook "))
    block = [out[start]]
    for line in out[start + 1:]:
        if not line.startswith(" "):
            break
        block.append(line.strip())
    return block


def plan_size(target: str) -> int:
    data = json.loads(run_cli("build", target, "-e", "facebook", "--format", "json").out)
    return len(data["queries"][0]["engines"]["facebook"]["searches"])


def not_run_count(lines: list[str]) -> int:
    """How many queries the `queries not yet run here:` line counts (three shown, N more)."""
    [line] = [x for x in lines if x.startswith("queries not yet run here: ")]
    shown = len(line.split(": ", 1)[1].split(" and ")[0].split(", "))
    return shown + (int(line.rsplit(" and ", 1)[1].split()[0]) if " more" in line else 0)


def test_opened_queries_are_not_told_as_not_yet_run() -> None:
    before = facebook_lines()
    assert not any(line.startswith("queries opened") for line in before)
    assert run_cli("open", "pt-gulf:jobs#3", "-e", "facebook", "--print").code == 0
    assert run_cli("open", "pt-gulf:jobs", "-e", "facebook", "--print").code == 0
    lines = facebook_lines()
    total = plan_size("pt-gulf:jobs")
    assert total > 2
    assert (f"queries opened, not marked checked: pt-gulf:jobs (2 of {total} plan searches "
            "opened)") in lines
    assert not_run_count(lines) == not_run_count(before) - 1
    row = next(r for r in json.loads(run_cli("coverage", "--format", "json").out)["rows"]
               if r["source"] == "facebook")
    assert row["opened_unchecked_queries"] == ["pt-gulf:jobs"]
    assert "pt-gulf:jobs" in row["unchecked_queries"]  # unchanged: every query not checked
    assert len(row["unchecked_queries"]) == not_run_count(before)

    assert run_cli("check", "facebook", "--query", "pt-gulf:jobs", "--outcome",
                   "nothing").code == 0
    after = facebook_lines()
    assert not any(line.startswith("queries opened") for line in after)
    assert not_run_count(after) == not_run_count(lines)


def test_a_plain_query_opened_has_no_plan_count() -> None:
    assert run_cli("open", "pt-gulf:agents", "-e", "google", "--print").code == 0
    assert "queries opened, not marked checked: pt-gulf:agents" in facebook_lines()
