"""What every main screen shares: typed access to the app and its services, palette commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.screen import Screen

from dorker.i18n import N_
from dorker.tui.models import CaseInfo
from dorker.tui.services import Services

if TYPE_CHECKING:
    from dorker.tui.app import DorkerApp

__all__ = ["DorkerScreen", "PaletteCommand"]

PaletteCommand = tuple[str, str, Callable[[], object]]
"""(title, help, callback) offered by the command palette on this screen."""


class DorkerScreen(Screen[None]):
    """A main screen (one per mode)."""

    # First in every footer, so it still shows at 80 columns; the help lists everything else.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "app.help", N_("Help"), id="help")]

    @property
    def dorker(self) -> DorkerApp:
        """The app, typed."""
        from dorker.tui.app import DorkerApp

        app = self.app
        assert isinstance(app, DorkerApp)
        return app

    @property
    def services(self) -> Services:
        """The core, through the adapter."""
        return self.dorker.services

    @property
    def case(self) -> CaseInfo | None:
        """The current case."""
        return self.dorker.current_case

    def palette_commands(self) -> list[PaletteCommand]:
        """Commands that make sense on this screen (the palette adds the global ones)."""
        return []

    @on(events.Mount)
    def _follow_case(self) -> None:
        self.watch(self.app, "current_case", self.case_switched, init=False)

    def after_first_frame(self) -> None:
        """Called once the app's first frame is on the terminal: start lazy loading here."""

    def case_switched(self, case: CaseInfo | None) -> None:
        """Called when the current case changes (override)."""
