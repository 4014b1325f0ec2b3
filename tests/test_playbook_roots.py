"""Playbook roots: the user's folder > team roots (in order) > bundled; duplicates are errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import run_cli

TEXT = """\
id: {id}
title: {title}
pattern: fake-jobs
version: 1
status: draft
authors: [tests]
description: roots test
languages: [en]
references: [{{id: r, title: t}}]
queries:
  - id: q
    title: q
    query: visa
    examples: {{match: [visa], no_match: [job]}}
"""


def _write(folder: Path, name: str, pid: str, title: str = "t") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(TEXT.format(id=pid, title=title), encoding="utf-8")
    return path


@pytest.fixture
def team_roots(dorker_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    roots = [tmp_path / "team-a", tmp_path / "team-b"]
    config = tmp_path / "config.toml"
    config.write_text("[playbooks]\nroots = [" + ", ".join(f'"{r}"' for r in roots) + "]\n",
                      encoding="utf-8")
    config.chmod(0o600)
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    return roots


def _titles() -> dict[str, tuple[str, str]]:
    result = run_cli("playbooks", "list", "--format", "json")
    assert result.code == 0, result.err
    return {p["id"]: (p["title"], p["root"]) for p in json.loads(result.out)}


def test_precedence_user_then_teams_in_order_then_bundled(dorker_home: Path,
                                                          team_roots: list[Path]) -> None:
    _write(team_roots[1], "phone-pivot", "phone-pivot", "team b's phone pivot")
    _write(team_roots[1], "shared", "shared", "from b")
    _write(team_roots[0], "shared", "shared", "from a")
    _write(dorker_home / "config" / "queries", "mine", "shared", "mine")
    titles = _titles()
    assert titles["shared"] == ("mine", "user")
    assert titles["phone-pivot"][0] == "team b's phone pivot"
    assert titles["phone-pivot"][1].startswith("team ")


def test_an_override_is_info_in_lint(team_roots: list[Path]) -> None:
    _write(team_roots[0], "phone-pivot", "phone-pivot", "team override")
    result = run_cli("playbooks", "lint")
    assert "override playbook 'phone-pivot'" in result.out
    line = next(ln for ln in result.out.splitlines() if " override " in ln)
    assert line.endswith("(info)") and "overrides the one at" in line


def test_duplicate_within_one_level_names_both_files_and_lines(team_roots: list[Path]) -> None:
    first = _write(team_roots[0], "one", "same")
    second = _write(team_roots[0] / "sub", "two", "same")
    result = run_cli("build", "same")
    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    assert f"{second}:1:1: duplicate-id playbook id 'same' is also defined at {first}:1:1" \
        in result.err
    lint = run_cli("playbooks", "lint")
    assert lint.code == 1 and "duplicate-id playbook id 'same'" in lint.out


def test_the_same_id_on_two_levels_is_not_a_duplicate(team_roots: list[Path]) -> None:
    _write(team_roots[0], "one", "same", "a")
    _write(team_roots[1], "one", "same", "b")
    assert run_cli("build", "same", "-e", "google", "--format", "urls").code == 0
    assert _titles()["same"][0] == "a"


def test_a_broken_team_file_does_not_stop_other_playbooks(team_roots: list[Path]) -> None:
    team_roots[0].mkdir(parents=True)
    (team_roots[0] / "broken.yaml").write_text("id: [", encoding="utf-8")
    result = run_cli("build", "phone-pivot", "-V", "phone=01711123456", "--format", "urls")
    assert result.code == 0
    listed = run_cli("playbooks", "list")
    assert "1 playbook file(s) with errors were skipped" in listed.err


def test_list_and_match_warn_about_a_duplicate(team_roots: list[Path]) -> None:
    _write(team_roots[0], "one", "same")
    _write(team_roots[0], "two", "same")
    listed = run_cli("playbooks", "list")
    assert listed.code == 0
    assert "playbook 'same' is defined twice in one root and was skipped" in listed.err
    assert "same" not in {line.split()[0] for line in listed.out.splitlines()}
    matched = run_cli("match", "-", stdin="visa")
    assert "defined twice" in matched.err


def test_building_a_broken_playbook_by_id_names_its_error(dorker_home: Path) -> None:
    folder = dorker_home / "config" / "queries"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(TEXT.format(id="mine", title="t")
                                      .replace("version: 1", "version: one"), encoding="utf-8")
    result = run_cli("build", "mine")
    assert result.code == 2
    assert f"{folder / 'mine.yaml'}:4:1: schema version: expected a whole number" in result.err
