"""The app as a whole: hostile text shown literally, keymap, palette, help, welcome, 80×24."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from rich.style import Style
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static
from tui_fixtures import (
    HOSTILE_TITLE,
    FakeSearchServices,
    build_app,
    fill,
    fixture_services,
    pick,
    run,
    settle,
)

import dorker.tui
from dorker.tui.app import DorkerApp
from dorker.tui.modals.help import HelpModal
from dorker.tui.modals.welcome import WelcomeModal
from dorker.tui.screens.builder import BuilderScreen
from dorker.tui.screens.catalog import CatalogScreen
from dorker.tui.screens.history import HistoryScreen
from dorker.tui.screens.results import ResultsScreen
from dorker.tui.widgets.keybar import KeyBar


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def screen_text(app: DorkerApp) -> str:
    """What the terminal shows, as text (from the SVG export: escaped entities undone)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


def test_hostile_playbook_title_is_shown_as_typed() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        listing = screen.picker.options
        shown_first = listing.render_line(1).text  # the first playbook's title, cut to the width
        assert "[bold]with a fe" in shown_first
        title_line = listing.render_row_line(listing.rows[0], 1, 200, Style()).text  # all of it
        assert "[bold]with a fee[/bold] \\x1b[31m(test)" in title_line
        assert "\x1b" not in title_line
        shown = screen_text(app)
        assert "[bold]with" in shown

    run(scenario)


def test_hostile_result_and_source_names_are_shown_as_typed() -> None:
    services = fixture_services(FakeSearchServices)

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        first = app.screen.result_list.get_option_at_index(0).prompt
        plain = getattr(first, "plain", str(first))
        assert "[bold]Jobs[/bold] [link=https://evil.example]here[/link] \\x1b[2J" in plain
        assert "\x1b" not in plain
        assert "[link=https://evil.example]here" in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, CatalogScreen)
        app.screen.filter_input.value = "hostile"
        await settle(pilot)
        shown = screen_text(app)
        assert "[link=https://evil.example]click" in shown
        assert "\\x1b]0;pwned\\x07" in shown

    assert "\x1b" in HOSTILE_TITLE
    run(scenario, app=build_app(services=services))


def test_notifications_never_interpret_markup() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        app.screen.notify("[bold]t.me/x[/bold] \x1b[2J")  # as a screen would quote a URL
        await pilot.pause()
        [note] = list(app._notifications)
        assert note.markup is False
        assert note.message == "[bold]t.me/x[/bold] \\x1b[2J"

    run(scenario)


def test_every_binding_has_an_id() -> None:
    missing = []
    for info in pkgutil.walk_packages(dorker.tui.__path__, "dorker.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if not isinstance(value, type) or not value.__module__.startswith("dorker.tui"):
                continue
            for binding in value.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and not binding.id:
                    missing.append(f"{value.__name__}: {binding.key}")
    assert missing == []


def test_keymap_from_config_remaps_a_binding() -> None:
    services = fixture_services()
    opened: list[str] = []

    def fake_open(url: str) -> str:
        opened.append(url)
        return "opened in the browser"

    services.open_url = fake_open  # type: ignore[method-assign]

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("o")
        await settle(pilot)
        assert opened == []
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert len(opened) == 1

    run(scenario, app=build_app(services=services, keymap={"open-in-browser": "ctrl+o"}))


def test_palette_offers_the_commands_of_the_current_screen() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        builder = app.screen
        assert isinstance(builder, BuilderScreen)
        titles = [t for t, _, _ in builder.palette_commands()]
        assert "Open query in browser" in titles and "Verify the chain" not in titles
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CommandPalette)
        await fill(pilot, "verify the chain")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "chain intact" in str(history.query_one("#verify-status", Static).render())

    run(scenario)


def test_help_lists_the_keys_of_the_screen() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        keys = dict((d, k) for k, d in app.screen.keys)
        assert keys["Open"] == "o" and keys["Catalog"] == "f4"
        await pilot.press("escape")
        assert isinstance(app.screen, BuilderScreen)

    run(scenario)


def test_first_launch_explains_what_to_do_first() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, WelcomeModal)
        text = screen_text(app)
        assert "Create a case" in text and "lead, not proof" in text and "tipping off" in text
        await pilot.press("enter")
        assert isinstance(app.screen, BuilderScreen)

    run(scenario, app=build_app(welcome=True))


def test_no_welcome_once_the_record_has_events() -> None:
    services = fixture_services()
    services.create_case("Op Test")

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, BuilderScreen)
        assert app.sub_title == "case C-0001 · Op Test"

    run(scenario, app=build_app(services=services, welcome=True))


@pytest.mark.parametrize("key", ["f2", "f3", "f4", "f5", "f6"])
def test_every_screen_works_at_80x24(key: str) -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press(key)
        await settle(pilot)
        assert app.screen.size == (80, 24)
        assert app.screen.focused is not None  # keyboard first: something has the focus
        text = screen_text(app)
        assert "f1  Help" in text  # the way to every other key is always on screen

    run(scenario, size=(80, 24))


def test_key_bar_shows_remapped_keys_and_a_click_presses_the_key() -> None:
    """The one-line footer follows the focus and the keymap; clicking a key presses it."""

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        bar = app.screen.query_one(KeyBar)
        assert "f3 Cases" in bar.render().plain  # wide enough: every label is shown
        assert "Open" not in bar.render().plain  # nothing picked: nothing to open yet
        await pick(pilot, "gulf")
        line = app.screen.query_one(KeyBar).render().plain
        assert "^o Open" in line and " o Open" not in line
        start = line.index(" f3 ")
        await pilot.click(KeyBar, offset=(start + 2, 0))
        await settle(pilot)
        assert app.current_mode == "cases"
        assert "n New case" in app.screen.query_one(KeyBar).render().plain

    run(scenario, app=build_app(keymap={"open-in-browser": "ctrl+o"}), size=(140, 30))


def test_key_bar_keeps_this_screens_words_when_narrow() -> None:
    """Too narrow for every label: the screen keys lose theirs first, never this screen's."""

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        line = app.screen.query_one(KeyBar).render().plain
        assert " f3 " in line and "f3 Cases" not in line
        assert "o Open" in line and "^p palette" in line

    run(scenario, size=(90, 24))
