"""The coverage matrix in the terminal: one line per source, one character per playbook query,
the same cells, glyphs and row order as the case report (`dorker.report.matrix`).

Drawn with the Line API (only the lines on screen); a second cursor picks the column, and the
columns scroll sideways when there are more than fit. The highlighted cell is announced with
`CellHighlighted` so the screen can say what the record holds there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from dorker.i18n import N_, _
from dorker.textsafe import printable
from dorker.textwidth import fit
from dorker.tui.widgets.virtual_list import VirtualList

__all__ = ["LABEL_WIDTH", "CellHighlighted", "CoverageMatrix", "MatrixLoaded", "cell_meaning"]

LABEL_WIDTH = 24
"""Cells for the source's name, before its "any query" cell and the query cells."""

STATE_STYLES = {
    "leads": Style(color="white", bgcolor="red", bold=True),
    "nothing": Style(color="black", bgcolor="green"),
    "inaccessible": Style(color="white", bgcolor="magenta"),
    "blocked": Style(color="black", bgcolor="dark_orange", bold=True),
    "checked": Style(color="black", bgcolor="cyan"),
    "opened": Style(color="black", bgcolor="yellow", bold=True),
    "not-checked": Style(bold=True),
}
_NA = Style(dim=True)
_CURSOR = Style(reverse=True, underline=True)


def cell_meaning(cell: dict[str, Any] | None, column: dict[str, Any] | None) -> str:
    """What the record holds in a cell, in words (an empty cell says why it is empty)."""
    if cell is not None:
        return str(cell["title"])
    if column is not None:
        return _("the query does not name this source; nothing recorded")
    return _("nothing recorded for the source without a query")


@dataclass
class MatrixLoaded(Message):
    """The current case's matrix (`dorker.report.matrix.build_matrix`), or why there is none."""

    case_id: str | None
    matrix: dict[str, Any] | None
    problem: str | None = None


@dataclass
class CellHighlighted(Message):
    """The highlighted cell: its row, and its column (None: the "any query" column)."""

    row: dict[str, Any] | None
    column: dict[str, Any] | None
    cell: dict[str, Any] | None


class CoverageMatrix(VirtualList):
    """Sources × playbook queries, one character a cell; arrows move over rows and columns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "column(-1)", N_("Left"), show=False, id="matrix-left"),
        Binding("right", "column(1)", N_("Right"), show=False, id="matrix-right"),
    ]

    column: reactive[int] = reactive(-1, always_update=True)
    """-1: the "any query" column; 0 and up: the query columns."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(empty_text=_("no source matches"), id=id)
        self.columns: Sequence[dict[str, Any]] = ()
        self.first_column = 0
        """The first query column on screen (they scroll sideways)."""

    def show(self, matrix: dict[str, Any], rows: Sequence[dict[str, Any]]) -> None:
        """Show `rows` of `matrix` (the previous position is kept when it still exists)."""
        before = self.current
        self.columns = matrix["columns"]
        index = next((i for i, r in enumerate(rows)
                      if before is not None and r["source"] == before["source"]), 0)
        self.column = min(self.column, len(self.columns) - 1)
        self.set_rows(rows, index)

    @property
    def visible_columns(self) -> int:
        """How many query columns fit beside the labels."""
        return max(1, self.scrollable_content_region.width - LABEL_WIDTH - 2)

    @property
    def current_cell(self) -> dict[str, Any] | None:
        row = self.current
        if row is None:
            return None
        cell: dict[str, Any] | None = row["any"] if self.column < 0 else row["cells"][self.column]
        return cell

    @property
    def current_column(self) -> dict[str, Any] | None:
        return self.columns[self.column] if 0 <= self.column < len(self.columns) else None

    def cell_fields(self) -> list[tuple[str, str]]:
        """The highlighted cell in full: source, query and what the record holds there."""
        row, column = self.current, self.current_column
        if row is None:
            return []
        query = f"{column['id']}: {column['title']}" if column else _("any query")
        return [(_("source"), row["source"]), (_("name"), row["name"]), (_("kind"), row["kind"]),
                (_("query"), query), (_("recorded"), cell_meaning(self.current_cell, column))]

    def validate_column(self, value: int) -> int:
        return max(-1, min(value, len(self.columns) - 1))

    def watch_column(self) -> None:
        room = self.visible_columns
        if self.column >= 0 and not self.first_column <= self.column < self.first_column + room:
            self.first_column = max(0, self.column - room + 1) if self.column >= room else 0
        self.refresh()
        self._announce()

    def watch_cursor(self) -> None:
        super().watch_cursor()
        self._announce()

    def _announce(self) -> None:
        self.post_message(CellHighlighted(self.current, self.current_column, self.current_cell))

    def action_column(self, delta: int) -> None:
        """Move the column cursor."""
        self.column = self.column + delta

    def header(self, width: int) -> Text:
        """The line above the matrix: where each playbook's columns start."""
        text = Text(set_cell_size(fit(_("source"), LABEL_WIDTH), LABEL_WIDTH) + "∗ ", style="bold")
        end = min(len(self.columns), self.first_column + max(1, width - LABEL_WIDTH - 2))
        index = self.first_column
        while index < end:
            playbook = self.columns[index]["playbook"]
            span = 1
            while index + span < end and self.columns[index + span]["playbook"] == playbook:
                span += 1
            label = printable(f"▏{playbook}")
            room = span if index + span < end else max(span, width - text.cell_len)
            text.append(set_cell_size(label, room), style="bold" if room > 2 else "dim")
            index += span
        return text

    def render_row_line(self, row: dict[str, Any], part: int, width: int, base: Style) -> Strip:
        on_cursor_row = row is self.current
        name = printable(row["name"])
        label = set_cell_size(fit(name, LABEL_WIDTH - 1), LABEL_WIDTH - 1) + " "
        segments = [Segment(label, base + (Style(dim=True) if row["rank"] >= 2 else Style()))]
        segments.append(self._cell(row["any"], base, on_cursor_row and self.column < 0))
        segments.append(Segment(" ", base))
        end = min(len(self.columns), self.first_column + max(1, width - LABEL_WIDTH - 2))
        for index in range(self.first_column, end):
            segments.append(self._cell(row["cells"][index], base,
                                       on_cursor_row and index == self.column))
        return Strip(segments).crop_extend(0, width, base)

    @staticmethod
    def _cell(cell: dict[str, Any] | None, base: Style, cursor: bool) -> Segment:
        if cell is None:
            segment = Segment("·", base + _NA)
        else:
            segment = Segment(cell["glyph"], base + STATE_STYLES.get(cell["state"], Style()))
        return Segment(segment.text, (segment.style or base) + _CURSOR) if cursor else segment
