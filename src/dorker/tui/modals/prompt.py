"""Ask for one or two lines of text (a case title, a URL and a name, a note)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from dorker.i18n import N_
from dorker.tui.modals.dialog import Dialog
from dorker.tui.text import literal

__all__ = ["PromptModal"]


class PromptModal(Dialog[list[str] | None]):
    """Returns the values of the fields (Enter on the last one), or None (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="modal-cancel"),
    ]

    def __init__(self, title: str, fields: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text, "bold"))
            for index, (placeholder, value) in enumerate(self.fields):
                yield Input(value=value, placeholder=placeholder, id=f"field-{index}",
                            compact=True)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter: on to the next field, or done after the last one."""
        boxes = list(self.query(Input).results(Input))
        index = boxes.index(event.input)
        if index + 1 < len(boxes):
            self.set_focus(boxes[index + 1])
            return
        self.dismiss([box.value for box in boxes])
