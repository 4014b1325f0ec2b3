"""Cases: create one, switch between them; the current case is marked and shown in the header."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from dorker.i18n import N_, _, ngettext
from dorker.tui.messages import CaseChanged, CasesLoaded, Failed
from dorker.tui.modals.prompt import PromptModal
from dorker.tui.models import CaseInfo, split_values
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import literal
from dorker.tui.widgets.keybar import KeyBar

__all__ = ["CasesScreen"]


class CasesScreen(DorkerScreen):
    """The list of cases."""

    BINDING_GROUP_TITLE = "Cases"
    DEFAULT_CSS = """
    CasesScreen #cases-help {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    CasesScreen #case-list {
        height: 1fr;
        border: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_case", N_("New case"), id="new-case"),
        Binding("enter", "use_case", N_("Use"), id="use-case", show=False),
        Binding("ctrl+r", "reload", N_("Reload"), id="reload-cases"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cases: list[CaseInfo] = []

    @property
    def case_list(self) -> OptionList:
        """The cases."""
        return self.query_one("#case-list", OptionList)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text.assemble(("n", "bold"), " ", _("new case"), "   ", ("Enter", "bold"),
                                   " ", _("make it current"), "   ",
                                   _("every open and check is recorded against the current "
                                     "case")), id="cases-help")
        yield OptionList(id="case-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.case_list.focus()
        self.action_reload()

    def action_reload(self) -> None:
        """Read the cases again."""
        self._load()

    @work(thread=True, exclusive=True, group="cases", exit_on_error=False)
    def _load(self) -> None:
        try:
            self.post_message(CasesLoaded(self.services.cases()))
        except Exception as exc:
            self.post_message(Failed(_("cannot read cases: {error}").format(error=exc)))

    @on(CasesLoaded)
    def _loaded(self, message: CasesLoaded) -> None:
        self.cases = message.cases
        self._show_cases()

    def _show_cases(self) -> None:
        current = self.case.id if self.case else None
        options = []
        for case in self.cases:
            mark = "● " if case.id == current else "  "
            options.append(Option(Text.assemble(
                (mark, "bold green"), (case.id, "bold"), " ", literal(case.title), "\n   ",
                literal(" · ".join((
                    ", ".join(case.patterns) or _("no pattern"),
                    _("by {actor}").format(actor=case.created_by),
                    case.created_at[:16].replace("T", " "),
                    ngettext("{count} check", "{count} checks", case.checks).format(
                        count=case.checks))), "dim")), id=case.id))
        if not options:
            options.append(Option(Text(_("No cases yet. Press n to create the first one."),
                                       style="italic"), disabled=True))
        self.case_list.set_options(options)
        if current is not None:
            index = next((i for i, c in enumerate(self.cases) if c.id == current), 0)
            self.case_list.highlighted = index

    def case_switched(self, case: CaseInfo | None) -> None:
        if self.is_mounted:
            self._show_cases()

    @on(OptionList.OptionSelected, "#case-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_use_case()

    def action_use_case(self) -> None:
        """Make the highlighted case current."""
        index = self.case_list.highlighted
        if index is None or index >= len(self.cases):
            return
        self._use(self.cases[index])

    @work(thread=True, exclusive=True, group="use-case", exit_on_error=False)
    def _use(self, case: CaseInfo) -> None:
        try:
            self.services.use_case(case.id)  # working state, like `dorker case use`
        except Exception as exc:
            self.post_message(Failed(_("cannot switch cases: {error}").format(error=exc)))
            return
        self.app.post_message(CaseChanged(case))
        self.app.call_from_thread(self.notify, _("current case: {case}").format(case=case.id))

    def action_new_case(self) -> None:
        """Ask for a title (and patterns), then create the case and make it current."""
        def done(values: list[str] | None) -> None:
            if values and values[0].strip():
                self._create(values[0], split_values(values[1]) if len(values) > 1 else [])

        self.app.push_screen(PromptModal(_("New case"), [
            (_("title (e.g. Op Sundarban)"), ""),
            (_("patterns, comma-separated (e.g. fake-jobs)"), "")]), done)

    @work(thread=True, group="cases", exit_on_error=False)
    def _create(self, title: str, patterns: list[str]) -> None:
        try:
            case = self.services.create_case(title, patterns)
        except Exception as exc:
            self.post_message(Failed(_("cannot create the case: {error}").format(error=exc)))
            return
        self.app.post_message(CaseChanged(case))
        self.post_message(CasesLoaded(self.services.cases()))

    def palette_commands(self) -> list[PaletteCommand]:
        return [(_("New case"), _("create a case and make it current"), self.action_new_case),
                (_("Use highlighted case"), _("make it the current case"), self.action_use_case)]
