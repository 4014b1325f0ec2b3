"""The coverage matrix: every state the record knows in its cell, plan searches counted, bands
cut between playbooks, gaps by priority."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from dorker.coverage import PlannedQuery, case_coverage
from dorker.report.matrix import STATES, build_matrix, glyph_for


@dataclass(frozen=True)
class Src:
    id: str
    name: str
    kind: str
    patterns: tuple[str, ...] = ("fake-jobs",)


SOURCES = [Src("fb", "Facebook", "platform"), Src("bd", "Bdjobs", "job-board"),
           Src("tg", "Telegram", "messaging-preview"), Src("news", "Daily News", "news"),
           Src("elsewhere", "Other pattern", "forum", ("organ-trade",))]
QUERIES = [PlannedQuery("pb:q1", "fake-jobs", ("fb", "bd"), "first"),
           PlannedQuery("pb:q2", "fake-jobs", ("fb", "tg")),
           PlannedQuery("pb2:q3", "fake-jobs", ("bd",)),
           PlannedQuery("pb2:q4", "fake-jobs", ("bd", "tg"))]


def opened(store: Any, query: str, sources: list[str], search_id: str | None = None,
           action: str = "query.opened") -> None:
    playbook, _, query_id = query.partition(":")
    payload: dict[str, Any] = {"engine": "facebook", "query": "q", "url": None,
                               "playbook": playbook, "query_id": query_id, "sources": sources}
    if search_id:
        payload["search_id"] = search_id
    store.append(action, payload, actor="officer-a", case_id="C-0001")


def checked(store: Any, source: str, outcome: str, query: str | None = None) -> None:
    store.append("source.checked", {"source": source, "outcome": outcome, "query": query,
                                    "note": None}, actor="officer-b", case_id="C-0001")


@pytest.fixture
def matrix() -> dict[str, Any]:
    from dorker.config import load_config
    from dorker.store.cases import add_case_source, create_case, get_case
    from dorker.store.session import open_configured_store

    with open_configured_store(load_config(), create=True) as store:
        create_case(store, "Matrix", ["fake-jobs"], actor="officer-a")
        add_case_source(store, "C-0001", "https://t.me/s/jobs_bd", actor="officer-a")
        for search_id in ("pb:q1#1", "pb:q1#2", "pb:q1#2"):  # two distinct plan searches
            opened(store, "pb:q1", ["fb", "bd"], search_id)
        checked(store, "fb", "leads", "pb:q1")
        checked(store, "bd", "nothing", "pb:q1")
        opened(store, "pb:q2", ["fb"], action="search.run")
        checked(store, "fb", "blocked", "pb:q2")
        for n in (1, 2, 3):
            opened(store, "pb:q2", ["tg"], f"pb:q2#{n}")
        opened(store, "pb2:q3", ["bd"])
        checked(store, "news", "moved")  # an outcome another client wrote: still shown
        checked(store, "bd", "inaccessible", "old:q9")  # a query no playbook plans any more
        checked(store, "gone", "nothing", "pb:q1")  # a source the patterns do not call for
        case = get_case(store, "C-0001")
        assert case is not None
        coverage = case_coverage(store, case, SOURCES, QUERIES)
        assert coverage.to_json()["summary"]["expected"] == 5  # 4 catalog + 1 case-local
        return build_matrix(coverage, band_width=2)


def cell(matrix: dict[str, Any], source: str, query: str) -> dict[str, Any] | None:
    row = next(r for r in matrix["rows"] if r["source"] == source)
    index = [c["id"] for c in matrix["columns"]].index(query)
    return row["cells"][index]  # type: ignore[no-any-return]


def test_every_state_in_its_cell(matrix: dict[str, Any]) -> None:
    assert [c["id"] for c in matrix["columns"]] == ["pb:q1", "pb:q2", "pb2:q3", "pb2:q4",
                                                    "old:q9"]
    assert [c["planned"] for c in matrix["columns"]] == [True] * 4 + [False]
    expected = {("fb", "pb:q1"): ("leads", "◆", 2), ("bd", "pb:q1"): ("nothing", "✓", 2),
                ("fb", "pb:q2"): ("blocked", "✕", 0), ("tg", "pb:q2"): ("opened", "3", 3),
                ("bd", "pb2:q3"): ("opened", "○", 0), ("bd", "pb2:q4"): ("not-checked", "□", 0),
                ("tg", "pb2:q4"): ("not-checked", "□", 0),
                ("bd", "old:q9"): ("inaccessible", "⊘", 0)}
    for (source, query), (state, glyph, plans) in expected.items():
        found = cell(matrix, source, query)
        assert found is not None, (source, query)
        assert (found["state"], found["glyph"], found["plans"]) == (state, glyph, plans)
    assert "2 plan searches opened" in cell(matrix, "fb", "pb:q1")["title"]  # type: ignore[index]
    assert "leads by officer-b" in cell(matrix, "fb", "pb:q1")["title"]  # type: ignore[index]
    assert cell(matrix, "tg", "pb:q1") is None and cell(matrix, "news", "pb:q2") is None  # n/a
    news = next(r for r in matrix["rows"] if r["source"] == "news")
    assert news["any"]["state"] == "checked" and news["any"]["glyph"] == "●"
    assert "moved by officer-b" in news["any"]["title"]
    gone = next(r for r in matrix["rows"] if r["source"] == "gone")
    assert gone["expected"] is False and gone["kind"] == "other"
    assert "elsewhere" not in {r["source"] for r in matrix["rows"]}


def test_one_cell_per_source_and_query_and_counts(matrix: dict[str, Any]) -> None:
    rows, columns = matrix["rows"], matrix["columns"]
    assert matrix["cells"] == len(rows) * len(columns) == 6 * 5
    assert all(len(r["cells"]) == len(columns) for r in rows)
    recorded_any = sum(1 for r in rows if r["any"])
    assert sum(matrix["counts"].values()) == matrix["cells"] + recorded_any
    assert [(entry["state"], entry["glyph"]) for entry in matrix["legend"]] == [
        (state, glyph) for state, glyph, _meaning in STATES]
    assert matrix["counts"]["n/a"] == sum(1 for r in rows for c in r["cells"] if c is None)


def test_rows_grouped_and_plans_summed(matrix: dict[str, Any]) -> None:
    order = [(r["rank"], r["source"]) for r in matrix["rows"]]
    # Named by most queries first, then by kind; the case's own; the rest with something
    # recorded; none without (every source here has something recorded or a query).
    assert order == [(0, "bd"), (0, "tg"), (0, "fb"), (1, "local:t.me/s/jobs_bd"),
                     (2, "news"), (2, "gone")]
    plans = {r["source"]: r["plans"] for r in matrix["rows"]}
    assert plans["fb"] == 2 and plans["tg"] == 3 and plans["bd"] == 2


def test_bands_keep_playbooks_together(matrix: dict[str, Any]) -> None:
    bands = [(b["start"], b["end"], [(g["playbook"], g["span"], g["planned"])
                                     for g in b["groups"]]) for b in matrix["bands"]]
    assert bands == [(0, 2, [("pb", 2, True)]), (2, 4, [("pb2", 2, True)]),
                     (4, 5, [("old", 1, False)])]


def test_gaps_by_priority(matrix: dict[str, Any]) -> None:
    gaps = [(g["priority"], g["sources"][0]["id"] if g["priority"] < 4 else g["reason"],
             g["queries"]) for g in matrix["gaps"]]
    assert gaps == [
        (1, "bd", ["pb2:q3"]),
        (1, "tg", ["pb:q2"]),
        (2, "bd", ["pb2:q4"]),
        (2, "tg", ["pb2:q4"]),
        (3, "bd", ["old:q9"]),
        (3, "fb", ["pb:q2"]),
        (4, "case-local", []),
    ]
    assert matrix["gaps"][2]["by_playbook"] == [{"playbook": "pb2", "queries": ["q4"]}]
    assert matrix["gaps"][0]["hint"] == ("dorker check bd --query pb2:q3 "
                                         "--outcome nothing|leads|blocked|inaccessible")
    assert matrix["gaps"][2]["hint"] == "dorker open pb2:q4"


@pytest.mark.parametrize(("state", "plans", "glyph"), [
    pytest.param("opened", 0, "○", id="opened"), pytest.param("opened", 9, "9", id="nine"),
    pytest.param("opened", 12, "+", id="many"), pytest.param("leads", 4, "◆", id="checked"),
    pytest.param("escalated", 0, "●", id="unknown-outcome"),
])
def test_glyphs(state: str, plans: int, glyph: str) -> None:
    assert glyph_for(state, plans) == glyph
