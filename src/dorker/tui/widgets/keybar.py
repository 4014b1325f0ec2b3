"""The key bar at the bottom of every screen: the keys that work here, on one line.

A light footer: one widget drawing one line of text, instead of Textual's `Footer` (a widget per
key, which costs a few tens of milliseconds and most of a megabyte per screen). It follows the
same public signals (`Screen.bindings_updated_signal`, `Screen.active_bindings`), honours remapped
keys (`App.get_key_display`) and a click on a key presses it (`App.simulate_key`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from dorker.i18n import _

__all__ = ["KeyBar"]


class KeyBar(Widget):
    """The shown bindings of the focused chain and the screen, and the palette key on the right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []
        """(first cell, cell after the last, key) of each key drawn (for clicks)."""

    def on_mount(self) -> None:
        screen = self.screen
        screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # The focus decides which keys apply; it may settle before the signal reaches us.
        self.watch(screen, "focused", self._focus_changed, init=False)
        self.call_after_refresh(self.refresh)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _focus_changed(self) -> None:
        self.call_after_refresh(self.refresh)  # after the new focus's bindings are in place

    def render(self) -> Text:
        app = self.app
        entries: list[tuple[str, Binding, bool]] = []
        actions: set[str] = set()
        palette: tuple[str, Binding] | None = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if app.ENABLE_COMMAND_PALETTE and key == app.COMMAND_PALETTE_BINDING:
                palette = key, binding
                continue
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            entries.append((key, binding, enabled))
        word = _("palette")
        tail = "" if palette is None else f" {app.get_key_display(palette[1])} {word} "
        room = self.size.width - cell_len(tail) - 1
        # Too narrow for every label: the screen keys (F2...) shorten first, then lose theirs,
        # so the keys of this screen keep their words.
        line, spans = self._line(entries, None)
        for cut in (0,):
            if line.cell_len <= room:
                break
            line, spans = self._line(entries, cut)
        if line.cell_len > self.size.width:  # still too wide: cut visibly; F1 lists every key
            line.truncate(self.size.width, overflow="ellipsis")
        if palette is not None and line.cell_len <= room:
            line.pad_right(room + 1 - line.cell_len)
            start = line.cell_len
            line.append(tail, self.get_component_rich_style("keybar--key"))
            spans.append((start, line.cell_len, palette[0]))
        self._spans = spans
        return line

    def _line(self, entries: list[tuple[str, Binding, bool]],
              cut: int | None) -> tuple[Text, list[tuple[int, int, str]]]:
        """The keys on one line; `cut` shortens the screen-switch labels to that many
        characters (0: the key alone)."""
        key_style = self.get_component_rich_style("keybar--key")
        label_style = self.get_component_rich_style("keybar--description")
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int, str]] = []
        for key, binding, enabled in entries:
            start, first_char = line.cell_len, len(line)
            line.append(f" {self.app.get_key_display(binding)} ", key_style)
            label = _(binding.description)
            if cut is not None and (binding.id or "").startswith("screen-"):
                label = label[:cut]
            if label:
                line.append(f"{label} ", label_style)
            if not enabled:
                line.stylize("dim", first_char)
            spans.append((start, line.cell_len, key))  # the key as bound (remaps applied)
        return line, spans

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
