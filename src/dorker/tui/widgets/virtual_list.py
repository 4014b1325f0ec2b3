"""A list drawn with Textual's Line API: only the lines on screen are ever rendered.

Replacing the rows sets a list and the virtual height; nothing is mounted or rebuilt, so showing
10,000 rows costs the same as showing 20. Subclasses say how one line of a row looks
(`render_row_line`) and how many lines a row takes (`ROW_HEIGHT`); the cursor, scrolling, keys
and the mouse are handled here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dorker.i18n import N_
from dorker.textsafe import printable
from dorker.textwidth import fit

__all__ = ["VirtualList"]


class VirtualList(ScrollView, can_focus=True):
    """Rows of `ROW_HEIGHT` lines each, one highlighted (the cursor)."""

    ROW_HEIGHT: ClassVar[int] = 1
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor"}
    DEFAULT_CSS = """
    VirtualList > .virtual-list--cursor {
        background: $accent 40%;
        text-style: bold;
    }
    VirtualList:focus > .virtual-list--cursor {
        background: $accent;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", N_("Up"), show=False, id="list-up"),
        Binding("down", "move(1)", N_("Down"), show=False, id="list-down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="list-page-up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="list-page-down"),
        Binding("home", "jump(0)", N_("First"), show=False, id="list-first"),
        Binding("end", "jump(-1)", N_("Last"), show=False, id="list-last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class RowMessage(Message):
        """About one row of a list (the row is None when the list is empty)."""

        virtual_list: VirtualList
        row: Any

        @property
        def control(self) -> VirtualList:
            """The list (what `@on(..., selector)` matches)."""
            return self.virtual_list

    class Highlighted(RowMessage):
        """The highlighted row changed."""

    class Selected(RowMessage):
        """A row was chosen (Enter on a list that binds it, or a click)."""

    def __init__(self, *, empty_text: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[Any] = ()
        self.empty_text = empty_text
        """Shown (dim) on the first line when there are no rows."""

    @property
    def current(self) -> Any:
        """The highlighted row (None when there are no rows)."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(self, rows: Sequence[Any], cursor: int = 0) -> None:
        """Show these rows with the cursor on `cursor` (clamped)."""
        self.rows = rows
        self.virtual_size = Size(0, len(rows) * self.ROW_HEIGHT)  # as wide as the widget
        self.cursor = cursor
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self) -> None:
        height = self.ROW_HEIGHT
        self.scroll_to_region(Region(0, self.cursor * height, 1, height), animate=False,
                              immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def action_move(self, delta: int) -> None:
        """Move the highlight."""
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        """Move by one screen."""
        rows_on_screen = self.scrollable_content_region.height // self.ROW_HEIGHT
        self.action_move(direction * max(1, rows_on_screen - 1))

    def action_jump(self, index: int) -> None:
        """First (0) or last (-1) row."""
        if self.rows:
            self.cursor = index if index >= 0 else len(self.rows) - 1

    def action_select(self) -> None:
        """Choose the highlighted row."""
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // self.ROW_HEIGHT
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.action_select()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = self.scroll_offset.y + y
        index, part = divmod(line, self.ROW_HEIGHT)
        if index >= len(self.rows):
            if line == 0 and self.empty_text:
                text = fit(printable(self.empty_text), width)
                return Strip([Segment(text, base + Style(dim=True))]).crop_extend(0, width,
                                                                                 base)
            return Strip.blank(width, base)
        if index == self.cursor:  # under every cell's own style, over the widget's
            base = base + self.get_component_rich_style("virtual-list--cursor")
        return self.render_row_line(self.rows[index], part, width, base)

    def render_row_line(self, row: Any, part: int, width: int, base: Style) -> Strip:
        """Line `part` (0 to ROW_HEIGHT-1) of `row`, `width` cells wide, on `base` (override).

        `base` carries the widget's style and, on the highlighted row, the cursor's: build every
        segment's style as `base + own` and pad with `base`.
        """
        return Strip([Segment(fit(printable(str(row)), width), base)]).crop_extend(0, width, base)
