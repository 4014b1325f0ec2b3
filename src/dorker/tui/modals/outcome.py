"""Pick the outcome of a check with one key (n, l, b, i), with an optional note."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dorker.tui.modals.dialog import Dialog
from dorker.tui.models import OUTCOMES
from dorker.tui.text import literal

__all__ = ["OutcomeModal"]

KEYS = {"nothing": "n", "leads": "l", "blocked": "b", "inaccessible": "i"}


class OutcomeModal(Dialog[tuple[str, str | None] | None]):
    """Returns (outcome, note) or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="modal-cancel"),
        *(Binding(key, f"choose('{outcome}')", outcome.title(), id=f"outcome-{outcome}")
          for outcome, key in KEYS.items()),
    ]

    def __init__(self, source_id: str) -> None:
        super().__init__()
        self.source_id = source_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text.assemble("Mark ", literal(self.source_id, "bold"), " checked:"))
            yield OptionList(*(Option(Text.assemble((f"{KEYS[o]}", "bold"), f"  {o}"), id=o)
                               for o in OUTCOMES), id="outcomes")
            yield Input(placeholder="note (optional; tab here)", id="note", compact=True)

    @on(OptionList.OptionSelected, "#outcomes")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(str(event.option.id))

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        index = self.query_one("#outcomes", OptionList).highlighted or 0
        self.action_choose(OUTCOMES[index])

    def action_choose(self, outcome: str) -> None:
        """Finish with this outcome."""
        note = self.query_one("#note", Input).value.strip() or None
        self.dismiss((outcome, note))
