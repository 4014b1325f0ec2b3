"""Leads on a team store (PostgreSQL): the same events, the same chain, other cases' hits.

Skipped without DORKER_TEST_POSTGRES (see tests/pg_support.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from leads_fixtures import THREE_WAYS, new_cases, record_results

from helpers import run_cli
from pg_support import fresh_schema


@pytest.fixture
def team_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with fresh_schema("leads") as url:
        assert run_cli("store", "init", "--postgres", url).code == 0
        monkeypatch.setenv("DORKER_STORE", url)
        yield url


def test_scan_links_and_verify_on_a_team_store(team_store: str) -> None:
    first, second = new_cases("Malaysia visa ring", "Saudi hotel jobs")
    record_results(first, THREE_WAYS)
    record_results(second, [("https://saudi.example.com/x", "Hotel", "Contact 01712-345678")])
    assert run_cli("leads", "scan", "--all").code == 0
    assert "nothing new to record" in run_cli("leads", "scan", "--case", first).out
    doc = json.loads(run_cli("leads", "links", "--case", first, "--format", "json").out)
    (cluster,) = doc["clusters"]
    assert cluster["other_cases"] == [second] and len(cluster["items"]) == 3
    assert run_cli("leads", "mark", "01712345678", "--case", first,
                   "--verdict", "confirmed").code == 0
    assert run_cli("audit", "verify").code == 0
