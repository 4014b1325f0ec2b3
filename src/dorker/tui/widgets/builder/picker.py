"""The playbook picker: one input that filters playbooks (fuzzy) or takes a raw dork."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from dorker.tui.models import PlaybookInfo
from dorker.tui.text import clip, literal

__all__ = ["PlaybookPicker", "fuzzy_filter"]

RAW_ID = "__raw__"
MAX_SHOWN = 300


def _subsequence(needle: str, hay: str) -> bool:
    position = 0
    for ch in needle:
        position = hay.find(ch, position) + 1
        if position == 0:
            return False
    return True


def fuzzy_filter(playbooks: list[PlaybookInfo], query: str) -> list[PlaybookInfo]:
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


class PlaybookPicker(Vertical):
    """Type to filter playbooks; Enter picks the highlighted one (or uses the text as a dork)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False, id="picker-next"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker-previous"),
    ]

    @dataclass
    class Picked(Message):
        """A playbook (or a raw dork) was chosen."""

        playbook: PlaybookInfo | None
        raw: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._playbooks: list[PlaybookInfo] = []
        self._shown: list[PlaybookInfo] = []
        self._loaded = False

    @property
    def filter_input(self) -> Input:
        """The filter/dork input."""
        return self.query_one("#pick-filter", Input)

    @property
    def options(self) -> OptionList:
        """The list of matching playbooks."""
        return self.query_one("#pick-list", OptionList)

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter playbooks, or type a dork", id="pick-filter", compact=True)
        yield OptionList(Option(Text("loading playbooks…", style="dim"), disabled=True),
                         id="pick-list")

    def set_playbooks(self, playbooks: list[PlaybookInfo]) -> None:
        """Show these playbooks (called once the loader worker is done)."""
        self._playbooks = playbooks
        self._loaded = True
        self._refilter(self.filter_input.value)

    @on(Input.Changed, "#pick-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, text: str) -> None:
        if not self._loaded:
            return
        self._shown = fuzzy_filter(self._playbooks, text)[:MAX_SHOWN]
        options: list[Option] = []
        for pb in self._shown:
            prompt = Text.assemble(literal(pb.id, "bold"), " ", literal(pb.pattern, "dim"), "\n",
                                   literal(clip(pb.title, 56), "italic"))
            options.append(Option(prompt, id=f"pb:{pb.id}"))
        if text.strip():
            raw = Option(Text.assemble(("use as a dork: ", "bold"), literal(text.strip())),
                         id=RAW_ID)
            if _looks_like_dork(text) or not options:
                options.insert(0, raw)
            else:
                options.append(raw)
        if not options:
            options.append(Option(Text("no playbooks found", style="dim"), disabled=True))
        self.options.set_options(options)
        if not self.options.options[0].disabled:
            self.options.highlighted = 0

    def action_move(self, delta: int) -> None:
        """Move the highlight while typing in the filter."""
        options = self.options
        if options.option_count == 0:
            return
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(options.option_count - 1, current + delta))

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick(self.options.highlighted)

    @on(OptionList.OptionSelected, "#pick-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        choice = self._choice(index)
        if choice is not None:
            self.post_message(self.Picked(*choice))

    def highlighted_choice(self) -> tuple[PlaybookInfo | None, str | None] | None:
        """What Enter would pick now: (playbook, None), (None, dork) or None."""
        return self._choice(self.options.highlighted)

    def _choice(self, index: int | None) -> tuple[PlaybookInfo | None, str | None] | None:
        if index is None or index >= self.options.option_count:
            return None
        option = self.options.get_option_at_index(index)
        if option.id == RAW_ID:
            return None, self.filter_input.value.strip()
        if option.id and option.id.startswith("pb:"):
            wanted = option.id[3:]
            found = next((p for p in self._shown if p.id == wanted), None)
            if found is not None:
                return found, None
        return None
