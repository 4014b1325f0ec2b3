"""History (filters, verify, export) and results review (verdicts, earlier verdicts, cancel)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_fixtures import FakeSearchServices, build_app, fill, fixture_services, pick, run, settle

from dorker.store.base import EventFilter
from dorker.tui.app import DorkerApp
from dorker.tui.models import CompiledRow
from dorker.tui.screens.history import HistoryScreen
from dorker.tui.screens.results import ResultsScreen


def seeded_services() -> FakeSearchServices:
    services = fixture_services(FakeSearchServices)
    assert isinstance(services, FakeSearchServices)
    services.create_case("Op One")
    services.record_check("C-0001", "bdjobs", "nothing")
    services.create_case("Op Two")
    services.record_check("C-0002", "facebook", "leads", note="two groups")
    return services


def test_history_filters_verifies_and_exports() -> None:
    services = seeded_services()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.table.row_count == 4
        screen.query_one("#h-case", Input).value = "c-2"
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.table.row_count == 2
        screen.query_one("#h-action", Input).value = "source"
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.table.row_count == 1
        assert "facebook" in str(screen.table.get_row_at(0)[5])
        await pilot.press("v")
        await settle(pilot)
        status = str(screen.query_one("#verify-status", Static).render())
        assert "chain intact: 4 events" in status
        await pilot.press("e")
        await settle(pilot)

    run(scenario, app=build_app(services=services))
    assert services.config.locations is not None
    [export] = list((services.config.locations.data_dir / "exports").glob("history-*.jsonl"))
    lines = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert [(e["case"], e["action"]) for e in lines] == [("C-0002", "source.checked")]


def test_review_verdicts_are_recorded_and_shown_on_the_next_run() -> None:
    services = seeded_services()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("r")  # run through the provider
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert [r["url"] for r in screen.results] == [
            "https://jobs.example/1/a", "https://jobs.example/1/b",
            "https://jobs.example/2/a", "https://jobs.example/2/b"]
        await pilot.press("e")  # escalate the first, the cursor moves on
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert screen.reviews["https://jobs.example/1/a"].verdict == "escalate"
        assert screen.result_list.highlighted == 2
        screen.result_list.highlighted = 0
        await pilot.press("n")  # a note and tags keep the earlier verdict
        await pilot.pause()
        await fill(pilot, "same number as ad 12")
        await pilot.press("enter")
        await pilot.pause()
        await fill(pilot, "phone, recruiter")
        await pilot.press("enter")
        await settle(pilot)
        first = screen.reviews["https://jobs.example/1/a"]
        assert (first.verdict, first.note, first.tags) == (
            "escalate", "same number as ad 12", ("phone", "recruiter"))
        # a new run of the same query: earlier verdicts are marked
        row = CompiledRow("offer-fee", "t", "google", "q", "https://www.google.com/search?q=q")
        screen.start(row)
        await settle(pilot)
        prompts = [str(screen.result_list.get_option_at_index(i).prompt).split("\n")[0]
                   for i in range(4)]
        assert prompts[0].startswith("[escalate] ")
        assert prompts[1].startswith("[irrelevant] ")
        assert prompts[2].startswith("[new] ")
        screen.result_list.highlighted = 0
        await pilot.pause()
        detail = str(screen.query_one("#result-detail", Static).render())
        assert "escalate by test-officer" in detail

    run(scenario, app=build_app(services=services))
    reviews = services.reviews(["https://jobs.example/1/a", "https://jobs.example/1/b"])
    assert {u: r.verdict for u, r in reviews.items()} == {
        "https://jobs.example/1/a": "escalate", "https://jobs.example/1/b": "irrelevant"}


def test_a_slow_run_shows_progress_and_can_be_cancelled() -> None:
    services = seeded_services()
    services.gate = threading.Event()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("r")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert "fetching google" in str(screen.query_one("#run-status", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert "cancelled: 0 results" in str(screen.query_one("#run-status", Static).render())
        assert screen.results == []

    run(scenario, app=build_app(services=services))


def test_without_a_provider_the_run_explains_and_offers_the_browser() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        messages = [n.message for n in app._notifications]
        assert any("no result provider is configured" in m for m in messages)

    run(scenario)


def test_a_real_searxng_run_over_loopback_is_reviewed_and_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: a SearXNG on 127.0.0.1 serves two pages; each page is recorded."""
    from provider_server import Canned, refuse_non_loopback, running_server, searxng_body

    refuse_non_loopback(monkeypatch)
    config = tmp_path / "config.toml"
    config.write_text("[providers]\nrate_limit = 100\n", encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    with running_server() as server:
        server.route("/search", Canned(200, searxng_body(["https://a.example/1",
                                                          "https://a.example/2"])),
                     Canned(200, searxng_body(["https://a.example/3"])),
                     Canned(200, searxng_body([])))
        monkeypatch.setenv("DORKER_SEARXNG_URL", server.url)
        services = fixture_services()

        async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
            await pick(pilot, "gulf")
            await pilot.press("r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ResultsScreen)
            assert [r["url"] for r in screen.results] == [
                "https://a.example/1", "https://a.example/2", "https://a.example/3"]
            await pilot.press("r")
            await settle(pilot)

        run(scenario, app=build_app(services=services))
        assert server.hits("/search") == 3  # the third page came back empty: the run stopped
    fetched = [e.payload for e in
               services._open().iter_events(EventFilter(action="search.run"))]
    assert [(p["page"], p["outcome"]["status"], len(p["outcome"]["results"]))
            for p in fetched] == [
        (1, "ok", 2), (2, "ok", 1), (3, "ok", 0)]
    assert services.reviews(["https://a.example/1"])["https://a.example/1"].verdict == "relevant"
