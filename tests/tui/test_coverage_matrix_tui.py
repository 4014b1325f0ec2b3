"""The catalog screen's matrix view: the case report's sources × playbook queries, a cell
cursor that says what the record holds, and marking an outcome for one source and query."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_fixtures import build_app, fixed_clock, fixture_services, run, settle

from dorker.store.base import EventFilter
from dorker.tui.app import DorkerApp
from dorker.tui.screens.catalog import CatalogScreen

__all__ = ["fixed_clock"]  # the fixture, re-exported for pytest


def test_matrix_shows_the_reports_cells_and_marks_a_query() -> None:
    services = fixture_services()
    services.create_case("Op Matrix", ["fake-jobs"])
    services.record_check("C-0001", "facebook", "leads", "a group",
                          query="test-gulf-visa:offer-fee")
    expected = services.coverage_matrix("C-0001")
    assert [c["id"] for c in expected["columns"]] == ["test-gulf-visa:offer-fee",
                                                      "test-gulf-visa:number"]

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogScreen)
        await pilot.press("enter", "v")  # from the filter line to the table, then the matrix
        await settle(pilot)
        assert screen.matrix_view and screen.matrix.display
        assert [r["source"] for r in screen.matrix.rows] == [r["source"]
                                                             for r in expected["rows"]]
        assert screen.matrix.current["source"] == "facebook"
        header = str(screen.query_one("#catalog-header", Static).render())
        assert "▏test-gulf-visa" in header
        count = str(screen.query_one("#catalog-count", Static).render())
        assert "2 of 2 sources × 2 playbook queries · leads 1," in count
        await pilot.press("right")
        await pilot.pause()
        detail = str(screen.query_one("#source-detail", Static).render())
        assert "Facebook × test-gulf-visa:offer-fee" in detail
        assert "checked: leads found · leads by test-officer" in detail and "a group" in detail
        await pilot.press("right")  # number: a query that names no source here
        await pilot.pause()
        detail = str(screen.query_one("#source-detail", Static).render())
        assert "the query does not name this source" in detail
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        cell = screen.matrix.current_cell
        assert cell is not None and cell["state"] == "nothing"
        await pilot.press("v")
        await settle(pilot)
        assert not screen.matrix_view and screen.table.display

    run(scenario, app=build_app(services=services))
    with services._lock:
        checks = [(e.payload["source"], e.payload["query"], e.payload["outcome"])
                  for e in services._open().iter_events(EventFilter(action="source.checked"))]
    assert checks[-1] == ("facebook", "test-gulf-visa:number", "nothing")


def test_matrix_needs_a_case() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogScreen)
        await pilot.press("enter", "v")
        await settle(pilot)
        assert not screen.matrix_view
        assert any("the matrix needs one" in str(n.message) for n in app._notifications)

    run(scenario)


def test_matrix_view_snapshot(snap_compare: Any, fixed_clock: str,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The matrix with a leads cell under the cursor and its detail line."""
    monkeypatch.delenv("DISPLAY", raising=False)
    services = fixture_services()
    services.create_case("Op Sundarban", ["fake-jobs"])
    services.record_check("C-0001", "facebook", "leads", "three agencies",
                          query="test-gulf-visa:offer-fee")
    services.record_check("C-0001", "bdjobs", "blocked")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter", "v")
        await settle(pilot)
        await pilot.press("right")

    assert snap_compare(build_app(services=services), run_before=run_before,
                        terminal_size=(100, 30))
