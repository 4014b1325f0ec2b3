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

from dorker.i18n import N_, _
from dorker.tui.labels import outcome_label
from dorker.tui.modals.dialog import Dialog
from dorker.tui.models import OUTCOMES
from dorker.tui.text import literal

__all__ = ["OutcomeModal"]

KEYS = {"nothing": "n", "leads": "l", "blocked": "b", "inaccessible": "i"}


class OutcomeModal(Dialog[tuple[str, str | None] | None]):
    """Returns (outcome, note) or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="modal-cancel"),
        *(Binding(key, f"choose('{outcome}')", label, id=f"outcome-{outcome}")
          for (outcome, key), label in zip(KEYS.items(), (N_("Nothing found"), N_("Leads"),
                                                            N_("Blocked"), N_("Inaccessible")),
                                           strict=True)),
    ]

    def __init__(self, source_id: str) -> None:
        super().__init__()
        self.source_id = source_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(_("Mark {source} checked:").format(source=self.source_id),
                                "bold"))
            yield OptionList(*(Option(Text.assemble((f"{KEYS[o]}", "bold"),
                                                    f"  {outcome_label(o)}"), id=o)
                               for o in OUTCOMES), id="outcomes")
            yield Input(placeholder=_("note (optional; tab here)"), id="note", compact=True)

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
