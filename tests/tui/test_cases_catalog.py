"""Cases (create, switch, always visible) and the catalog with the current case's coverage."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_fixtures import build_app, fill, fixture_services, run, settle

from dorker.store.session import read_current_case
from dorker.tui.app import DorkerApp
from dorker.tui.models import CheckInfo, SourceRow
from dorker.tui.screens.cases import CasesScreen
from dorker.tui.screens.catalog import CatalogScreen
from dorker.tui.widgets.catalog.filtering import apply_filter, parse_filter


def test_create_and_switch_cases_keeps_the_current_case_in_the_header() -> None:
    services = fixture_services()

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        assert "no case" in app.sub_title
        await pilot.press("f3", "n")
        await fill(pilot, "Op Alpha")
        await pilot.press("enter")
        await fill(pilot, "fake-jobs")
        await pilot.press("enter")
        await settle(pilot)
        assert app.sub_title == "case C-0001 · Op Alpha"
        await pilot.press("n")
        await fill(pilot, "Op Beta")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.sub_title == "case C-0002 · Op Beta"
        screen = app.screen
        assert isinstance(screen, CasesScreen)
        assert [c.id for c in screen.cases] == ["C-0001", "C-0002"]
        await pilot.press("up", "enter")
        await settle(pilot)
        assert app.sub_title == "case C-0001 · Op Alpha"
        await pilot.press("f2")  # still visible on another screen
        await settle(pilot)
        assert app.screen.sub_title in (None, "", app.sub_title)

    run(scenario, app=build_app(services=services))
    assert read_current_case(services.config) == "C-0001"
    assert [c.patterns for c in services.cases()] == [("fake-jobs",), ()]


def test_mark_checked_updates_coverage_and_the_record() -> None:
    services = fixture_services()
    services.create_case("Op Test")

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogScreen)
        assert len(screen.table.rows) == 3
        await pilot.press(*"bdjobs", "enter")
        assert [r.id for r in screen.table.rows] == ["bdjobs"]
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("l")
        await settle(pilot)
        assert screen.coverage["bdjobs"].outcome == "leads"
        assert screen.coverage["bdjobs"].actor == "test-officer"
        detail = str(screen.query_one("#source-detail", Static).render())
        assert "leads by test-officer" in detail
        screen.filter_input.value = "checked:no"
        await settle(pilot)
        assert "bdjobs" not in [r.id for r in screen.table.rows]

    run(scenario, app=build_app(services=services))
    assert services.coverage("C-0001")["bdjobs"].outcome == "leads"


def test_add_a_case_local_source() -> None:
    services = fixture_services()
    services.create_case("Op Test")

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogScreen)
        await pilot.press("enter", "a")  # to the table, then add
        await pilot.pause()
        await fill(pilot, "t.me/somechannel")
        await pilot.press("enter")
        await fill(pilot, "Some channel")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.table.rows[0].id == "local:t.me/somechannel"
        assert screen.table.rows[0].local

    run(scenario, app=build_app(services=services))


def test_filter_line_reads_fields_and_words() -> None:
    spec = parse_filter("pattern:fake-jobs country:bd lang:BN visa Agent unknown:x")
    assert (spec.pattern, spec.country, spec.language) == ("fake-jobs", "BD", "bn")
    assert spec.words == ("visa", "agent", "unknown:x")


def row(ident: str, **kw: object) -> SourceRow:
    base: dict[str, object] = {"name": ident, "kind": "forum", "countries": (), "languages": (),
                               "patterns": (), "address": None, "blob": ident}
    base.update(kw)
    return SourceRow(ident, **base)  # type: ignore[arg-type]


def test_filter_keeps_worldwide_sources_and_checks() -> None:
    rows = [row("a", countries=("BD",)), row("b"), row("c", countries=("MY",)),
            row("d", kind="platform")]
    coverage = {"a": CheckInfo("leads", "x", "t")}
    assert [r.id for r in apply_filter(rows, parse_filter("country:BD"), coverage)] == [
        "a", "b", "d"]
    assert [r.id for r in apply_filter(rows, parse_filter("checked:leads"), coverage)] == ["a"]
    assert [r.id for r in apply_filter(rows, parse_filter("checked:no kind:forum"),
                                       coverage)] == ["b", "c"]


def test_catalog_without_a_case_says_coverage_needs_one() -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        count = str(app.screen.query_one("#catalog-count", Static).render())
        assert "3 of 3 sources" in count and "no case" in count
        assert isinstance(app.screen.focused, Input)

    run(scenario)


def test_filter_words_are_looked_for_in_the_id_and_address_too() -> None:
    """The search text leaves out the id and the address (kept once, in the row)."""
    rows = [row("gulf-jobs", blob="jobs board"), row("other", address="recruit.example",
                                                     blob="other board")]
    assert [r.id for r in apply_filter(rows, parse_filter("gulf board"), {})] == ["gulf-jobs"]
    assert [r.id for r in apply_filter(rows, parse_filter("RECRUIT board"), {})] == ["other"]
    assert apply_filter(rows, parse_filter("gulf recruit"), {}) == []
