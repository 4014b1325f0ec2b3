"""A virtual table of sources: only the rows on screen are ever rendered (the Line API).

Refiltering 10,000 sources replaces a list and sets the virtual height; nothing is mounted or
rebuilt, so a keystroke costs one filter pass plus the ~20 visible lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dorker.textsafe import printable
from dorker.tui.models import CheckInfo, SourceRow

__all__ = ["COLUMNS", "SourceTable"]

COLUMNS = (("checked", 10), ("id", 24), ("kind", 14), ("cc", 9), ("lang", 9), ("name", 0))
_OUTCOME_STYLE = {"nothing": Style(color="green"), "leads": Style(color="yellow", bold=True),
                  "blocked": Style(color="red"), "inaccessible": Style(color="red", dim=True)}


def fit_list(items: Sequence[str], width: int) -> str:
    """`a,b,c` when it fits in `width`, else as many as fit and `+N` for the rest."""
    text = ",".join(items)
    if len(text) <= width:
        return text
    for keep in range(len(items) - 1, 0, -1):
        text = ",".join(items[:keep]) + f"+{len(items) - keep}"
        if len(text) <= width:
            return text
    return f"{len(items)}"


def header_line() -> str:
    """The column titles, aligned with the rows."""
    return "".join(set_cell_size(name, width) if width else name for name, width in COLUMNS)


class SourceTable(ScrollView, can_focus=True):
    """The filtered sources with the current case's coverage; one highlighted row."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"source-table--cursor", "source-table--local"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False, id="table-up"),
        Binding("down", "move(1)", "Down", show=False, id="table-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table-page-down"),
        Binding("home", "jump(0)", "First", show=False, id="table-first"),
        Binding("end", "jump(-1)", "Last", show=False, id="table-last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The highlighted source changed."""

        row: SourceRow | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[SourceRow] = ()
        self.coverage: Mapping[str, CheckInfo] = {}

    @property
    def current(self) -> SourceRow | None:
        """The highlighted source."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def show(self, rows: Sequence[SourceRow], coverage: Mapping[str, CheckInfo]) -> None:
        """Show these rows (the previous highlight is kept when still present)."""
        before = self.current
        self.rows = rows
        self.coverage = coverage
        self.virtual_size = Size(self.size.width, len(rows))
        index = 0
        if before is not None and len(rows) < 5000:
            index = next((i for i, r in enumerate(rows) if r.id == before.id), 0)
        self.cursor = index
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self) -> None:
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def action_move(self, delta: int) -> None:
        """Move the highlight."""
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        """Move by one screen."""
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, index: int) -> None:
        """First (0) or last (-1) row."""
        if self.rows:
            self.cursor = index if index >= 0 else len(self.rows) - 1

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        check = self.coverage.get(row.id)
        style = base
        if row.local:
            style = base + self.get_component_rich_style("source-table--local")
        cells = [
            (("✓ " + check.outcome) if check else "·", _OUTCOME_STYLE.get(
                check.outcome, Style()) if check else Style(dim=True)),
            (row.id, Style(bold=True)),
            (row.kind, Style()),
            (fit_list(row.countries, 8) or "any", Style(dim=not row.countries)),
            (fit_list(row.languages, 8) or "any", Style(dim=not row.languages)),
            (row.name, Style()),
        ]
        segments = []
        used = 0
        for (text, cell_style), (_name, col_width) in zip(cells, COLUMNS, strict=True):
            room = col_width if col_width else max(0, width - used)
            shown = set_cell_size(printable(text), max(0, room - 1)) + " " if room else ""
            segments.append(Segment(shown, style + cell_style))
            used += room
        strip = Strip(segments).crop_extend(0, width, style)
        if index == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("source-table--cursor"))
        return strip

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
