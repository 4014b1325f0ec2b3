"""The Watches screen: list, run now in a worker with progress, review new results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_fixtures import build_app, fixed_clock, fixture_services, run, settle

from dorker.store.base import EventFilter
from dorker.tui.app import DorkerApp
from dorker.tui.screens.watch_review import WatchReviewScreen
from dorker.tui.screens.watches import WatchesScreen
from helpers import run_cli
from provider_server import (
    Canned,
    ProviderServer,
    refuse_non_loopback,
    running_server,
    searxng_body,
)

A, B, C = ("https://jobs.example.com/1", "https://m.facebook.com/groups/g/posts/2",
           "https://classifieds.example.com.bd/ad/3")
HOSTILE = "[bold]FREE VISA[/] \x1b[2J"
__all__ = ["fixed_clock"]  # the fixture, re-exported for pytest


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, dorker_home: Path) -> Iterator[ProviderServer]:
    refuse_non_loopback(monkeypatch)
    config = dorker_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[providers]\nrate_limit = 1000.0\n", encoding="utf-8")
    first = searxng_body([A, B])
    first["results"][0]["title"] = HOSTILE
    with running_server() as srv:
        srv.route("/search", Canned(200, first),
                  Canned(200, searxng_body([A, "https://www.facebook.com/groups/g/posts/2", C])))
        monkeypatch.setenv("DORKER_SEARXNG_URL", srv.url)
        yield srv


def status(screen: WatchesScreen) -> str:
    return str(screen.query_one("#watch-status", Static).render())


def test_run_now_and_review_what_is_new(server: ProviderServer) -> None:
    assert run_cli("case", "new", "Op Gulf", "--use").code == 0
    assert run_cli("watch", "add", "gulf", "visa dubai", "-e", "bing", "-e", "facebook").code == 0
    services = fixture_services()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WatchesScreen)
        assert [r.name for r in screen.rows] == ["gulf"] and screen.rows[0].due
        assert screen.table.row_count == 1
        await pilot.press("r")
        await settle(pilot)
        assert "gulf: ok · 2 new, 0 seen before, 1 to open by hand" in status(screen)
        assert screen.rows[0].last_new == 2 and not screen.rows[0].due
        await pilot.press("enter")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, WatchReviewScreen)
        assert [r["url"] for r in review.results] == [A, B]
        shown = str(review.result_list.get_option_at_index(0).prompt)
        assert "(first run)" in shown and "[bold]FREE VISA[/]" in shown and "\x1b" not in shown
        await pilot.press("r")  # relevant, recorded like any review
        await settle(pilot)
        assert review.reviews[A].verdict == "relevant"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("r")
        await settle(pilot)
        assert "gulf: ok · 1 new, 2 seen before" in status(screen)
        await pilot.press("enter")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, WatchReviewScreen)
        assert [r["url"] for r in review.results] == [C, A, B]
        assert "new since" in str(review.result_list.get_option_at_index(0).prompt)
        assert "[relevant]" in str(review.result_list.get_option_at_index(1).prompt)

    run(scenario, app=build_app(services=services))
    store = services._open()
    runs = list(store.iter_events(EventFilter(action="watch.run")))
    assert [(r.payload["via"], r.payload["trigger"], r.case_id) for r in runs] == [
        ("tui", "named", "C-0001"), ("tui", "named", "C-0001")]
    [review] = list(store.iter_events(EventFilter(action="result.reviewed")))
    assert review.payload["url"] == A and review.case_id == "C-0001"
    services.close()


def test_no_watches_says_how_to_add_one(server: ProviderServer) -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WatchesScreen)
        assert "no watches yet" in status(screen)
        await pilot.press("r", "enter")  # nothing highlighted: nothing happens
        await settle(pilot)
        assert app.screen is screen and server.hits() == 0

    run(scenario)


def test_watches_snapshot(snap_compare: Any, fixed_clock: str) -> None:
    """Two watches: one never run (due now), one run with new results and a next due time."""
    from dorker.watch.events import WATCH_ADDED, WATCH_RUN

    services = fixture_services()
    services.create_case("Op Sundarban", ["fake-jobs"])
    store = services._open()
    added = store.append(WATCH_ADDED, {
        "name": "gulf-ads", "targets": ['intitle:"free visa" dubai'], "engines": ["bing",
                                                                                 "facebook"],
        "every_seconds": 43200, "every": "12h"}, actor="officer.rahman", case_id="C-0001")
    store.append(WATCH_ADDED, {"name": "bd-jobs", "targets": ["gulf-free-visa-jobs:en-free-1"],
                               "engines": ["google"], "every_seconds": 86400, "every": "1d"},
                 actor="officer.akter", case_id="C-0001")
    store.append(WATCH_RUN, {"watch": "gulf-ads", "watch_id": added.seq, "status": "ok",
                             "started": fixed_clock, "counts": {"new": 3, "seen": 17}},
                 actor="officer.rahman", case_id="C-0001")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(build_app(services=services), run_before=run_before,
                        terminal_size=(100, 30))
