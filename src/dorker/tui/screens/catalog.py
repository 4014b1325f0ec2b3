"""Catalog and coverage: filter the sources; see and mark what the current case has checked,
as a table of sources or as the case report's matrix of sources × playbook queries (`v`)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, Static

from dorker.i18n import N_, _, ngettext
from dorker.tui.labels import outcome_label
from dorker.tui.messages import CheckRecorded, CoverageLoaded, Failed, SourcesLoaded
from dorker.tui.modals.outcome import OutcomeModal
from dorker.tui.modals.prompt import PromptModal
from dorker.tui.models import CaseInfo, CheckInfo, SourceRow
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import literal, one_line
from dorker.tui.widgets.catalog.coverage_matrix import (
    CellHighlighted,
    CoverageMatrix,
    MatrixLoaded,
    cell_meaning,
)
from dorker.tui.widgets.catalog.filtering import apply_filter, parse_filter
from dorker.tui.widgets.catalog.table import SourceTable, header_line
from dorker.tui.widgets.keybar import KeyBar

__all__ = ["CatalogScreen"]


class CatalogScreen(DorkerScreen):
    """The source table with the current case's coverage."""

    BINDING_GROUP_TITLE = "Catalog"
    DEFAULT_CSS = """
    CatalogScreen #catalog-count {
        height: 1;
        color: $text-muted;
    }
    CatalogScreen #catalog-header {
        height: 1;
        text-style: bold;
        background: $panel;
    }
    CatalogScreen #sources {
        height: 1fr;
    }
    CatalogScreen #source-detail {
        height: 2;
        background: $panel;
    }
    CatalogScreen #matrix {
        height: 1fr;
        display: none;
    }
    CatalogScreen.matrix-view #matrix {
        display: block;
    }
    CatalogScreen.matrix-view #sources {
        display: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "mark", N_("Mark outcome"), id="mark-outcome"),
        Binding("a", "add_source", N_("Add source"), id="add-case-source"),
        Binding("o", "open_source", N_("Open"), id="open-source"),
        Binding("slash", "focus_filter", N_("Filter"), id="focus-filter"),
        Binding("enter", "details", N_("Details"), id="source-details", show=False),
        Binding("v", "toggle_matrix", N_("Matrix"), id="toggle-matrix"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[SourceRow] = []
        self.coverage: dict[str, CheckInfo] = {}
        self.matrix_data: dict[str, Any] | None = None

    @property
    def matrix(self) -> CoverageMatrix:
        """The sources × playbook-queries matrix (shown instead of the table with `v`)."""
        return self.query_one(CoverageMatrix)

    @property
    def matrix_view(self) -> bool:
        """True while the matrix is shown."""
        return self.has_class("matrix-view")

    @property
    def table(self) -> SourceTable:
        """The virtual source table."""
        return self.query_one(SourceTable)

    @property
    def filter_input(self) -> Input:
        """The filter line."""
        return self.query_one("#catalog-filter", Input)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("filter: words  pattern:fake-jobs  country:BD  kind:forum  "
                                  "lang:bn  checked:no"), id="catalog-filter", compact=True)
        yield Static(_("loading the catalog…"), id="catalog-count")
        yield Static(header_line(), id="catalog-header")
        yield SourceTable(id="sources")
        yield CoverageMatrix(id="matrix")
        yield Static("", id="source-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.filter_input.focus()
        self._load(self.case.id if self.case else None)

    def case_switched(self, case: CaseInfo | None) -> None:
        self._load(case.id if case else None)
        if self.matrix_view:
            if case is None:
                self.action_toggle_matrix()
            else:
                self._load_matrix(case.id)

    @work(thread=True, exclusive=True, group="catalog", exit_on_error=False)
    def _load(self, case_id: str | None) -> None:
        try:
            rows = self.services.sources()
            coverage: dict[str, CheckInfo] = {}
            if case_id is not None:
                rows = self.services.case_sources(case_id) + rows
                coverage = self.services.coverage(case_id)
        except Exception as exc:
            self.post_message(Failed(_("cannot load the catalog: {error}").format(error=exc)))
            return
        self.post_message(CoverageLoaded(case_id, coverage))
        self.post_message(SourcesLoaded(rows))
        problems = self.services.catalog_problems()
        if problems:
            self.post_message(Failed(ngettext(
                "{count} catalog file has problems (its valid sources are shown): run `dorker "
                "catalog lint`",
                "{count} catalog files have problems (their valid sources are shown): run "
                "`dorker catalog lint`", len(problems)).format(count=len(problems))))

    @on(CoverageLoaded)
    def _coverage(self, message: CoverageLoaded) -> None:
        self.coverage = message.coverage

    @on(SourcesLoaded)
    def _sources(self, message: SourcesLoaded) -> None:
        self.all_rows = message.sources
        self.refilter()

    @on(Input.Changed, "#catalog-filter")
    def _filter_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#catalog-filter")
    def _filter_done(self) -> None:
        self.set_focus(self.matrix if self.matrix_view else self.table)

    def refilter(self) -> None:
        """Apply the filter line (fast enough for every keystroke over 10,000 sources)."""
        spec = parse_filter(self.filter_input.value)
        if self.matrix_view:
            self._show_matrix(spec.words)
            return
        rows = apply_filter(self.all_rows, spec, self.coverage)
        self.table.show(rows, self.coverage)
        checked = sum(1 for r in rows if r.id in self.coverage)
        count = ngettext("{shown} of {total} source", "{shown} of {total} sources",
                         len(self.all_rows)).format(shown=f"{len(rows):,}",
                                                    total=f"{len(self.all_rows):,}")
        case = (_("case {case}: {checked} checked").format(case=self.case.id, checked=checked)
                if self.case else _("no case: coverage needs one (F3)"))
        self.query_one("#catalog-count", Static).update(f"{count} · {case}")

    @on(SourceTable.Highlighted, "#sources")
    def _highlighted(self, message: SourceTable.Highlighted) -> None:
        row = message.row
        detail = self.query_one("#source-detail", Static)
        if row is None:
            detail.update("")
            return
        check = self.coverage.get(row.id)
        status = (literal(_check_text(check), "bold") if check
                  else Text(_("not checked in this case"), style="dim"))
        detail.update(one_line(Text.assemble(
            literal(row.name, "bold"), "  ", literal(row.url or "", "dim"), "\n", status, "  ",
            literal(" ".join(row.patterns), "italic"))))

    def action_details(self) -> None:
        """Everything about the highlighted source (in the matrix: cell), uncut."""
        if self.matrix_view:
            self._cell_details()
            return
        row = self.table.current
        if row is None:
            return
        check = self.coverage.get(row.id)
        status = _check_text(check) if check else _("not checked in this case")
        from dorker.tui.modals.details import DetailsModal

        self.app.push_screen(DetailsModal(row.name, [
            (_("id"), row.id), (_("name"), row.name), (_("kind"), row.kind),
            (_("address"), row.url or ""),
            (_("countries"), ", ".join(row.countries) or _("any")),
            (_("languages"), ", ".join(row.languages) or _("any")),
            (_("patterns"), ", ".join(row.patterns)), (_("checked"), status)]))

    def action_focus_filter(self) -> None:
        """Back to the filter line."""
        self.set_focus(self.filter_input)

    def action_mark(self) -> None:
        """Record an outcome for the highlighted source (in the matrix: source and query)."""
        if self.matrix_view:
            self._mark_cell()
            return
        row = self.table.current
        case = self.case
        if row is None:
            return
        if case is None:
            self.notify(_("no current case: create or choose one first (F3)"), severity="warning")
            return

        def done(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                self._record(case.id, row.id, answer[0], answer[1])

        self.app.push_screen(OutcomeModal(row.id), done)

    @work(thread=True, group="catalog-write", exit_on_error=False)
    def _record(self, case_id: str, source_id: str, outcome: str, note: str | None) -> None:
        try:
            check = self.services.record_check(case_id, source_id, outcome, note)
        except Exception as exc:
            self.post_message(Failed(_("cannot record the check: {error}").format(error=exc)))
            return
        self.post_message(CheckRecorded(source_id, check))

    @on(CheckRecorded)
    def _recorded(self, message: CheckRecorded) -> None:
        self.coverage[message.source_id] = message.check
        self.table.coverage = self.coverage
        self.table.refresh()
        if not self.matrix_view:
            self._highlighted(SourceTable.Highlighted(self.table, self.table.current))
        if "checked:" in self.filter_input.value:
            self.refilter()
        self.notify(f"{message.source_id}: {outcome_label(message.check.outcome)}")

    def action_add_source(self) -> None:
        """Add a case-local source (a URL found during the investigation)."""
        case = self.case
        if case is None:
            self.notify(_("no current case: create or choose one first (F3)"), severity="warning")
            return

        def done(values: list[str] | None) -> None:
            if values and values[0].strip():
                self._add(case.id, values[0].strip(), values[1].strip() if len(values) > 1 else "")

        self.app.push_screen(PromptModal(_("Add a source to {case}").format(case=case.id),
                                         [(_("URL (e.g. https://t.me/somechannel)"), ""),
                                          (_("name (optional)"), "")]), done)

    @work(thread=True, group="catalog-write", exit_on_error=False)
    def _add(self, case_id: str, url: str, name: str) -> None:
        try:
            self.services.add_case_source(case_id, url, name or None)
        except Exception as exc:
            self.post_message(Failed(_("cannot add the source: {error}").format(error=exc)))
            return
        self.app.call_from_thread(self._load, case_id)

    # -- the matrix view -------------------------------------------------------------------

    def action_toggle_matrix(self) -> None:
        """Show the sources × playbook-queries matrix instead of the table, or back."""
        if not self.matrix_view and self.case is None:
            self.notify(_("no current case: the matrix needs one (F3)"), severity="warning")
            return
        self.toggle_class("matrix-view")
        if self.matrix_view:
            assert self.case is not None
            self.query_one("#catalog-count", Static).update(_("loading the matrix…"))
            self._load_matrix(self.case.id)
            self.set_focus(self.matrix)
        else:
            self.query_one("#catalog-header", Static).update(header_line())
            self.refilter()
            self.set_focus(self.table)

    @work(thread=True, exclusive=True, group="catalog-matrix", exit_on_error=False)
    def _load_matrix(self, case_id: str) -> None:
        try:
            matrix = self.services.coverage_matrix(case_id)
        except Exception as exc:
            self.post_message(MatrixLoaded(case_id, None, _("cannot build the matrix: {error}")
                                           .format(error=exc)))
            return
        self.post_message(MatrixLoaded(case_id, matrix))

    @on(MatrixLoaded)
    def _matrix_loaded(self, message: MatrixLoaded) -> None:
        if message.problem is not None:
            self.notify(message.problem, severity="error")
            return
        self.matrix_data = message.matrix
        if self.matrix_view:
            self.refilter()

    def _show_matrix(self, words: tuple[str, ...]) -> None:
        """The matrix rows whose source id, name or kind hold every filter word."""
        data = self.matrix_data
        if data is None:
            return
        rows = [r for r in data["rows"]
                if all(w in f"{r['source']} {r['name']} {r['kind']}".casefold() for w in words)]
        self.matrix.show(data, rows)
        self.query_one("#catalog-header", Static).update(
            self.matrix.header(self.matrix.scrollable_content_region.width or self.size.width))
        counts = data["counts"]
        self.query_one("#catalog-count", Static).update(one_line(
            _("{shown} of {total} sources × {queries} playbook queries · leads {leads}, searched "
              "without an outcome {opened}, not run {not_run}").format(
                shown=f"{len(rows):,}", total=f"{len(data['rows']):,}",
                queries=f"{len(data['columns']):,}", leads=counts["leads"],
                opened=counts["opened"], not_run=counts["not-checked"])))

    @on(CellHighlighted)
    def _cell_highlighted(self, message: CellHighlighted) -> None:
        if not self.matrix_view:  # the hidden matrix announces its cursor too
            return
        detail = self.query_one("#source-detail", Static)
        row, column, cell = message.row, message.column, message.cell
        self.query_one("#catalog-header", Static).update(
            self.matrix.header(self.matrix.scrollable_content_region.width or self.size.width))
        if row is None:
            detail.update("")
            return
        where = f"{row['name']} × " + (column["id"] if column else _("any query"))
        what = literal(cell_meaning(cell, column), "" if cell is not None else "dim")
        title = column["title"] if column and column["title"] else ""
        detail.update(one_line(Text.assemble(literal(where, "bold"), "  ",
                                              literal(title, "italic"), "\n", what)))

    def _cell_details(self) -> None:
        row = self.matrix.current
        if row is not None:
            from dorker.tui.modals.details import DetailsModal

            self.app.push_screen(DetailsModal(row["name"], self.matrix.cell_fields()))

    def _mark_cell(self) -> None:
        row, column, case = self.matrix.current, self.matrix.current_column, self.case
        if row is None or case is None:
            return
        query = column["id"] if column else None

        def done(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                self._record_cell(case.id, row["source"], answer[0], answer[1], query)

        label = f"{row['source']} × {query}" if query else row["source"]
        self.app.push_screen(OutcomeModal(label), done)

    @work(thread=True, group="catalog-write", exit_on_error=False)
    def _record_cell(self, case_id: str, source_id: str, outcome: str, note: str | None,
                     query: str | None) -> None:
        try:
            check = self.services.record_check(case_id, source_id, outcome, note, query=query)
        except Exception as exc:
            self.post_message(Failed(_("cannot record the check: {error}").format(error=exc)))
            return
        self.post_message(CheckRecorded(source_id, check))
        self.app.call_from_thread(self._load_matrix, case_id)

    def action_open_source(self) -> None:
        """Open the highlighted source's address in the browser."""
        row = self.table.current
        if row is not None and row.url:
            self._open(row.url)

    @work(thread=True, group="catalog-open", exit_on_error=False)
    def _open(self, url: str) -> None:
        how = self.services.open_url(url)
        self.app.call_from_thread(self.notify, f"{url}: {_(how)}")

    def palette_commands(self) -> list[PaletteCommand]:
        return [(_("Mark outcome"), _("record an outcome for the highlighted source"),
                 self.action_mark),
                (_("Add case-local source"), _("a URL found during the case"),
                 self.action_add_source),
                (_("Open source"), _("open the highlighted source"), self.action_open_source),
                (_("Filter sources"), _("focus the filter line"), self.action_focus_filter),
                (_("Show the source in full"), _("every field of the highlighted source"),
                 self.action_details),
                (_("Coverage matrix"), _("sources × playbook queries of the current case"),
                 self.action_toggle_matrix)]


def _check_text(check: CheckInfo) -> str:
    """`leads by officer at 2026-11-02 10:00: note`, in the interface language."""
    text = _("{outcome} by {actor} at {time}").format(
        outcome=outcome_label(check.outcome), actor=check.actor,
        time=check.ts[:16].replace("T", " "))
    return f"{text}: {check.note}" if check.note else text
