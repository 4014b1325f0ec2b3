"""The playbook picker: one input that filters playbooks (fuzzy) or takes a raw dork.

The list under the input is virtual (`VirtualList`): filtering 1,000 playbooks on a keystroke
replaces a list and draws the ~15 rows on screen, however many match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input

from dorker.i18n import N_, _
from dorker.textsafe import printable
from dorker.textwidth import cell_width, fit
from dorker.tui.models import PlaybookSummary
from dorker.tui.widgets.virtual_list import VirtualList

__all__ = ["PlaybookList", "PlaybookPicker", "RawDork", "fuzzy_filter"]


@dataclass(frozen=True, slots=True)
class RawDork:
    """The typed text offered as a dork of its own."""

    text: str


Choice = tuple[PlaybookSummary | None, str | None]
"""(playbook, None) or (None, dork)."""


def _subsequence(needle: str, hay: str) -> bool:
    position = 0
    for ch in needle:
        position = hay.find(ch, position) + 1
        if position == 0:
            return False
    return True


def fuzzy_filter(playbooks: list[PlaybookSummary], query: str) -> list[PlaybookSummary]:
    """Playbooks whose id/title/pattern hold every word; else those holding the letters in order."""
    words = query.casefold().split()
    if not words:
        return playbooks
    exact = [p for p in playbooks if all(w in p.haystack for w in words)]
    if exact:
        return exact
    joined = "".join(words)
    return [p for p in playbooks if _subsequence(joined, p.haystack)]


def _looks_like_dork(text: str) -> bool:
    return any(c in text for c in ':"()') or " OR " in text


class PlaybookList(VirtualList):
    """Matching playbooks, two lines each (id and pattern; title), and maybe the raw dork."""

    ROW_HEIGHT = 2
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", N_("Pick"), show=False, id="pick-playbook"),
    ]

    def render_row_line(self, row: PlaybookSummary | RawDork, part: int, width: int,
                        base: Style) -> Strip:
        if isinstance(row, RawDork):
            cells = ([(_("use as a dork:") + " ", Style(bold=True)), (printable(row.text), Style())]
                     if part == 0 else [])
        elif part == 0:
            cells = [(printable(row.id), Style(bold=True)), (" ", Style()),
                     (printable(row.pattern), Style(dim=True))]
        else:
            cells = [(printable(row.title), Style(italic=True))]
        segments: list[Segment] = []
        room = width
        for text, style in cells:
            if room <= 0:
                break
            text = fit(text, room)  # cut to the room left, with an ellipsis
            segments.append(Segment(text, base + style))
            room -= cell_width(text)
        return Strip(segments).crop_extend(0, width, base)


class PlaybookPicker(Vertical):
    """Type to filter playbooks; Enter picks the highlighted one (or uses the text as a dork)."""

    DEFAULT_CSS = """
    PlaybookPicker #pick-filter {
        margin: 0 0 1 0;
    }
    PlaybookPicker #pick-list {
        height: 1fr;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", N_("Next"), show=False, id="picker-next"),
        Binding("up", "move(-1)", N_("Previous"), show=False, id="picker-previous"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="picker-page-down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="picker-page-up"),
    ]

    @dataclass
    class Picked(Message):
        """A playbook (or a raw dork) was chosen."""

        playbook: PlaybookSummary | None
        raw: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._playbooks: list[PlaybookSummary] = []
        self._loaded = False

    @property
    def filter_input(self) -> Input:
        """The filter/dork input."""
        return self.query_one("#pick-filter", Input)

    @property
    def options(self) -> PlaybookList:
        """The list of matching playbooks."""
        return self.query_one("#pick-list", PlaybookList)

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("filter playbooks, or type a dork"), id="pick-filter",
                    compact=True)
        yield PlaybookList(empty_text=_("loading playbooks…"), id="pick-list")

    def set_playbooks(self, playbooks: list[PlaybookSummary]) -> None:
        """Show these playbooks (called once the loader worker is done)."""
        self._playbooks = playbooks
        self._loaded = True
        self.options.empty_text = _("no playbooks found")
        self._refilter(self.filter_input.value)

    @on(Input.Changed, "#pick-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, text: str) -> None:
        rows: list[PlaybookSummary | RawDork] = []
        if self._loaded:
            rows.extend(fuzzy_filter(self._playbooks, text))
        typed = text.strip()
        # Before the list is loaded, only text that looks like a dork is offered as one: a
        # playbook's name typed quickly must not run as a search.
        if typed and (self._loaded or _looks_like_dork(text)):
            if _looks_like_dork(text) or not rows:
                rows.insert(0, RawDork(typed))
            else:
                rows.append(RawDork(typed))
        self.options.set_rows(rows)

    def action_move(self, delta: int) -> None:
        """Move the highlight while typing in the filter."""
        self.options.action_move(delta)

    def action_page(self, direction: int) -> None:
        """Move the highlight by a screen while typing in the filter."""
        self.options.action_page(direction)

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick(self.options.current)

    @on(PlaybookList.Selected, "#pick-list")
    def _selected(self, event: PlaybookList.Selected) -> None:
        event.stop()
        self._pick(event.row)

    def _pick(self, row: PlaybookSummary | RawDork | None) -> None:
        choice = _choice(row)
        if choice is not None:
            self.post_message(self.Picked(*choice))

    def highlighted_choice(self) -> Choice | None:
        """What Enter would pick now: (playbook, None), (None, dork) or None."""
        return _choice(self.options.current)


def _choice(row: PlaybookSummary | RawDork | None) -> Choice | None:
    if isinstance(row, RawDork):
        return None, row.text
    if isinstance(row, PlaybookSummary):
        return row, None
    return None
