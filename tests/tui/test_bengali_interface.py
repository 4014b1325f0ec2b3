"""The terminal app in Bengali: every screen and dialog read as a user sees them, and every
English word on them accounted for (data, codes and the few names kept on purpose).

A word of the interface left in English (a label nobody wrapped, a message without a Bengali
entry) fails the test, named with the screen it was on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_fixtures import fixed_clock, pick, run, settle

from dorker import i18n
from dorker.config import load_config
from dorker.tui.app import DorkerApp, make_app
from dorker.tui.models import HistoryFilter
from dorker.tui.services import Services

__all__ = ["fixed_clock"]

BN_DATA = Path(__file__).parent / "data_bn"
WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
# Kept in English on purpose: the product and services named, key names, units and formats,
# the filter line's field names (typed as they are), the example values in input hints.
KEPT = {"dorker", "Ctrl", "ctrl", "Enter", "esc", "Esc", "Tab", "URL", "UTC", "JSONL", "SearXNG",
        "Brave", "HTTP", "pattern", "country", "kind", "lang", "checked", "case", "source",
        "https", "somechannel", "Sundarban", "DORKER_SEARXNG_URL", "DORKER_BRAVE_API_KEY",
        "fake", "jobs", "forum", "JSON", "SHA", "SVG", "EXIF", "GPS", "Lens", "Yandex", "TinEye",
        "WhatsApp", "IMO", "Viber", "Telegram", "OpenStreetMap"}
# A command the user types (`dorker watch add NAME TARGET -e ENGINE`) or a docs path stays as
# written: taken out of the text before the English words are counted.
COMMAND = re.compile(r"dorker(?: (?:--?[a-z][\w-]*|[a-z][\w.-]*|[A-Z][A-Z_]*))+|docs/[\w.-]+")


@pytest.fixture(autouse=True)
def _bengali_then_english(fixed_clock: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield
    i18n.set_language("en")


def screen_text(app: DorkerApp) -> str:
    """What the terminal shows now (the current screen over the ones below it), as text."""
    from rich.console import Console

    update = app.screen._compositor.render_update(full=True,
                                                  screen_stack=app._background_screens)
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(),
                      record=True, force_terminal=True, color_system=None,
                      legacy_windows=False)
    console.print(update)
    return console.export_text()


def bengali_services() -> Services:
    return Services(load_config(), playbook_dirs=[BN_DATA / "playbooks"],
                    catalog_paths=[BN_DATA / "catalog"])


def data_words(services: Services) -> set[str]:
    """English words that come from data: the fixture files, the record, engine ids, and the
    compiler's diagnostics (core messages, shared with the JSON output, not translated)."""
    words: set[str] = set()
    for path in BN_DATA.rglob("*.yaml"):
        words |= set(WORD.findall(path.read_text(encoding="utf-8")))
    for row in services.events(HistoryFilter()):
        words |= set(WORD.findall(f"{row.action} {row.summary} {row.actor} {dict(row.data)}"))
    words |= {w for engine in services.engines() for w in WORD.findall(engine)}
    for summary in services.playbooks():
        info = services.playbook(summary.id)
        result = services.build(info.id, {}, services.default_engines(info))
        for built in result.rows:
            for diagnostic in built.diagnostics:
                words |= set(WORD.findall(str(diagnostic.get("message", ""))))
            words |= set(WORD.findall(f"{built.query} {built.url}"))
    return words


def english_words(text: str, allowed: set[str]) -> set[str]:
    """Words not accounted for; a piece of an allowed word counts as it (a dialog over a line
    cuts the words below it: "terms" shows as "rms")."""
    return {w for w in WORD.findall(COMMAND.sub(" ", text))
            if w.strip("'’") not in allowed and not any(w in word for word in allowed)}


def test_every_screen_reads_bengali() -> None:
    services = bengali_services()
    services.create_case("অপারেশন সুন্দরবন", ["fake-jobs"])
    services.record_check("C-0001", "bn-job-groups", "leads", note="তিনটি এজেন্সি")
    services.use_case("C-0001")
    allowed = KEPT | data_words(services) | {"test", "officer"}
    found: dict[str, set[str]] = {}
    shown: dict[str, str] = {}

    def look(app: DorkerApp, where: str) -> None:
        text = screen_text(app)
        shown[where] = text
        words = english_words(text, allowed)
        if words:
            found[where] = words

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        look(app, "builder, nothing picked")
        await pick(pilot, "test-bn")
        look(app, "builder, a playbook picked")
        await pilot.press("enter")
        await pilot.pause()
        look(app, "query in full")
        await pilot.press("escape")
        await pilot.press("f1")
        await pilot.pause()
        look(app, "help")
        await pilot.press("escape")
        for key, where in (("f3", "cases"), ("f4", "catalog"), ("f5", "history"),
                           ("f6", "results"), ("f7", "images"), ("f8", "watches"),
                           ("f9", "leads")):
            await pilot.press(key)
            await settle(pilot)
            look(app, where)
        await pilot.press("f5", "v")
        await settle(pilot)
        look(app, "history, verified")
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await pilot.pause()
        look(app, "source in full")
        await pilot.press("escape", "v")
        await settle(pilot)
        look(app, "coverage matrix")
        await pilot.press("enter")
        await pilot.pause()
        look(app, "matrix cell in full")
        await pilot.press("escape", "v", "m")
        await pilot.pause()
        look(app, "outcome dialog")
        await pilot.press("escape", "a")
        await pilot.pause()
        look(app, "add-source dialog")
        await pilot.press("escape", "f3", "n")
        await settle(pilot)
        look(app, "new-case dialog")
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.3)
        look(app, "command palette")

    config = replace(load_config(), language="bn")
    app = make_app(config, services=services, welcome=False, theme="textual-dark")
    run(scenario, app=app, size=(120, 40))
    assert "অপারেশন সুন্দরবন" in shown["cases"] and "প্রাসঙ্গিক" in shown["results"]
    assert len(shown) == 19
    assert found == {}, {where: shown[where] for where in found}


def test_the_welcome_reads_bengali() -> None:
    services = bengali_services()
    allowed = KEPT | data_words(services)

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        text = screen_text(app)
        assert "dorker-এ স্বাগতম" in text
        assert english_words(text, allowed) == set()

    config = replace(load_config(), language="bn")
    run(scenario, app=make_app(config, services=services, welcome=True, theme="textual-dark"),
        size=(100, 30))
