"""Builder flows: pick a playbook, fill variables, live preview, open/copy/check recorded."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_fixtures import build_app, fill, fixture_services, pick, run, settle

from dorker.store.base import EventFilter
from dorker.tui.app import DorkerApp
from dorker.tui.messages import ChoiceReady
from dorker.tui.models import CompiledRow, PlaybookSummary
from dorker.tui.screens.builder import BuilderScreen
from dorker.tui.services import Services
from dorker.tui.widgets.builder.picker import PlaybookList, fuzzy_filter


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """No graphical browser: opening falls back to copying (never starts a real browser)."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def events(services: Services, action: str) -> list[dict[str, object]]:
    return [dict(e.payload) | {"case": e.case_id, "actor": e.actor}
            for e in services._open().iter_events(EventFilter(action=action))]


def test_pick_build_open_is_recorded() -> None:
    """Type, Enter, o: the query is compiled per engine, opened (copied here) and recorded."""
    services = fixture_services()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf", typed=True)
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        rows = screen.preview.rows
        assert [(r.engine, r.query_id) for r in rows] == [("google", "offer-fee"),
                                                          ("bing", "offer-fee")]
        assert rows[0].query == ('("free visa" OR "calling visa") Saudi (fee OR lakh) '
                                 'site:facebook.com')
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == rows[0].url  # no browser here: the URL was copied instead

    run(scenario, app=build_app(services=services))
    [opened] = events(services, "query.opened")
    assert opened["engine"] == "google" and opened["playbook"] == "test-gulf-visa"
    assert opened["playbook_version"] == 2 and len(str(opened["playbook_sha256"])) == 64
    assert opened["how"] == "browser" and opened["pattern"] == "fake-jobs"
    assert opened["variables"] == {"destination": ["Saudi"]}
    assert opened["actor"] == "test-officer"


def test_copy_second_engine_is_recorded() -> None:
    """Moving to the bing row and pressing c copies that URL and records it."""
    services = fixture_services()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("down", "c")
        await settle(pilot)
        assert app.clipboard is not None and app.clipboard.startswith("https://www.bing.com/")

    run(scenario, app=build_app(services=services))
    assert [e["engine"] for e in events(services, "query.opened")] == ["bing"]


def test_variables_update_the_preview_live_and_are_validated() -> None:
    """A matrix value adds queries; a bad value is flagged under its input and not built."""
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        box = screen.query_one("#var-destination", Input)
        box.focus()
        await pilot.pause()
        await pilot.press("end")
        await fill(pilot, ", Dubai")
        await pilot.pause(0.3)
        await settle(pilot)
        assert {r.variables.get("destination") for r in screen.preview.rows} == {
            ("Saudi",), ("Dubai",)}
        await fill(pilot, ", Mars")
        await pilot.pause(0.3)
        await settle(pilot)
        error = screen.query_one("#err-destination", Static)
        assert error.display and "Mars" in str(error.render())
        assert not len(screen.preview.rows)  # not built while a value is wrong; the list says why
        problem = screen.preview.get_option_at_index(0).prompt
        assert "Mars" in str(problem) and "not built" in str(problem)
        await pilot.press(*["backspace"] * len(", Mars"))
        phone = screen.query_one("#var-phone", Input)
        phone.focus()
        await pilot.pause()
        await fill(pilot, "01711-000000")
        await pilot.pause(0.3)
        await settle(pilot)
        number_rows: list[CompiledRow] = [
            r for r in screen.preview.rows if r.query_id == "number"]
        assert number_rows and "+8801711000000" in (number_rows[0].query or "")

    run(scenario)


def test_raw_dork_is_translated_for_the_default_engines() -> None:
    """Text that looks like a dork is offered first; Enter compiles it for each engine."""
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, 'site:t.me "free visa"')
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert screen.raw == 'site:t.me "free visa"'
        assert [r.engine for r in screen.preview.rows] == ["google", "bing", "duckduckgo"]

    run(scenario)


def test_mark_checked_needs_a_case_then_records_the_source() -> None:
    """m without a case warns; with one it records the query's catalog source."""
    services = fixture_services()
    services.create_case("Op Test", ["fake-jobs"])

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)

    run(scenario, app=build_app(services=services))
    [check] = events(services, "source.checked")
    assert check["source"] == "facebook" and check["outcome"] == "nothing"
    assert check["query"] == "test-gulf-visa:offer-fee" and check["case"] == "C-0001"


def test_fuzzy_filter_matches_words_then_letters() -> None:
    playbooks = fixture_services().playbooks()
    assert [p.id for p in fuzzy_filter(playbooks, "route")] == ["test-route-offers"]
    assert [p.id for p in fuzzy_filter(playbooks, "tgv")] == ["test-gulf-visa"]
    assert len(fuzzy_filter(playbooks, "")) == 2


def test_picker_lists_every_match_and_a_click_picks() -> None:
    """1,000 playbooks: all are listed (no cap), End reaches the last, a click picks a row."""
    many = [PlaybookSummary(f"gen-{i:04d}", f"Generated playbook {i}", "fake-jobs", 1, None)
            for i in range(1000)]
    said: list[str] = []

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        screen.picker.set_playbooks(many)
        await pilot.pause()
        listing = screen.picker.options
        assert len(listing.rows) == 1000
        assert listing.render_line(0).text.startswith("gen-0000 fake-jobs")
        await pilot.press("pagedown")  # the filter has the focus: the picker pages the list
        assert listing.cursor > 5
        listing.focus()
        await pilot.press("end")
        await pilot.pause()
        assert listing.current.id == "gen-0999"
        last_row_top = listing.scrollable_content_region.height - 2
        assert listing.render_line(last_row_top).text.startswith("gen-0999")
        await pilot.press("ctrl+l")
        await fill(pilot, "playbook 12")
        assert [p.id for p in listing.rows[:3]] == ["gen-0012", "gen-0112", "gen-0120"]
        app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign]
        await pilot.click(PlaybookList, offset=(3, 2))  # the second row (two lines per row)
        await settle(pilot)
        assert listing.current.id == "gen-0112"
        # Picked: the builder reads its file (these summaries have none: it says so, no crash).
        assert any("cannot open playbook gen-0112" in m for m in said), said

    run(scenario)


def test_a_slow_earlier_pick_never_replaces_a_later_one() -> None:
    """Pick a playbook, then a dork: a late answer for the first pick is dropped."""

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        await pick(pilot, "gulf")
        opened = screen.playbook
        assert opened is not None
        screen.picker.filter_input.value = ""
        await pick(pilot, 'site:t.me "visa"')
        assert screen.playbook is None and screen.raw == 'site:t.me "visa"'
        screen.post_message(ChoiceReady(opened, None, screen._pick_token - 1))  # late, stale
        await settle(pilot)
        assert screen.playbook is None and screen.raw == 'site:t.me "visa"'
        # Before the list has loaded, a name typed quickly is not offered as a dork.
        screen.picker._loaded = False
        screen.picker._refilter("gulf")
        assert list(screen.picker.options.rows) == []
        screen.picker._refilter("site:t.me visa")
        assert [type(r).__name__ for r in screen.picker.options.rows] == ["RawDork"]

    run(scenario)


def test_playbooks_load_even_if_a_key_leaves_the_builder_during_start_up() -> None:
    """F3 pressed while the app starts: the builder still loads its list, shown on F2."""

    async def main() -> None:
        app = build_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f3")  # before the first frame's loaders are started
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, BuilderScreen)
            assert screen.picker._loaded and len(screen.picker.options.rows) >= 2

    asyncio.run(main())
