"""Shared pieces of the terminal-app tests: the fixture app, a fake provider, waiting helpers."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from dorker.config import load_config
from dorker.tui.app import DorkerApp, make_app
from dorker.tui.models import CompiledRow, SearchPage
from dorker.tui.services import Services

DATA = Path(__file__).parent / "data"
FIXED_TS = "2026-03-01T09:00:00.000000Z"
HOSTILE_TITLE = "[bold]Jobs[/bold] [link=https://evil.example]here[/link] \x1b[2J\x1b]0;pwn\x07"


def fixture_services(cls: type[Services] = Services) -> Services:
    """Services over the test playbooks and catalog (never the bundled data: it changes)."""
    return cls(load_config(), playbook_dirs=[DATA / "playbooks"],
               catalog_paths=[DATA / "catalog"])


def build_app(*, services: Services | None = None, welcome: bool = False,
              keymap: dict[str, str] | None = None) -> DorkerApp:
    """The app as `dorker` builds it, over the fixture data."""
    config = load_config()
    if keymap is not None:
        config = replace(config, keymap=keymap)
    return make_app(config, services=services or fixture_services(), welcome=welcome,
                    theme="textual-dark")


def run(scenario: Callable[[DorkerApp, Pilot[None]], Awaitable[None]], *,
        app: DorkerApp | None = None, size: tuple[int, int] = (100, 30)) -> DorkerApp:
    """Run `scenario` against a headless app (no asyncio plugin needed)."""
    the_app = app or build_app()

    async def main() -> None:
        async with the_app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(the_app, pilot)

    asyncio.run(main())
    return the_app


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Let workers finish and their messages be handled."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause(0.05)


async def pick(pilot: Pilot[None], text: str, *, typed: bool = False) -> None:
    """Fill the playbook filter (key by key with `typed`) and pick the highlighted entry."""
    await pilot.press("ctrl+l")
    if typed:
        await pilot.press(*text)
    else:
        await fill(pilot, text)
    await pilot.press("enter")
    await pilot.pause(0.2)  # the debounced build
    await settle(pilot)


async def fill(pilot: Pilot[None], text: str) -> None:
    """Put `text` into the focused input at once (typing long text key by key is slow)."""
    from textual.widgets import Input

    box = pilot.app.focused
    assert isinstance(box, Input)
    box.insert_text_at_cursor(text)
    await pilot.pause()


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every event gets the same time (deterministic snapshots and hashes)."""
    monkeypatch.setattr("dorker.store.sqlite.utc_now", lambda: FIXED_TS)
    return FIXED_TS


class FakeSearchServices(Services):
    """A provider stand-in: two pages of results (one hostile), optionally waiting per page."""

    gate: threading.Event | None = None

    def search(self, row: CompiledRow, pages: int, cancelled: Callable[[], bool],
               case_id: str | None = None) -> Iterator[SearchPage]:
        for number in range(1, min(pages, 2) + 1):
            if self.gate is not None:
                while not self.gate.wait(0.01):
                    if cancelled():
                        return
            if cancelled():
                return
            results: tuple[dict[str, Any], ...] = (
                {"url": f"https://jobs.example/{number}/a", "title": HOSTILE_TITLE,
                 "snippet": "free visa, 4 lakh"},
                {"url": f"https://jobs.example/{number}/b", "title": f"Offer {number}b",
                 "snippet": "calling visa"},
            )
            yield SearchPage(number, results)
