"""SVG snapshots with Bengali: three screens of Bengali content in the English interface, and
three in the Bengali interface (fixed clock, actor and fixture data).

Regenerate after a deliberate change with
`pytest tests/tui/test_snapshots_bengali.py --snapshot-update` and review the SVGs (and, for
the width rule, the same screens in tmux) before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_fixtures import fixed_clock, pick, settle

from dorker import i18n
from dorker.config import load_config
from dorker.tui.app import DorkerApp, make_app
from dorker.tui.models import CompiledRow, SearchPage
from dorker.tui.services import Services

__all__ = ["fixed_clock"]

SIZE = (100, 30)
BN_DATA = Path(__file__).parent / "data_bn"


@pytest.fixture(autouse=True)
def _deterministic(fixed_clock: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield
    i18n.set_language("en")


class BengaliResults(Services):
    """A provider stand-in whose results are Bengali ads."""

    def search(self, row: CompiledRow, pages: int, cancelled: Callable[[], bool],
               case_id: str | None = None) -> Iterator[SearchPage]:
        results: tuple[dict[str, Any], ...] = (
            {"url": "https://facebook.com/groups/saudi-visa-bd/posts/1",
             "title": "সৌদি আরবে ফ্রি ভিসায় লোক নেওয়া হবে — থাকা-খাওয়া ফ্রি",
             "snippet": "কাতারে ও কুয়েতে ক্লিনার, ড্রাইভার ও হোটেল বয় লাগবে। বেতন ৪০ হাজার, "
                        "মেডিকেল ফ্রি, টিকেট ফ্রি। যোগাযোগ ইনবক্সে।"},
            {"url": "https://facebook.com/groups/saudi-visa-bd/posts/2",
             "title": "দুবাইতে কাজের ভিসা: আকামা ফ্রি, ৭ দিনের মধ্যে ভিসা",
             "snippet": "অভিজ্ঞতা লাগবে না। আগে টাকা দিলে দ্রুত ফ্লাইট।"},
        )
        yield SearchPage(1, results)


def seeded(cls: type[Services] = Services) -> Services:
    services = cls(load_config(), playbook_dirs=[BN_DATA / "playbooks"],
                   catalog_paths=[BN_DATA / "catalog"])
    services.create_case("অপারেশন সুন্দরবন: সৌদি ভিসার দালাল চক্র", ["fake-jobs"])
    services.record_check("C-0001", "bn-job-groups", "leads", note="তিনটি এজেন্সির নম্বর")
    services.use_case("C-0001")
    return services


def app(services: Services, *, language: str = "en", welcome: bool = False) -> DorkerApp:
    config = replace(load_config(), language=language)
    return make_app(config, services=services, welcome=welcome, theme="textual-dark")


# -- Bengali content, English interface ----------------------------------------------------


def test_bengali_queries_in_the_preview(snap_compare: Any) -> None:
    """Every word of each Bengali query on screen (vowel signs take their cell)."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pick(pilot, "test-bn")

    assert snap_compare(app(seeded()), run_before=run_before, terminal_size=SIZE)


def test_bengali_source_names_cut_visibly(snap_compare: Any) -> None:
    """A Bengali name longer than its column ends in …; the line below shows it whole."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")

    assert snap_compare(app(seeded()), run_before=run_before, terminal_size=SIZE)


def test_bengali_results_to_review(snap_compare: Any) -> None:
    """Bengali titles and snippets from a provider, one reviewed."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pick(pilot, "test-bn")
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app(seeded(BengaliResults)), run_before=run_before,
                        terminal_size=SIZE)


# -- the Bengali interface -----------------------------------------------------------------


def test_bengali_interface_first_launch(snap_compare: Any) -> None:
    """The smallest supported terminal, empty record: the welcome, in Bengali."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)

    services = Services(load_config(), playbook_dirs=[BN_DATA / "playbooks"],
                        catalog_paths=[BN_DATA / "catalog"])
    assert snap_compare(app(services, language="bn", welcome=True), run_before=run_before,
                        terminal_size=(80, 24))


def test_bengali_interface_catalog(snap_compare: Any) -> None:
    """Catalog and coverage in Bengali: column titles, the count line, an outcome, the keys."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")

    assert snap_compare(app(seeded(), language="bn"), run_before=run_before,
                        terminal_size=SIZE)


def test_bengali_interface_help(snap_compare: Any) -> None:
    """F1 on the builder, in Bengali: what each screen is for, and its keys."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pick(pilot, "test-bn")
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app(seeded(), language="bn"), run_before=run_before,
                        terminal_size=SIZE)
