"""The builder: pick a playbook or type a dork, fill the variables, see every engine's query."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Header, Static

from dorker.i18n import N_, _, ngettext
from dorker.tui.messages import Built, ChoiceReady, Failed, PlaybooksLoaded
from dorker.tui.models import CompiledRow, PlaybookInfo
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import literal
from dorker.tui.widgets.builder.form import VariableForm
from dorker.tui.widgets.builder.picker import PlaybookPicker
from dorker.tui.widgets.builder.preview import PreviewList
from dorker.tui.widgets.keybar import KeyBar

__all__ = ["BuilderScreen", "guide"]

DEBOUNCE = 0.15
OPENED = N_("opened in the browser")
"""What `Services.open_url` says when the browser took the URL (anything else: why not)."""


def guide() -> Text:
    """What to do first (shown until something is picked), in the interface language."""
    return Text.assemble(
        (_("Pick a playbook on the left (type to filter, Enter to choose) or type a dork."),
         "bold"), "\n",
        _("The query for each engine appears here; then o opens it, c copies it, m marks the "
          "source checked. Enter shows a query in full."), "\n\n",
        (_("Remember:"), "bold"), " ",
        _("a hit is a lead, not proof. Open results from a machine and account that cannot tip "
          "off the people you search for, and note what you did as you go."))


class BuilderScreen(DorkerScreen):
    """Builder screen (the default)."""

    BINDING_GROUP_TITLE = "Builder"
    DEFAULT_CSS = """
    BuilderScreen #builder {
        height: 1fr;
    }
    BuilderScreen #picker {
        width: 34%;
        min-width: 26;
        max-width: 50;
        border-right: vkey $panel;
    }
    BuilderScreen #work {
        width: 1fr;
        padding: 0 0 0 1;
    }
    BuilderScreen #target {
        height: auto;
        max-height: 3;
        margin-bottom: 1;
    }
    BuilderScreen #form {
        height: auto;
        max-height: 8;
    }
    BuilderScreen #preview {
        height: 1fr;
        border: none;
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open", N_("Open"), id="open-in-browser",
                tooltip=N_("open the query in the browser")),
        Binding("c", "copy", N_("Copy"), id="copy-query", tooltip=N_("copy the query URL")),
        Binding("m", "mark", N_("Checked"), id="mark-checked",
                tooltip=N_("mark the source checked")),
        Binding("r", "run", N_("Run"), id="run-provider",
                tooltip=N_("fetch results via a provider")),
        Binding("ctrl+l", "focus_picker", N_("Playbooks"), id="focus-picker", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.playbook: PlaybookInfo | None = None
        self.raw: str | None = None
        self._timer: Timer | None = None
        self._token = 0
        self._pick_token = 0
        self._valid = True

    @property
    def picker(self) -> PlaybookPicker:
        """The playbook picker."""
        return self.query_one(PlaybookPicker)

    @property
    def form(self) -> VariableForm:
        """The variable form."""
        return self.query_one(VariableForm)

    @property
    def preview(self) -> PreviewList:
        """The compiled queries."""
        return self.query_one(PreviewList)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="builder"):
            yield PlaybookPicker(id="picker")
            with Vertical(id="work"):
                yield Static(Text(_("nothing chosen yet"), style="dim"), id="target")
                yield VariableForm(self.services.check_value, self.services.engines, id="form")
                yield PreviewList(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.preview.guide(guide())
        self.form.display = False
        self.picker.filter_input.focus()

    def after_first_frame(self) -> None:
        self._load_playbooks()  # lazily: the first frame shows what to type into

    @work(thread=True, exclusive=True, group="playbooks", exit_on_error=False)
    def _load_playbooks(self) -> None:
        try:
            found = self.services.playbooks()
            problems = self.services.playbook_errors()
        except Exception as exc:  # shown, never fatal: the raw-dork path still works
            self.post_message(Failed(_("cannot load playbooks: {error}").format(error=exc)))
            found, problems = [], []
        self.post_message(PlaybooksLoaded(found, problems))

    @on(PlaybooksLoaded)
    def _playbooks_loaded(self, message: PlaybooksLoaded) -> None:
        self.picker.set_playbooks(message.playbooks)
        if message.problems:
            count = len(message.problems)
            self.notify(ngettext("{count} playbook file skipped: run `dorker playbooks lint`",
                                 "{count} playbook files skipped: run `dorker playbooks lint`",
                                 count).format(count=count), severity="warning")

    @on(PlaybookPicker.Picked)
    def _picked(self, message: PlaybookPicker.Picked) -> None:
        self.set_focus(self.preview)  # at once: keys typed meanwhile act on the list
        self._pick_token += 1
        self._open_choice(self._pick_token, message.playbook.id if message.playbook else None,
                          message.raw)

    @work(thread=True, exclusive=True, group="pick", exit_on_error=False)
    def _open_choice(self, token: int, playbook_id: str | None, raw: str | None) -> None:
        """Read the picked playbook's file (and the engine list the form checks names against)."""
        try:
            self.services.engines()
        except Exception as exc:
            self.post_message(Failed(_("cannot read the engine profiles: {error}").format(
                error=exc)))
            return
        try:
            playbook = self.services.playbook(playbook_id) if playbook_id else None
        except Exception as exc:
            self.post_message(Failed(_("cannot open playbook {playbook}: {error}").format(
                playbook=playbook_id, error=exc)))
            return
        self.post_message(ChoiceReady(playbook, raw, token))

    @on(ChoiceReady)
    async def _choice_ready(self, message: ChoiceReady) -> None:
        if message.token == self._pick_token:  # else a later pick is on its way
            await self._show(message.playbook, message.raw)

    async def _show(self, playbook: PlaybookInfo | None, raw: str | None) -> None:
        """Show the chosen playbook (its form) or raw dork, and build it."""
        self.playbook, self.raw = playbook, raw
        target = self.query_one("#target", Static)
        if playbook is not None:
            target.update(Text.assemble(literal(playbook.id, "bold"), f" v{playbook.version} ",
                                        literal(playbook.pattern, "dim"), "\n",
                                        literal(playbook.title, "italic")))
            await self.form.load(playbook.variables, self.services.default_engines(playbook))
        else:
            target.update(Text.assemble((_("dork") + " ", "bold"), literal(raw or "")))
            await self.form.load((), self.services.default_engines(None))
        self.form.display = True
        empty = self.form.first_empty_required()
        if empty is not None:
            self.set_focus(empty)
        self._build_now()

    @on(VariableForm.Changed)
    def _form_changed(self, message: VariableForm.Changed) -> None:
        self._valid = message.valid
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._build_now)

    def _build_now(self) -> None:
        if self.playbook is None and not self.raw:
            return
        self._token += 1
        self._build(self._token, self.playbook, self.raw, self.form.values(), self.form.engines(),
                    self.case.id if self.case else None)

    @work(thread=True, exclusive=True, group="build", exit_on_error=False)
    def _build(self, token: int, playbook: PlaybookInfo | None, raw: str | None,
               values: dict[str, str], engines: tuple[str, ...], case_id: str | None) -> None:
        try:
            if playbook is not None:
                result = self.services.build(playbook.id, values, engines, case_id)
            else:
                result = self.services.translate(raw or "", engines, case_id)
        except Exception as exc:
            self.post_message(Failed(_("cannot build: {error}").format(error=exc)))
            return
        self.post_message(Built(result, token))

    @on(PreviewList.OptionSelected, "#preview")
    def _preview_selected(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        """The highlighted query in full: query, address, variables, every diagnostic."""
        row = self.preview.current
        if row is None:
            return
        from dorker.tui.labels import severity_label
        from dorker.tui.modals.details import DetailsModal

        fields = [(_("engine"), row.engine), (_("query id"), row.query_id),
                  (_("title"), row.title),
                  (_("query"), row.query or _("(nothing to search)")),
                  (_("address"), row.url or ""),
                  (_("variables"), "; ".join(f"{k}={'/'.join(v)}"
                                             for k, v in row.variables.items())),
                  (_("diagnostics"), "\n".join(
                      f"{severity_label(str(d.get('severity', 'info')))}: {d.get('message', '')}"
                      for d in row.diagnostics))]
        self.app.push_screen(DetailsModal(f"{row.engine} {row.query_id}", fields))

    @on(Built)
    def _built(self, message: Built) -> None:
        if message.token != self._token:
            return  # a later keystroke already asked for a newer build
        self.preview.show(message.result)

    # -- actions -----------------------------------------------------------------------------

    def _current(self) -> CompiledRow | None:
        row = self.preview.current
        if row is None or not row.url:
            self.notify(_("nothing to act on: pick a playbook or type a dork first"),
                        severity="warning")
            return None
        return row

    def action_focus_picker(self) -> None:
        """Back to the playbook filter."""
        self.set_focus(self.picker.filter_input)

    def action_open(self) -> None:
        """Open the highlighted query in the browser and record it."""
        row = self._current()
        if row is not None:
            self._open(row, self.playbook, self.case.id if self.case else None)

    @work(thread=True, group="open", exit_on_error=False)
    def _open(self, row: CompiledRow, playbook: PlaybookInfo | None, case_id: str | None) -> None:
        assert row.url is not None
        try:  # recorded (committed) before the hand-off, as `dorker open` does
            seq = self.services.record_open(case_id, row, playbook)
            how = self.services.open_url(row.url)
        except Exception as exc:
            self.post_message(Failed(_("cannot open: {error}").format(error=exc)))
            return
        if how != OPENED:
            self.app.call_from_thread(self.app.copy_to_clipboard, row.url)
            how = _("{how} (URL copied)").format(how=_(how))
        else:
            how = _(how)
        what = f"{row.search_id} ({row.engine})" if row.search_id else row.engine
        self.app.call_from_thread(self.notify, _("{engine}: {how}; recorded as event {seq}").format(
            engine=what, how=how, seq=seq))
        if row.search_id:  # the plan's "opened" count changed
            self.app.call_from_thread(self._build_now)

    def action_copy(self) -> None:
        """Copy the highlighted query's URL (OSC 52) and record it."""
        row = self._current()
        if row is None:
            return
        assert row.url is not None
        self.app.copy_to_clipboard(row.url)
        self._record_copy(row, self.playbook, self.case.id if self.case else None)

    @work(thread=True, group="open", exit_on_error=False)
    def _record_copy(self, row: CompiledRow, playbook: PlaybookInfo | None,
                     case_id: str | None) -> None:
        try:
            seq = self.services.record_open(case_id, row, playbook, how="copied")
        except Exception as exc:
            self.post_message(Failed(_("cannot record: {error}").format(error=exc)))
            return
        note = _("copied the {engine} URL; recorded as {seq}").format(engine=row.engine, seq=seq)
        self.app.call_from_thread(self.notify, note)

    def action_mark(self) -> None:
        """Mark the source this query searches as checked in the current case."""
        row = self._current()
        if row is None:
            return
        case = self.case
        if case is None:
            self.notify(_("no current case: create or choose one first (F3)"), severity="warning")
            return
        query = f"{self.playbook.id}:{row.query_id}" if self.playbook else None
        self._find_source(row, case.id, query)

    @work(thread=True, group="check", exit_on_error=False)
    def _find_source(self, row: CompiledRow, case_id: str, query: str | None) -> None:
        try:
            source = self.services.source_for(row)  # may read an engine profile
        except Exception as exc:
            self.post_message(Failed(_("cannot tell which source this searches: {error}").format(
                error=exc)))
            return
        self.app.call_from_thread(self._ask_outcome, case_id, source, query)

    def _ask_outcome(self, case_id: str, source: str, query: str | None) -> None:
        from dorker.tui.modals.outcome import OutcomeModal

        def done(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                self._record_check(case_id, source, answer[0], answer[1], query)

        self.app.push_screen(OutcomeModal(source), done)

    @work(thread=True, group="check", exit_on_error=False)
    def _record_check(self, case_id: str, source: str, outcome: str, note: str | None,
                      query: str | None) -> None:
        try:
            self.services.record_check(case_id, source, outcome, note, query)
        except Exception as exc:
            self.post_message(Failed(_("cannot record the check: {error}").format(error=exc)))
            return
        from dorker.tui.labels import outcome_label

        self.app.call_from_thread(self.notify, _("{source}: {outcome} (case {case})").format(
            source=source, outcome=outcome_label(outcome), case=case_id))

    def action_run(self) -> None:
        """Fetch results for the highlighted query through a provider (Results screen)."""
        row = self._current()
        if row is not None:
            self.dorker.start_search(row)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (_("Open query in browser"), _("open the highlighted query and record it"),
             self.action_open),
            (_("Copy query URL"), _("copy the highlighted query's URL"), self.action_copy),
            (_("Mark source checked"), _("record an outcome for the current case"),
             self.action_mark),
            (_("Run through provider"), _("fetch results (opt-in provider)"), self.action_run),
            (_("Filter playbooks"), _("focus the playbook filter"), self.action_focus_picker),
            (_("Show the query in full"), _("the highlighted query, its address and every "
                                            "diagnostic"), self.action_details),
        ]
