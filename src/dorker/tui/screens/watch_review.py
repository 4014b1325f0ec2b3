"""Reviewing what watches found: the results review, each result marked "new since DATE"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from dorker.i18n import N_, _
from dorker.tui.screens.results import ResultsScreen
from dorker.tui.text import literal
from dorker.tui.watch_adapter import new_since_label

__all__ = ["WatchReviewScreen"]


class WatchReviewScreen(ResultsScreen):
    """The review queue of the results screen (same keys, same record), over a watch's news."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="watch-review-back"),
    ]

    def __init__(self, title: str = "", results: list[dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self._found = results or []

    def on_mount(self) -> None:
        super().on_mount()
        self.results = list(self._found)
        self._show_results()
        self._status(_("{title}: {count} (Esc goes back)").format(title=self.title_text,
                                                                   count=len(self.results)))
        self._load_reviews([str(r.get("url")) for r in self.results])

    def on_screen_resume(self) -> None:
        return None  # never takes the builder's pending search

    def _prompt(self, result: Mapping[str, Any]) -> Text:
        base = super()._prompt(result)
        where = f"{result.get('watch', '')} · {result.get('engine', '')}"
        return Text.assemble((new_since_label(dict(result)), "bold cyan"), " ",
                             literal(where, "dim"), "\n", base)

    def action_back(self) -> None:
        """Back to the watches."""
        self.app.pop_screen()
