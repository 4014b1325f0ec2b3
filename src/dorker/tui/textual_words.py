"""Textual's own words that dorker's screens show (the palette's system commands, its search
line), marked for dorker's catalog and translated where Textual hands them over.

Textual has no catalogs of its own; these are its strings as written (Textual 8).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from dorker.i18n import N_, _

__all__ = ["SYSTEM_COMMAND_WORDS", "translated_system_commands"]

SYSTEM_COMMAND_WORDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
    N_("Search for commands…"), N_("Search for themes…"),
)


def translated_system_commands(commands: Iterable[Any]) -> Iterator[Any]:
    """Textual's `SystemCommand`s with their title and help in the interface language."""
    for command in commands:
        yield command._replace(title=_(command.title), help=_(command.help))
