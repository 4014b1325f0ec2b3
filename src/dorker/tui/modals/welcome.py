"""The first-launch guidance (shown while the record is empty)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from dorker.tui.modals.dialog import Dialog

__all__ = ["WELCOME", "WelcomeModal"]

WELCOME = Text.assemble(
    ("Welcome to dorker\n\n", "bold"),
    "1. ", ("Create a case", "bold"), " first (F3, then n): everything you open or check is "
    "recorded against it, with your name and the time.\n",
    "2. ", ("Build a query", "bold"), " (F2): type a few letters of a playbook, Enter, then o "
    "to open it in your browser or c to copy it.\n",
    "3. ", ("Mark sources checked", "bold"), " (m) with the outcome, so the team sees the "
    "coverage (F4).\n\n",
    ("Document as you go. ", "bold"), "A hit is a lead, not proof. ",
    ("Avoid tipping off: ", "bold"), "do not like, join, message or follow; use an account and "
    "network your unit approves.\n\n",
    ("Enter", "bold"), " to start, ", ("F1", "bold"), " for help at any time.")


class WelcomeModal(Dialog[None]):
    """Dismissed with Enter or Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "dismiss(None)", "Start", id="welcome-close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="welcome"):
            yield Static(WELCOME)
