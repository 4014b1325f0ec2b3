"""A search opened on a platform counts on that platform's row only, not on the other sources
its query lists: Facebook's plan search (or its site:facebook.com web companion) opens Facebook,
not a job board. A web search that is not on a listed platform still counts on every source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plans_fixtures import TEAM_PLAYBOOK, write_team_root

from helpers import run_cli

BOTH = TEAM_PLAYBOOK.replace("sources: [facebook]\n    refs: [r1]\n    examples:\n      match: "
                             '["vacancy', "sources: [facebook, bdjobs]\n    refs: [r1]\n    "
                             'examples:\n      match: ["vacancy', 1)


@pytest.fixture(autouse=True)
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert BOTH != TEAM_PLAYBOOK
    monkeypatch.setenv("DORKER_CONFIG", str(write_team_root(tmp_path, BOTH)))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert run_cli("case", "new", "Plans", "--pattern", "fake-jobs", "--use").code == 0


def opened() -> dict[str, int]:
    rows = json.loads(run_cli("coverage", "--format", "json").out)["rows"]
    return {r["source"]: r["opened"] for r in rows if r["source"] in ("facebook", "bdjobs")}


@pytest.mark.parametrize("target", ["pt-gulf:jobs#2", "pt-gulf:jobs#w1"])
def test_a_facebook_search_opens_facebook_only(target: str) -> None:
    assert opened() == {"facebook": 0, "bdjobs": 0}
    assert run_cli("open", target, "-e", "facebook", "--print").code == 0
    assert opened() == {"facebook": 1, "bdjobs": 0}


def test_a_web_search_counts_on_every_source_of_its_query() -> None:
    assert run_cli("open", "pt-gulf:jobs", "-e", "google", "--print").code == 0
    assert opened() == {"facebook": 1, "bdjobs": 1}
