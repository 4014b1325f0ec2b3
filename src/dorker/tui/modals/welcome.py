"""The first-launch guidance (shown while the record is empty)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from dorker.i18n import N_, _
from dorker.tui.modals.dialog import Dialog

__all__ = ["WelcomeModal", "welcome"]


def welcome() -> Text:
    """The first-launch guidance, in the interface language."""
    return Text.assemble(
        (_("Welcome to dorker"), "bold"), "\n\n",
        "1. ", (_("Create a case first (F3, then n)."), "bold"), " ",
        _("Everything you open or check is recorded against it, with your name and the time."),
        "\n",
        "2. ", (_("Build a query (F2)."), "bold"), " ",
        _("Type a few letters of a playbook and press Enter, then o opens it in your browser "
          "and c copies it."), "\n",
        "3. ", (_("Mark sources checked (m)"), "bold"), " ",
        _("with the outcome, so the team sees the coverage (F4)."), "\n\n",
        (_("Document as you go."), "bold"), " ", _("A hit is a lead, not proof."), " ",
        (_("Avoid tipping off:"), "bold"), " ",
        _("do not like, join, message or follow; use an account and network your unit "
          "approves."), "\n\n",
        _("Enter to start, F1 for help at any time."))


class WelcomeModal(Dialog[None]):
    """Dismissed with Enter or Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "dismiss(None)", N_("Start"), id="welcome-close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="welcome"):
            yield Static(welcome())
