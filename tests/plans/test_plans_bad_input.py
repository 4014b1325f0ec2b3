"""Bad plan input: one line naming the valid range or the fix, exit 2, nothing recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans_fixtures import planned_engines, store_head, write_team_root

from helpers import run_cli


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_team_root(tmp_path)
    monkeypatch.setenv("DORKER_CONFIG", str(path))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return path


@pytest.fixture
def recorded(config: Path) -> tuple[int, str]:
    """A store with a case and one opened search: its head must not move."""
    assert run_cli("case", "new", "Plans", "--pattern", "fake-jobs", "--use").code == 0
    assert run_cli("open", "pt-gulf:jobs", "-e", "facebook", "--print").code == 0
    head = store_head()
    assert head is not None and head[0] >= 2
    return head


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


COMMANDS = {
    "open": ["open", "pt-gulf:jobs", "-e", "facebook", "--print"],
    "build": ["build", "pt-gulf:jobs", "-e", "facebook"],
    "translate": ["translate", "(a OR b) c", "-e", "facebook"],
}


@pytest.mark.parametrize(("command", "value"), [
    *[(c, v) for c in COMMANDS for v in ("0", "-1", "abc", "1001")],
    ("open", "2.5"), ("open", ""),
])
def test_max_searches_out_of_range(recorded: tuple[int, str], command: str, value: str) -> None:
    result = run_cli(*COMMANDS[command], f"--max-searches={value}")
    assert result.code == 2 and result.out == ""
    line = one_line(result.err)
    assert "--max-searches" in line and f"{value!r} is not a number of searches from 1 to 1000" \
        in line, line
    assert store_head() == recorded


def test_max_searches_bad_without_a_store(config: Path) -> None:
    result = run_cli("open", "pt-gulf:jobs", "-e", "facebook", "--print", "--max-searches", "0")
    assert result.code == 2
    one_line(result.err)
    assert store_head() is None  # not even created


@pytest.mark.parametrize("number", ["99", "0", "x", "", "-1", "7", "w2", "W1"])
def test_unknown_search_number(recorded: tuple[int, str], number: str) -> None:
    result = run_cli("open", f"pt-gulf:jobs#{number}", "-e", "facebook", "--print")
    assert result.code == 2 and result.out == ""
    line = one_line(result.err)
    # The jobs plan holds 6 searches and one web companion: #1 to #6 and #w1.
    assert f"facebook has no plan search #{number} for pt-gulf:jobs" in line
    assert "its plan holds #1 to #6 and #w1" in line
    assert "dorker build pt-gulf:jobs -e facebook" in line
    assert store_head() == recorded


def test_unknown_number_on_one_engine_records_nothing_for_the_others(
        recorded: tuple[int, str]) -> None:
    # #6 exists on Facebook's plan but not on Telegram's (only its 3 web searches, #w1-#w3):
    # the Facebook search is not opened either.
    result = run_cli("open", "pt-gulf:jobs#6", "-e", "facebook", "-e", "telegram", "--print")
    assert result.code == 2
    assert "telegram has no plan search #6" in one_line(result.err)
    assert store_head() == recorded


@pytest.mark.parametrize("engines", [["google"], ["facebook", "google"], ["bing"]])
def test_a_plan_id_on_an_engine_without_a_plan(recorded: tuple[int, str],
                                               engines: list[str]) -> None:
    args = [a for e in engines for a in ("-e", e)]
    result = run_cli("open", "pt-gulf:jobs#2", *args, "--print")
    assert result.code == 2 and result.out == ""
    line = one_line(result.err)
    engine = engines[-1]
    assert f"{engine} makes no search plan (it has OR), so pt-gulf:jobs#2 means nothing" in line
    assert f"plans exist on: {', '.join(sorted(planned_engines()))}" in line
    assert store_head() == recorded


RANGE = "must be a whole number from 1 to 1000"


@pytest.mark.parametrize(("command", "value", "why"), [
    ("open", "0", RANGE), ("build", "0", RANGE), ("open", "true", RANGE),
    ("build", "true", RANGE), ("open", "1001", RANGE), ("open", "-3", RANGE),
    ("open", '"5"', "platforms.max_searches must be a"),
    ("open", "5.0", "platforms.max_searches must be a"),
])
def test_config_max_searches(recorded: tuple[int, str], config: Path, command: str, value: str,
                             why: str) -> None:
    good = config.read_text(encoding="utf-8")
    config.write_text(good + f"\n[platforms]\nmax_searches = {value}\n", encoding="utf-8")
    line_number = good.count("\n") + 3
    result = run_cli(*COMMANDS[command])
    assert result.code == 2 and result.out == ""
    line = one_line(result.err)
    assert line.startswith(f"dorker: error: {config}:{line_number}: platforms.max_searches: ")
    assert why in line
    config.write_text(good, encoding="utf-8")  # to read the store again
    assert store_head() == recorded


def test_config_max_searches_is_used(recorded: tuple[int, str], config: Path) -> None:
    config.write_text(config.read_text(encoding="utf-8") + "\n[platforms]\nmax_searches = 2\n",
                      encoding="utf-8")
    result = run_cli("open", "pt-gulf:jobs", "-e", "facebook", "--print", "--all")
    assert result.code == 0, result.err
    assert [line.split()[0] for line in result.out.splitlines()] == [
        "pt-gulf:jobs#1", "pt-gulf:jobs#2", "pt-gulf:jobs#w1"]  # two own, the companion
    # The command line wins over the config.
    wider = run_cli("build", "pt-gulf:jobs", "-e", "facebook", "--max-searches", "4")
    assert "search plan (5 searches)" in wider.out


def test_a_plan_number_without_its_query_is_refused(recorded: tuple[int, str]) -> None:
    result = run_cli("open", "pt-gulf#3", "-e", "facebook", "--print")
    assert result.code == 2 and result.out == ""
    line = one_line(result.err)
    assert "names a plan search without its query" in line and "pt-gulf:jobs#3" in line
    assert store_head() == recorded
