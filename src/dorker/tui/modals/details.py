"""The full text of a row that a list had to cut: every field, wrapped, nothing left out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from dorker.i18n import N_
from dorker.tui.modals.dialog import Dialog
from dorker.tui.text import literal

__all__ = ["DetailsModal"]


class DetailsModal(Dialog[None]):
    """(label, value) pairs shown whole; values are untrusted text, shown literally."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss(None)", N_("Close"), id="details-close"),
    ]

    def __init__(self, title: str, fields: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = [(label, value) for label, value in fields if value]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        for label, value in self.fields:
            # keep the line breaks a value has (a snippet, a note), escape everything else
            table.add_row(Text(label), Text("\n").join(
                literal(line) for line in value.splitlines() or [""]))
        with VerticalScroll(classes="dialog wide", id="details"):
            yield Label(literal(self.title_text, "bold"))
            yield Static(table)
