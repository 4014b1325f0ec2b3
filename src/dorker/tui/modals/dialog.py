"""The base of every dialog: centred over the screen, a bordered box of class `dialog`."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

__all__ = ["Dialog"]

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog; its body is a container with the class `dialog` (`wide` for 90 columns)."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog .dialog {
        width: 60;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    Dialog .dialog.wide {
        width: 90;
    }
    Dialog .dialog Input {
        margin-top: 1;
    }
    Dialog #outcomes {
        height: auto;
        border: none;
    }
    """
