"""The builder shows a platform's search plan, one row per search; `o` opens the highlighted
one, records its id and the plan's "opened in this case" count goes up. Telegram without a
channel shows its web searches, never an error."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_fixtures import build_app, fixture_services, pick, run, settle

from dorker.store.base import EventFilter
from dorker.tui.app import DorkerApp
from dorker.tui.screens.builder import BuilderScreen
from dorker.tui.services import Services
from helpers import run_cli


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """No graphical browser: opening falls back to copying (never starts a real browser)."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def opened(services: Services) -> list[dict[str, object]]:
    return [dict(e.payload) | {"case": e.case_id}
            for e in services._open().iter_events(EventFilter(action="query.opened"))]


async def set_engines(pilot: Pilot[None], screen: BuilderScreen, engines: str) -> None:
    box = screen.query_one("#engines", Input)
    box.value = engines
    await pilot.pause(0.3)  # the debounced build
    await settle(pilot)
    screen.preview.focus()
    await pilot.pause()


def prompt(screen: BuilderScreen, index: int) -> str:
    return str(screen.preview.get_option_at_index(index).prompt)


def test_plan_rows_open_the_highlighted_search_and_count_it() -> None:
    services = fixture_services()
    services.create_case("Op Plans", ["fake-jobs"])
    seen: dict[str, object] = {}

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        await set_engines(pilot, screen, "facebook, tiktok")
        rows = screen.preview.rows
        facebook = [r for r in rows if r.plan_engine == "facebook"]
        tiktok = [r for r in rows if r.plan_engine == "tiktok"]
        assert len(rows) == len(facebook) + len(tiktok)  # every row is a plan search
        # One row per plan search, numbered from 1; the companion last, via Google.
        assert [r.search_id for r in facebook] == [
            *(f"test-gulf-visa:offer-fee#{n}" for n in range(1, len(facebook))),
            "test-gulf-visa:offer-fee#w1"]
        assert [r.engine for r in facebook] == ["facebook"] * (len(facebook) - 1) + ["google"]
        assert {r.plan_size for r in facebook} == {len(facebook)} and len(facebook) == 5
        assert rows[0].plan_opened == 0
        assert f"search plan: {len(facebook)} searches, 0 opened in this case" in prompt(
            screen, 0)
        assert "#3" in prompt(screen, 2) and (rows[2].query or "") in prompt(screen, 2)
        # The query is limited to site:facebook.com: TikTok gets its own searches and no web
        # companion (site:tiktok.com site:facebook.com could find nothing), with a note.
        assert tiktok and {r.engine for r in tiktok} == {"tiktok"}
        assert any(d.get("code") == "plan-companion-skipped" for d in tiktok[0].diagnostics)
        index = rows.index(tiktok[0])
        assert f"search plan: {len(tiktok)} searches, 0 opened in this case" in prompt(screen,
                                                                                     index)
        # o on the third row opens (copies, without a browser) that search and records it.
        await pilot.press("down", "down")
        assert screen.preview.current == rows[2]
        seen["third"] = rows[2]
        await pilot.press("o")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert app.clipboard == rows[2].url
        after = screen.preview.rows
        assert after[0].plan_opened == 1 and after[2].plan_opened == 1
        assert "search plan: 5 searches, 1 opened in this case" in prompt(screen, 0)
        # Another platform's plan is counted apart.
        index = next(i for i, r in enumerate(after) if r.plan_engine == "tiktok")
        assert f"search plan: {len(tiktok)} searches, 0 opened in this case" in prompt(screen,
                                                                                     index)
        assert screen.preview.current == after[2]  # the highlight stays on the opened search

    run(scenario, app=build_app(services=services), size=(120, 40))
    [event] = opened(services)
    third = seen["third"]
    assert event["search_id"] == "test-gulf-visa:offer-fee#3"
    assert event["plan_engine"] == "facebook" and event["engine"] == "facebook"
    assert event["query"] == third.query and event["url"] == third.url  # type: ignore[attr-defined]
    assert event["case"] == "C-0001" and event["variables"] == {"destination": ["Saudi"]}


def test_a_raw_dork_on_telegram_shows_web_searches() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, '(Dubai OR Saudi) "free visa"')
        screen = app.screen
        assert isinstance(screen, BuilderScreen) and screen.raw
        await set_engines(pilot, screen, "telegram")
        rows = screen.preview.rows
        assert [(r.engine, r.search_id, r.plan_engine) for r in rows] == [
            ("google", "#w1", "telegram"), ("bing", "#w2", "telegram"),
            ("yandex", "#w3", "telegram")]
        assert all(r.url for r in rows)
        assert "search plan: 3 searches" in prompt(screen, 0)

    run(scenario, size=(120, 40))


def test_a_raw_dorks_plan_counts_only_its_own_opened_searches() -> None:
    """Plan ids of raw dorks are `#N` for every dork: the count must not mix two dorks."""
    services = fixture_services()
    services.create_case("Op Dorks", ["fake-jobs"])
    dork, other = "(Dubai OR Saudi) visa", "kidney sale (donor OR buyer)"
    first = services.translate(dork, ["facebook"], "C-0001")
    services.record_open("C-0001", first.rows[1], None)
    [event] = opened(services)
    # The record keeps the dork as typed (as `dorker open` does), beside the plan search.
    assert (event["dork"], event["search_id"], event["query"]) == (dork, "#2", "Saudi visa")
    assert {r.plan_opened for r in services.translate(dork, ["facebook"], "C-0001").rows} == {1}
    assert {r.plan_opened for r in services.translate(other, ["facebook"], "C-0001").rows} == {0}
    # The same dork opened from the command line is counted for its plan in the app.
    result = run_cli("open", other, "-e", "facebook", "--print", "--case", "C-0001")
    assert result.code == 0, result.err
    assert {r.plan_opened for r in services.translate(other, ["facebook"], "C-0001").rows} == {1}
    assert {r.plan_opened for r in services.translate(dork, ["facebook"], "C-0001").rows} == {1}
