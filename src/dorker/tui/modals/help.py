"""The help screen: what each screen is for, and every key that works here (after remaps)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from dorker.tui.modals.dialog import Dialog

__all__ = ["ABOUT", "HelpModal"]

ABOUT = Text.assemble(
    ("dorker", "bold"), ": build search dorks from playbooks, track which sources were checked "
    "for a case, and keep a tamper-evident record.\n\n",
    ("F2 Build", "bold"), "  pick a playbook or type a dork; o opens, c copies, m marks checked\n",
    ("F3 Cases", "bold"), "  create (n) and switch (Enter) cases; the current one is shown "
    "in the header\n",
    ("F4 Catalog", "bold"), "  filter sources: words, or pattern: country: kind: lang: checked:\n",
    ("F5 History", "bold"), "  the record, filtered; v verifies the chain, e exports JSONL\n",
    ("F6 Results", "bold"), "  review a provider run: r/i/e/d give a verdict, n a note, o opens\n",
    ("F7 Images", "bold"), "  a case's images: EXIF/GPS, reused photos, reverse-image "
    "search pages\n",
    ("F8 Watches", "bold"), "  saved sweeps: r runs one now, Enter reviews what is new\n",
    ("F9 Leads", "bold"), "  phones, handles, fees from the case: c clusters, p pivots, m marks\n",
    ("Ctrl+P", "bold"), "  command palette (commands for this screen, themes)\n\n",
    "Hits are leads, not proof. Avoid tipping off: opening a profile or a group can be seen.")


class HelpModal(Dialog[None]):
    """Shows `ABOUT` and the active keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss(None)", "Close", id="help-close"),
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
            yield Static(ABOUT)
            yield Static(table)
