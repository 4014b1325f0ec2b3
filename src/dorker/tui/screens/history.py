"""History: the event log, filtered by case, actor, action and time; verify and export."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from dorker.i18n import N_, _
from dorker.tui.messages import EventsLoaded, Failed, Verified
from dorker.tui.models import CaseInfo, EventRow, HistoryFilter
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import clip, literal
from dorker.tui.widgets.keybar import KeyBar

__all__ = ["HistoryScreen"]

FILTERS = (("case", N_("case C-0001")), ("actor", N_("actor")),
           ("action", N_("action (case, source.*)")), ("since", N_("since 2026-11-01")),
           ("until", N_("until (inclusive)")))


class HistoryScreen(DorkerScreen):
    """The record, newest first."""

    BINDING_GROUP_TITLE = "History"
    DEFAULT_CSS = """
    HistoryScreen #history-filters {
        height: 1;
    }
    HistoryScreen #history-filters Input {
        width: 1fr;
        margin-right: 1;
    }
    HistoryScreen #verify-status {
        height: 1;
    }
    HistoryScreen #events {
        height: 1fr;
    }
    HistoryScreen #event-detail {
        height: 2;
        background: $panel;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "verify", N_("Verify"), id="verify-chain"),
        Binding("e", "export", N_("Export"), id="export-history"),
        Binding("slash", "focus_filters", N_("Filter"), id="focus-history-filter"),
        Binding("ctrl+r", "reload", N_("Reload"), id="reload-history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self.rows: dict[str, EventRow] = {}

    @property
    def table(self) -> DataTable[Text]:
        """The events."""
        return self.query_one("#events", DataTable)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-filters"):
            for name, placeholder in FILTERS:
                yield Input(placeholder=_(placeholder), id=f"h-{name}", compact=True)
        yield Static(Text(_("chain not verified yet: press v"), style="dim"), id="verify-status")
        yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
        yield Static("", id="event-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.table.add_columns(_("seq"), _("time (UTC)"), _("actor"), _("case"), _("action"),
                               _("details"))
        self.table.focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.action_reload()

    def case_switched(self, case: CaseInfo | None) -> None:
        self.action_reload()

    def current_filter(self) -> HistoryFilter:
        """The filter typed in the inputs."""
        def value(name: str) -> str | None:
            return self.query_one(f"#h-{name}", Input).value.strip() or None

        case = value("case")
        if case is not None:
            from dorker.store.cases import normalise_case_id

            try:
                case = normalise_case_id(case)
            except Exception:
                case = case.upper()
        return HistoryFilter(case_id=case, actor=value("actor"), action=value("action"),
                             since=value("since"), until=value("until"))

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.2, self.action_reload)

    @on(Input.Submitted)
    def _filter_submitted(self) -> None:
        self.set_focus(self.table)

    def action_reload(self) -> None:
        """Read the events again with the current filter."""
        self._load(self.current_filter())

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _load(self, where: HistoryFilter) -> None:
        from dorker.errors import UsageError

        try:
            rows = self.services.events(where)
        except UsageError as exc:  # a half-typed date: say so quietly, keep the table
            self.app.call_from_thread(self._say, str(exc))
            return
        except Exception as exc:
            self.post_message(Failed(_("cannot read the history: {error}").format(error=exc)))
            return
        self.post_message(EventsLoaded(rows))

    def _say(self, text: str) -> None:
        self.query_one("#event-detail", Static).update(literal(text, "italic"))

    @on(EventsLoaded)
    def _loaded(self, message: EventsLoaded) -> None:
        table = self.table
        table.clear()
        self.rows = {str(r.seq): r for r in message.rows}
        for row in message.rows:
            table.add_row(Text(str(row.seq)), Text(row.ts[:19].replace("T", " ")),
                          literal(row.actor), literal(row.case_id or "-"), literal(row.action),
                          literal(clip(row.summary, 200)), key=str(row.seq))
        if not message.rows:
            self.query_one("#event-detail", Static).update(
                Text(_("no events match (the record fills as you open, check and review)"),
                     style="dim"))

    @on(DataTable.RowHighlighted, "#events")
    def _row(self, event: DataTable.RowHighlighted) -> None:
        row = self.rows.get(str(event.row_key.value))
        if row is not None:
            self.query_one("#event-detail", Static).update(Text.assemble(
                (f"#{row.seq} ", "bold"), literal(row.action, "bold"), " ",
                literal(row.summary)))

    @on(DataTable.RowSelected, "#events")
    def _selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows.get(str(event.row_key.value))
        if row is None:
            return
        import json

        from dorker.tui.modals.details import DetailsModal

        fields = [(_("seq"), str(row.seq)), (_("time (UTC)"), row.ts), (_("actor"), row.actor),
                  (_("case"), row.case_id or "-"), (_("action"), row.action),
                  (_("details"), row.summary)]
        fields += [(str(key), value if isinstance(value, str) else
                    json.dumps(value, ensure_ascii=False, sort_keys=True))
                   for key, value in row.data.items()]
        self.app.push_screen(DetailsModal(f"#{row.seq} {row.action}", fields))

    def action_focus_filters(self) -> None:
        """Focus the first filter."""
        self.set_focus(self.query_one("#h-case", Input))

    def action_verify(self) -> None:
        """Check the hash chain (in a worker)."""
        self.query_one("#verify-status", Static).update(Text(_("verifying…"), style="dim"))
        self._verify()

    @work(thread=True, exclusive=True, group="verify", exit_on_error=False)
    def _verify(self) -> None:
        try:
            ok, text = self.services.verify()
        except Exception as exc:
            ok, text = False, _("cannot verify: {error}").format(error=exc)
        self.post_message(Verified(ok, text))

    @on(Verified)
    def _verified(self, message: Verified) -> None:
        style = "bold green" if message.ok else "bold red"
        self.query_one("#verify-status", Static).update(
            Text.assemble(("✓ " if message.ok else "✗ ", style), literal(message.text, style)))

    def action_export(self) -> None:
        """Export the filtered events as JSONL under the data folder."""
        self._export(self.current_filter())

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, where: HistoryFilter) -> None:
        locations = self.services.config.locations
        folder = locations.data_dir / "exports" if locations else None
        if folder is None:
            self.post_message(Failed(_("no data folder to export to")))
            return
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = folder / f"history-{stamp}.jsonl"
        try:
            count = self.services.export(where, path)
        except Exception as exc:
            self.post_message(Failed(_("cannot export: {error}").format(error=exc)))
            return
        from dorker.i18n import ngettext

        self.app.call_from_thread(self.notify, ngettext(
            "exported {count} event to {path}", "exported {count} events to {path}", count).format(
            count=count, path=path))

    def palette_commands(self) -> list[PaletteCommand]:
        return [(_("Verify the chain"), _("check the hash chain of the record"),
                 self.action_verify),
                (_("Export history"), _("write the filtered events as JSONL"),
                 self.action_export),
                (_("Filter history"), _("focus the filters"), self.action_focus_filters)]
