"""A line the app must cut ends in an ellipsis, and Enter shows all of it (Bengali included)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_fixtures import build_app, pick, run, settle

from dorker.config import load_config
from dorker.textwidth import cell_width
from dorker.tui.app import DorkerApp
from dorker.tui.modals.details import DetailsModal
from dorker.tui.models import CompiledRow, SearchPage
from dorker.tui.screens.catalog import CatalogScreen
from dorker.tui.screens.results import ResultsScreen
from dorker.tui.services import Services

BN_DATA = Path(__file__).parent / "data_bn"
LONG_NAME = "বিদেশে চাকরি ও ভিসা — ফেসবুক গ্রুপের তালিকা (ঢাকা, সিলেট, চট্টগ্রাম, কুমিল্লা)"
LONG_SNIPPET = "সৌদি আরবে ফ্রি ভিসা, থাকা-খাওয়া ফ্রি, বেতন ৪০ হাজার। " * 12 + "শেষ কথা"


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def bengali_services(cls: type[Services] = Services) -> Services:
    return cls(load_config(), playbook_dirs=[BN_DATA / "playbooks"],
               catalog_paths=[BN_DATA / "catalog"])


def details_text(app: DorkerApp) -> str:
    """Everything the details dialog shows, as plain text."""
    screen = app.screen
    assert isinstance(screen, DetailsModal)
    return "\n".join(str(value) for _label, value in screen.fields)


def test_catalog_cuts_a_bengali_name_visibly_and_enter_shows_it() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogScreen)
        await pilot.press("enter")  # from the filter to the table
        width = screen.table.scrollable_content_region.width
        line = "".join(s.text for s in screen.table.render_line(0))
        assert cell_width(line) == width
        assert line.rstrip().endswith("…") and "বিদেশে চাকরি" in line
        await pilot.press("enter")
        await pilot.pause()
        assert LONG_NAME in details_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CatalogScreen)

    run(scenario, app=build_app(services=bengali_services()))


class LongSnippetServices(Services):
    def search(self, row: CompiledRow, pages: int, cancelled: Callable[[], bool],
               case_id: str | None = None) -> Iterator[SearchPage]:
        result: dict[str, Any] = {"url": "https://jobs.example/bn", "title": "ফ্রি ভিসা",
                                  "snippet": LONG_SNIPPET}
        yield SearchPage(1, (result,))


def test_results_cut_a_long_snippet_visibly_and_enter_shows_it() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "test-bn")
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        shown = str(screen.result_list.get_option_at_index(0).prompt)
        assert "শেষ কথা" not in shown and shown.endswith("…")
        await pilot.press("enter")
        await pilot.pause()
        assert LONG_SNIPPET in details_text(app)

    run(scenario, app=build_app(services=bengali_services(LongSnippetServices)))


def test_enter_on_a_built_query_shows_it_whole() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "test-bn")
        await pilot.press("enter")
        await pilot.pause()
        text = details_text(app)
        assert '"থাকা-খাওয়া ফ্রি"' in text and "google.com/search" in text
        assert isinstance(app.screen.query_one(Static), Static)

    run(scenario, app=build_app(services=bengali_services()))
