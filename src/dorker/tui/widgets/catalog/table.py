"""The catalog's virtual table of sources: only the rows on screen are ever rendered.

Refiltering 10,000 sources replaces a list and sets the virtual height (see `VirtualList`);
nothing is mounted or rebuilt, so a keystroke costs one filter pass plus the ~20 visible lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from dorker.i18n import N_, _
from dorker.textsafe import printable
from dorker.textwidth import cell_width, column
from dorker.tui.models import CheckInfo, SourceRow
from dorker.tui.widgets.virtual_list import VirtualList

__all__ = ["COLUMNS", "SourceTable"]

COLUMNS = ((N_("checked"), 10), (N_("id"), 24), (N_("kind"), 14), (N_("cc"), 9),
           (N_("lang"), 9), (N_("name"), 0))
_OUTCOME_STYLE = {"nothing": Style(color="green"), "leads": Style(color="yellow", bold=True),
                  "blocked": Style(color="red"), "inaccessible": Style(color="red", dim=True)}


def fit_list(items: Sequence[str], width: int) -> str:
    """`a,b,c` when it fits in `width`, else as many as fit and `+N` for the rest."""
    text = ",".join(items)
    if cell_width(text) <= width:
        return text
    for keep in range(len(items) - 1, 0, -1):
        text = ",".join(items[:keep]) + f"+{len(items) - keep}"
        if cell_width(text) <= width:
            return text
    return f"{len(items)}"


def header_line() -> str:
    """The column titles, aligned with the rows."""
    return "".join(column(_(name), width) if width else _(name) for name, width in COLUMNS)


class SourceTable(VirtualList):
    """The filtered sources with the current case's coverage; one highlighted row."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"source-table--local"}
    DEFAULT_CSS = """
    SourceTable > .source-table--local {
        color: $secondary;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[SourceRow] = ()
        self.coverage: Mapping[str, CheckInfo] = {}

    @property
    def current(self) -> SourceRow | None:
        """The highlighted source."""
        row: SourceRow | None = super().current
        return row

    def show(self, rows: Sequence[SourceRow], coverage: Mapping[str, CheckInfo]) -> None:
        """Show these rows (the previous highlight is kept when still present)."""
        before = self.current
        self.coverage = coverage
        index = 0
        if before is not None and len(rows) < 5000:
            index = next((i for i, r in enumerate(rows) if r.id == before.id), 0)
        self.set_rows(rows, index)

    def render_row_line(self, row: SourceRow, part: int, width: int, base: Style) -> Strip:
        check = self.coverage.get(row.id)
        style = base
        if row.local:
            style = base + self.get_component_rich_style("source-table--local")
        from dorker.tui.labels import outcome_label

        anywhere = _("any")
        cells = [
            (("✓ " + outcome_label(check.outcome)) if check else "·", _OUTCOME_STYLE.get(
                check.outcome, Style()) if check else Style(dim=True)),
            (row.id, Style(bold=True)),
            (row.kind, Style()),
            (fit_list(row.countries, 8) or anywhere, Style(dim=not row.countries)),
            (fit_list(row.languages, 8) or anywhere, Style(dim=not row.languages)),
            (row.name, Style()),
        ]
        segments = []
        used = 0
        for (text, cell_style), (_name, col_width) in zip(cells, COLUMNS, strict=True):
            room = col_width if col_width else max(0, width - used)
            # cut visibly (an ellipsis), one cell short of the column: the gap between columns
            shown = column(printable(text), max(0, room - 1)) + " " if room else ""
            segments.append(Segment(shown, style + cell_style))
            used += room
        return Strip(segments).crop_extend(0, width, style)
