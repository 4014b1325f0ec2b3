"""The command palette provider: global commands plus what the current screen offers."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from dorker.tui.screens.base import DorkerScreen, PaletteCommand

if TYPE_CHECKING:
    from dorker.tui.app import DorkerApp

__all__ = ["DorkerCommands"]


class DorkerCommands(Provider):
    """Commands for the screen the palette was opened from (and the global ones)."""

    def _commands(self) -> list[PaletteCommand]:
        app = cast("DorkerApp", self.app)
        screen = self.screen
        found = list(screen.palette_commands()) if isinstance(screen, DorkerScreen) else []
        return found + app.palette_commands()

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
