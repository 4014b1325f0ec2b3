"""The Leads screen (F9): leads by kind with item and case counts, clusters, mark, pivot, scan;
and the leads of the highlighted result on the Results screen."""

from __future__ import annotations

import contextlib
import json
import re
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_fixtures import FakeSearchServices, build_app, fill, fixture_services, pick, run, settle

from dorker.store.base import EventFilter
from dorker.tui.app import DorkerApp
from dorker.tui.leads_service import ClusterRow, LeadRow
from dorker.tui.screens.leads import LeadsScreen
from dorker.tui.screens.results import ResultsScreen
from dorker.tui.widgets.result_leads import ResultLeads
from write_kill import Killed, kill_after_commits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "leads"))
from leads_fixtures import THREE_WAYS, record_results

PHONE = "phone:+8801712345678"


def seeded(*, scan: bool = True) -> FakeSearchServices:
    services = fixture_services(FakeSearchServices)
    assert isinstance(services, FakeSearchServices)
    services.create_case("Malaysia visa ring")
    services.create_case("Saudi hotel jobs")
    services.use_case("C-0001")
    record_results("C-0001", THREE_WAYS)
    record_results("C-0002", [("https://saudi.example.com/x", "Hotel", "Contact 01712-345678")])
    if scan:
        services.leads.scan("C-0001")
        services.leads.scan("C-0002")
    return services


def events(services: FakeSearchServices, action: str) -> list[dict[str, object]]:
    from dorker.store.session import open_configured_store

    with open_configured_store(services.config) as store:
        return [e.to_json() for e in store.iter_events(EventFilter(action=action))]


async def to_leads(app: DorkerApp, pilot: Pilot[None]) -> LeadsScreen:
    await pilot.press("f9")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, LeadsScreen)
    return screen


def test_leads_by_kind_with_counts_and_other_cases_then_clusters() -> None:
    services = seeded()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = await to_leads(app, pilot)
        status = str(screen.query_one("#leads-status", Static).render())
        assert "C-0001 · 4 lead(s) (1 handle, 2 money, 1 phone)" in status
        assert "1 also in other cases" in status
        first = screen.current
        assert isinstance(first, LeadRow)  # phones first, under their heading
        assert (first.id, first.items, first.cases, first.other_cases) == (
            PHONE, 3, 2, ("C-0002",))
        assert first.kind == "imo/phone/whatsapp"
        prompt = str(screen.lead_list.get_option_at_index(1).prompt)
        assert "3 item(s) · 2 case(s)" in prompt and "also in C-0002" in prompt
        detail = str(screen.query_one("#lead-detail", Static).render())
        assert "০১৭১২৩৪৫৬৭৮" in detail and "Factory job Malaysia" in detail
        await pilot.press("c")
        await settle(pilot)
        cluster = screen.current
        assert isinstance(cluster, ClusterRow)
        assert len(cluster.items) == 3 and cluster.shared == (PHONE,)
        assert cluster.other_cases == ("C-0002",)

    run(scenario, app=build_app(services=services), size=(110, 30))


def test_loading_the_screen_reads_the_sightings_and_verdicts_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from dorker.store.sqlite import SqliteEventStore

    services = seeded()
    services.leads.mark("C-0002", PHONE, "confirmed", "their broker")
    expected = services.leads.load("C-0001")
    reads: list[str | None] = []
    real = SqliteEventStore.iter_events

    def counting(self: SqliteEventStore, where: EventFilter | None = None,
                 **kwargs: object) -> object:
        reads.append(where.action if where else None)
        return real(self, where, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SqliteEventStore, "iter_events", counting)
    view = services.leads.load("C-0001")
    assert reads.count("lead.found") == 1 and reads.count("lead.marked") == 1
    assert view == expected  # the same leads, counts, other cases, colleagues and clusters
    phone = next(row for row in view.leads if row.id == PHONE)
    assert phone.colleagues == ("confirmed in C-0002 by test-officer: their broker",)


def test_mark_records_a_verdict_with_a_note() -> None:
    services = seeded()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = await to_leads(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the verdict field keeps "confirmed"
        await fill(pilot, "same broker as C-0002")
        await pilot.press("enter")
        await settle(pilot)
        row = screen.current
        assert isinstance(row, LeadRow) and row.verdict == "confirmed"
        assert "[confirmed]" in str(screen.lead_list.get_option_at_index(1).prompt)

    run(scenario, app=build_app(services=services), size=(110, 30))
    (marked,) = events(services, "lead.marked")
    assert marked["case"] == "C-0001"
    assert marked["payload"] == {"lead": PHONE, "kind": "phone", "value": "+8801712345678",  # type: ignore[comparison-overlap]
                                 "verdict": "confirmed", "note": "same broker as C-0002",
                                 "via": "tui"}


def test_a_bad_verdict_is_refused_and_nothing_recorded() -> None:
    services = seeded()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await to_leads(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        box = app.focused
        assert isinstance(box, Input)
        box.value = "maybe"
        await pilot.press("enter", "enter")
        await settle(pilot)

    run(scenario, app=build_app(services=services), size=(110, 30))
    assert events(services, "lead.marked") == []


def test_pivot_records_the_searches_with_the_lead() -> None:
    services = seeded()
    copied: list[str] = []

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await to_leads(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # engines: the default (google)
        await settle(pilot)

    run(scenario, app=build_app(services=services), size=(110, 30))
    opened = events(services, "query.opened")
    assert len(opened) == 4
    assert {(e["payload"]["lead"], e["payload"]["playbook"], e["payload"]["engine"])  # type: ignore[index]
            for e in opened} == {(PHONE, "phone-pivot", "google")}
    assert {e["payload"]["how"] for e in opened} == {"copied"}  # type: ignore[index]
    # One pivot is one command: every search it recorded shares one id (no burst for the audit).
    [command] = {e["payload"]["command_id"] for e in opened}  # type: ignore[index]
    assert re.fullmatch("[0-9a-f]{32}", str(command))
    assert copied and copied[0].count("https://www.google.com/search?q=") == 4


def test_a_pivot_is_recorded_in_one_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    services = seeded()
    kill_after_commits(monkeypatch, 1)
    with contextlib.suppress(Killed):
        services.leads.pivot("C-0001", PHONE, ["google", "bing"])
    opened = events(services, "query.opened")
    assert len(opened) == 8  # every written form x both engines: all recorded, or none
    assert {e["payload"]["engine"] for e in opened} == {"google", "bing"}  # type: ignore[index]


def test_scan_from_the_screen_and_the_guide_before() -> None:
    services = seeded(scan=False)

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = await to_leads(app, pilot)
        assert "No leads recorded for this case yet" in str(
            screen.lead_list.get_option_at_index(0).prompt)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(screen.current, LeadRow)

    run(scenario, app=build_app(services=services), size=(110, 30))
    assert {json.dumps(e["payload"]["lead"]["id"]) for e in events(services, "lead.found")} >= {  # type: ignore[index]
        json.dumps(PHONE)}


def test_the_highlighted_result_shows_its_leads() -> None:
    services = fixture_services(FakeSearchServices)
    services.create_case("Op One")

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pick(pilot, "gulf")
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        await settle(pilot)
        line = str(screen.query_one(ResultLeads).render())
        assert line == "leads: money BDT 400000"  # "free visa, 4 lakh" in the fake's snippet
        await pilot.press("down")
        await settle(pilot)
        assert str(screen.query_one(ResultLeads).render()) == "leads: none in this result"

    run(scenario, app=build_app(services=services))
