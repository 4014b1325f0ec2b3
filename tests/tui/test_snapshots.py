"""SVG snapshots of every screen at a fixed size (fixed clock, actor and fixture data).

Regenerate after a deliberate change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and review the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from tui_fixtures import FakeSearchServices, build_app, fixed_clock, fixture_services, pick, settle

from dorker.tui.services import Services

__all__ = ["fixed_clock"]  # the fixture, re-exported for pytest

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def _deterministic(fixed_clock: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def seeded(cls: type[Services] = Services) -> Services:
    services = fixture_services(cls)
    services.create_case("Op Sundarban", ["fake-jobs"])
    services.record_check("C-0001", "bdjobs", "leads", note="three agencies")
    services.create_case("Op Mediterraneo", ["route-offers"])
    services.use_case("C-0001")
    return services


def test_builder_after_a_pick(snap_compare: Any) -> None:
    """A playbook picked: the form, and the query for each engine with its diagnostics."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pick(pilot, "gulf")

    assert snap_compare(build_app(services=seeded()), run_before=run_before, terminal_size=SIZE)


def test_builder_at_80x24_on_first_launch(snap_compare: Any) -> None:
    """The smallest supported terminal, empty record: the welcome guidance."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(build_app(welcome=True), run_before=run_before, terminal_size=(80, 24))


def test_cases(snap_compare: Any) -> None:
    """Two cases, the current one marked and named in the header."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(build_app(services=seeded()), run_before=run_before, terminal_size=SIZE)


def test_catalog_with_coverage(snap_compare: Any) -> None:
    """The source table: one source checked with leads in the current case."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter", "down")

    assert snap_compare(build_app(services=seeded()), run_before=run_before, terminal_size=SIZE)


def test_history_verified(snap_compare: Any) -> None:
    """The record, newest first, with the chain verified."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(build_app(services=seeded()), run_before=run_before, terminal_size=SIZE)


def test_results_review(snap_compare: Any) -> None:
    """A provider run: a hostile title shown as typed, one verdict given."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pick(pilot, "gulf")
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(build_app(services=seeded(FakeSearchServices)), run_before=run_before,
                        terminal_size=SIZE)


def test_help(snap_compare: Any) -> None:
    """F1 on the builder: what each screen is for, and its keys."""
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(build_app(services=seeded()), run_before=run_before, terminal_size=SIZE)
