"""Diagnostics: what the parser or a compiler has to say about a query (the JSON `D` shape)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Diagnostic", "Severity"]

Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. `span` is `[start, end)` in the input text when it is about the input."""

    code: str
    severity: Severity
    message: str
    operator: str | None = None
    span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, object]:
        """The shape DESIGN.md promises: code, severity, message, operator, span."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "operator": self.operator,
            "span": list(self.span) if self.span is not None else None,
        }
