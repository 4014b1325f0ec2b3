"""The one exception hierarchy: every user-facing error knows where it happened and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ConfigError",
    "DorkerError",
    "InputError",
    "Location",
    "StoreError",
    "UsageError",
]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: 1-based line and column, and the field (dotted path) if known."""

    path: str | Path | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        where = ":".join(parts)
        if self.field:
            where = f"{where}: {self.field}" if where else self.field
        return where


class DorkerError(Exception):
    """Base of all errors caused by the user's input or environment (never a bug).

    The CLI prints `str(error)` as a single line and exits with `exit_code`.
    """

    exit_code = 2

    def __init__(self, message: str, *, where: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.where is not None and str(self.where):
            text = f"{self.where}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        # One line, whatever the message held.
        return " ".join(text.split())


class UsageError(DorkerError):
    """The command line itself is wrong (unknown engine, missing argument...)."""


class InputError(DorkerError):
    """A file or text given to dorker cannot be read or is invalid."""


class ConfigError(DorkerError):
    """The configuration file is unreadable or invalid."""


class StoreError(DorkerError):
    """The store (event log) is missing, locked, corrupt or unreachable."""
