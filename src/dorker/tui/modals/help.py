"""The help screen: what each screen is for, and every key that works here (after remaps)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from dorker.i18n import N_, _
from dorker.tui.modals.dialog import Dialog

__all__ = ["HelpModal", "about"]


def about() -> Text:
    """What each screen is for (the top of the help), in the interface language."""
    lines = [
        ("F2", _("Build"), _("pick a playbook or type a dork; o opens, c copies, m marks checked")),
        ("F3", _("Cases"), _("create (n) and switch (Enter) cases; the current one is shown in "
                             "the header")),
        ("F4", _("Catalog"), _("filter sources: words, or pattern: country: kind: lang: "
                               "checked:")),
        ("F5", _("History"), _("the record, filtered; v verifies the chain, e exports JSONL")),
        ("F6", _("Results"), _("review a provider run: r/i/e/d give a verdict, n a note, o "
                               "opens")),
        ("F7", _("Images"), _("a case's images: EXIF/GPS, reused photos, reverse-image search "
                              "pages")),
        ("F8", _("Watches"), _("saved sweeps: r runs one now, Enter reviews what is new")),
        ("F9", _("Leads"), _("phones, handles, fees from the case: c clusters, p pivots, m "
                             "marks")),
        ("Ctrl+P", "", _("command palette (commands for this screen, themes)")),
        ("Enter", "", _("on a query, source, result or event: all of it (a cut line ends in "
                        "…)")),
    ]
    text = Text.assemble(("dorker", "bold"), ": ", _(
        "build search dorks from playbooks, track which sources were checked for a case, and "
        "keep a tamper-evident record."), "\n\n")
    for key, name, what in lines:
        text.append(f"{key} {name}".strip(), style="bold")
        text.append(f"  {what}\n")
    text.append("\n" + _("Hits are leads, not proof. Avoid tipping off: opening a profile or a "
                         "group can be seen."))
    return text


class HelpModal(Dialog[None]):
    """Shows `about()` and the active keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss(None)", N_("Close"), id="help-close"),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1))
        table.add_column(style="bold")
        table.add_column()
        for key, description in self.keys:
            table.add_row(Text(key), Text(description))
        with VerticalScroll(classes="dialog wide"):
            yield Static(about())
            yield Static(table)
