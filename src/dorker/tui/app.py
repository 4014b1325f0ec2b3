"""The dorker terminal app: `make_app(config)` builds it from settings and services.

The App never reads global files itself: the factory gives it a `Services` adapter (the one place
that touches the core) and the keymap; tests and the CLI both go through `make_app`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from dorker.config import Config
from dorker.i18n import N_, _
from dorker.textsafe import printable
from dorker.tui.messages import CaseChanged, Failed
from dorker.tui.models import CaseInfo, CompiledRow
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.screens.builder import BuilderScreen
from dorker.tui.services import Services

__all__ = ["DorkerApp", "make_app", "run_app"]

SCREENS_BY_KEY = (("f2", "builder", N_("Build")), ("f3", "cases", N_("Cases")),
                  ("f4", "catalog", N_("Catalog")), ("f5", "history", N_("History")),
                  ("f6", "results", N_("Results")), ("f7", "images", N_("Images")),
                  ("f8", "watches", N_("Watches")), ("f9", "leads", N_("Leads")))


def _lazy(module: str, name: str) -> Callable[[], Screen[None]]:
    """A screen factory that imports its module on first use (keeps start-up light)."""
    def make() -> Screen[None]:
        screen: Screen[None] = getattr(import_module(f"dorker.tui.screens.{module}"), name)()
        return screen

    return make


def _commands() -> Any:
    """The palette's provider, imported when the palette first opens (textual.command is heavy)."""
    from dorker.tui.commands import DorkerCommands

    return DorkerCommands


class DorkerApp(App[None]):
    """The terminal app."""

    TITLE = "dorker"
    MODES: ClassVar[dict[str, Any]] = {
        "cases": _lazy("cases", "CasesScreen"), "catalog": _lazy("catalog", "CatalogScreen"),
        "history": _lazy("history", "HistoryScreen"), "results": _lazy("results", "ResultsScreen"),
        "images": _lazy("images", "ImagesScreen"),
        "watches": _lazy("watches", "WatchesScreen"),
        "leads": _lazy("leads", "LeadsScreen"),
    }
    DEFAULT_MODE = "builder"
    """The builder is the app's default screen (`get_default_screen`), not a MODES entry: a mode
    screen costs Textual a second stylesheet pass at start-up and is laid out inside start-up's
    batch, which delayed the first frame by some 40 ms. `on_mount` adds the mode for F2."""
    COMMANDS = App.COMMANDS | {_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"switch_mode('{mode}')", label, id=f"screen-{mode}")
          for key, mode, label in SCREENS_BY_KEY),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True, show=False),
    ]

    current_case: reactive[CaseInfo | None] = reactive(None, init=False)

    def __init__(self, services: Services, *, keymap: dict[str, str] | None = None,
                 theme: str | None = None, welcome: bool = True) -> None:
        super().__init__()
        self.services = services
        self._keymap_config = dict(keymap or {})
        self._theme_name = theme
        self._welcome = welcome
        self.pending_search: CompiledRow | None = None
        """A query the results screen should fetch when it is shown."""

    def get_default_screen(self) -> Screen[Any]:
        return BuilderScreen()

    def on_mount(self) -> None:
        self.add_mode("builder", BuilderScreen)  # its stack exists already: F2 goes back to it
        self.set_keymap(self._keymap_config)
        if self._theme_name:
            self.theme = self._theme_name
        self.sub_title = _("no case: press F3 to create one")
        from dorker.i18n import take_warning

        warning = take_warning()  # a language with no catalog: said once, here
        if warning:
            self.notify(warning, severity="warning")

    def on_ready(self) -> None:
        # Textual's Ready follows the first layout: the loading starts after the refresh that
        # follows, once the first frame is on the terminal, so the loaders' threads (which hold
        # the interpreter while they parse) never delay it.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self._load_case()
        # Every mode's screens, not only the current one's: a key pressed during start-up may
        # already have switched away from the builder, which still has to load its playbooks.
        for mode in ("builder", *self.MODES):
            try:
                stack = self.get_screen_stack(mode)
            except KeyError:  # a mode not visited yet has no screens
                continue
            for screen in stack:
                if isinstance(screen, DorkerScreen):
                    screen.after_first_frame()

    @work(thread=True, exclusive=True, group="case", exit_on_error=False)
    def _load_case(self) -> None:
        try:
            case = self.services.current_case()
            empty = self.services.is_empty()
        except Exception as exc:
            self.post_message(Failed(_("cannot open the record: {error}").format(error=exc)))
            return
        self.post_message(CaseChanged(case))
        if empty and self._welcome:
            from dorker.tui.modals.welcome import WelcomeModal

            self.call_from_thread(self.push_screen, WelcomeModal())

    @on(CaseChanged)
    def _case_changed(self, message: CaseChanged) -> None:
        self.current_case = message.case

    def watch_current_case(self, case: CaseInfo | None) -> None:
        if case is None:
            self.sub_title = _("no case: press F3 to create one")
        else:
            from dorker.textwidth import fit

            self.sub_title = _("case {case} · {title}").format(case=case.id,
                                                               title=fit(case.title, 40))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", markup=False)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications never interpret markup (whatever the caller asks): they often quote
        untrusted text, and `Widget.notify` passes `markup=True` by default."""
        super().notify(printable(message, keep_newlines=True), title=printable(title),
                       severity=severity, timeout=timeout, markup=False)

    def action_help(self) -> None:
        """Show the help screen with the keys active here."""
        keys: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        # The screen's and the app's bindings with the keymap applied; not the focused widget's
        # (an Input's editing keys are noise here, and it hides the one-letter keys).
        for node in (self.screen, self):
            bindings = node._bindings.copy()
            if self._keymap:
                bindings.apply_keymap(self._keymap)
            for _key, binding in bindings:
                label = _(binding.description) if binding.description else binding.action
                shown = self.get_key_display(binding)
                if (shown, label) not in seen and binding.description and binding.id:
                    seen.add((shown, label))
                    keys.append((shown, label))
        keys.append(("^p", _("Command palette")))
        from dorker.tui.modals.help import HelpModal

        self.push_screen(HelpModal(keys))

    def start_search(self, row: CompiledRow) -> None:
        """Go to the results screen and fetch results for `row`."""
        self.pending_search = row
        from dorker.tui.screens.results import ResultsScreen

        if self.current_mode == "results" and isinstance(self.screen, ResultsScreen):
            self.screen.take_pending()
        else:
            self.switch_mode("results")  # the screen takes the row when it resumes

    def palette_commands(self) -> list[PaletteCommand]:
        """Commands offered on every screen."""
        commands: list[PaletteCommand] = [
            (_("Go to {screen}").format(screen=_(label)),
             _("switch to the {screen} screen ({key})").format(screen=_(label).lower(),
                                                              key=key.upper()),
             partial(self.switch_mode, mode))
            for key, mode, label in SCREENS_BY_KEY]
        commands.append((_("Help"), _("keys and what each screen is for"), self.action_help))
        return commands

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """Textual's own palette commands (theme, quit, keys...), in the interface language."""
        from dorker.tui.textual_words import translated_system_commands

        yield from translated_system_commands(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        """The command palette, its search line in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """The theme picker, its search line in the interface language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=_("Search for themes…")))


def make_app(config: Config, *, services: Services | None = None, theme: str | None = None,
             welcome: bool = True, playbook_dirs: list[Path] | None = None,
             catalog_paths: list[Path] | None = None) -> DorkerApp:
    """Build the app from settings (and, for tests, prepared services)."""
    from dorker.i18n import set_language

    set_language(config.language)  # the app's words follow the config (DORKER_LANG wins)
    services = services or Services(config, playbook_dirs=playbook_dirs,
                                    catalog_paths=catalog_paths)
    return DorkerApp(services, keymap=config.keymap, theme=theme, welcome=welcome)


def run_app() -> int:
    """Run the app with the user's configuration (what `dorker` and `dorker tui` call)."""
    from dorker.config import load_config

    app = make_app(load_config())
    try:
        app.run()
    finally:
        app.services.close()
    return 0
