"""Watches: due, last run, new counts; run one now (a worker, with progress); review its news."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, ProgressBar, Static

from dorker.i18n import N_, _
from dorker.tui.labels import watch_status_label
from dorker.tui.messages import Failed
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import literal, with_keys
from dorker.tui.watch_adapter import WatchAdapter, WatchRow
from dorker.tui.widgets.keybar import KeyBar

__all__ = ["WatchesScreen"]

_STATUS_STYLE = {"ok": "green", "manual": "cyan", "blocked": "bold red", "failed": "bold red"}


def help_text() -> Text:
    """The line above the table, in the interface language."""
    return with_keys(_("{run} runs the highlighted watch now, {review} reviews its new results. "
                       "Add: dorker watch add NAME TARGET -e ENGINE; schedule: dorker watch run "
                       "--due (docs/watch.md)"), run="r", review="Enter")


@dataclass
class WatchesLoaded(Message):
    """The watches were read."""

    rows: list[WatchRow]


@dataclass
class WatchProgressed(Message):
    """A page fetched (or a platform search listed) in the running watch."""

    name: str
    done: int
    steps: int
    new: int


@dataclass
class WatchRunEnded(Message):
    """The run is recorded (or was skipped: another run holds the watch)."""

    name: str
    text: str
    ok: bool


@dataclass
class NewResultsLoaded(Message):
    """The new results of a watch (or of the case's watches), ready to review."""

    title: str
    results: list[dict[str, Any]]
    empty: str
    """What to say when there is nothing new."""


class _PostingProgress:
    """The runner's progress, posted to the screen from the worker thread."""

    def __init__(self, screen: WatchesScreen) -> None:
        self._screen = screen
        self._done = 0
        self._steps = 1

    def watch_started(self, name: str, steps: int) -> None:
        self._done, self._steps = 0, max(steps, 1)
        self._screen.post_message(WatchProgressed(name, 0, self._steps, 0))

    def step(self, name: str, new: int) -> None:
        self._done += 1
        self._screen.post_message(WatchProgressed(name, self._done, self._steps, new))

    def watch_finished(self, outcome: Any) -> None:
        return None

    def watch_skipped(self, skipped: Any) -> None:
        return None


class WatchesScreen(DorkerScreen):
    """Every watch of the store, soonest due first."""

    BINDING_GROUP_TITLE = "Watches"
    DEFAULT_CSS = """
    WatchesScreen #watches-help {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    WatchesScreen #watch-table {
        height: 1fr;
    }
    WatchesScreen #watch-status {
        height: 1;
        background: $panel;
    }
    WatchesScreen #watch-progress {
        height: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "run_watch", N_("Run now"), id="run-watch"),
        Binding("v", "review", N_("Review new"), id="review-watch"),
        Binding("ctrl+r", "reload", N_("Reload"), id="reload-watches"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[WatchRow] = []
        self.running: str | None = None
        self._adapter: WatchAdapter | None = None

    @property
    def adapter(self) -> WatchAdapter:
        """The core, for watches."""
        if self._adapter is None:
            self._adapter = WatchAdapter(self.services.config)
        return self._adapter

    @property
    def table(self) -> DataTable[Text]:
        """The watches."""
        return self.query_one("#watch-table", DataTable)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(help_text(), id="watches-help")
        yield DataTable(id="watch-table", cursor_type="row", zebra_stripes=True)
        yield Static(Text(_("no run yet"), style="dim"), id="watch-status")
        yield ProgressBar(total=1, show_eta=False, id="watch-progress")
        yield KeyBar()

    def on_mount(self) -> None:
        # What decides the next action first (due, last run, news); who and what after.
        self.table.add_columns(_("watch"), _("next due"), _("last run"), _("status"),
                               _("new (last/all)"), _("every"), _("engines"), _("owner"),
                               _("case"), _("targets"))
        self.query_one(ProgressBar).display = False
        self.table.focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.running is None:
            self.action_reload()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#watch-status", Static).update(literal(text, style))

    def action_reload(self) -> None:
        """Read the watches again."""
        self._load()

    @work(thread=True, exclusive=True, group="watches", exit_on_error=False)
    def _load(self) -> None:
        try:
            self.post_message(WatchesLoaded(self.adapter.watches()))
        except Exception as exc:
            self.post_message(Failed(_("cannot read watches: {error}").format(error=exc)))

    @on(WatchesLoaded)
    def _loaded(self, message: WatchesLoaded) -> None:
        table = self.table
        before = self.current
        keep = table.cursor_row
        self.rows = message.rows
        table.clear()
        for row in self.rows:
            due = _("now") if row.due else row.next_due[:16].replace("T", " ")
            last = row.last_run[:16].replace("T", " ") if row.last_run else _("never")
            table.add_row(literal(row.name, "bold"),
                          Text(due, "bold yellow" if row.due else ""), Text(last),
                          Text(watch_status_label(row.last_status) if row.last_status else "-",
                               _STATUS_STYLE.get(row.last_status, "")),
                          Text(f"{row.last_new}/{row.new_total}",
                               "bold cyan" if row.last_new else ""),
                          Text(row.every), literal(row.engines), literal(row.owner),
                          literal(row.case_id or "-"), literal(row.targets), key=row.name)
        if self.rows:  # stay on the same watch (a run moves it down the list)
            names = [r.name for r in self.rows]
            index = names.index(before.name) if before and before.name in names else keep
            table.move_cursor(row=min(index, len(self.rows) - 1))
        elif self.running is None:
            self._status(_("no watches yet: add one with dorker watch add NAME TARGET -e "
                           "ENGINE"))

    @property
    def current(self) -> WatchRow | None:
        """The highlighted watch."""
        index = self.table.cursor_row
        return self.rows[index] if self.rows and 0 <= index < len(self.rows) else None

    def action_run_watch(self) -> None:
        """Run the highlighted watch now (fresh fetch; recorded), in the background."""
        row = self.current
        if row is None:
            return
        if self.running is not None:
            self.notify(_("{watch} is still running").format(watch=self.running),
                        severity="warning")
            return
        self.running = row.name
        bar = self.query_one(ProgressBar)
        bar.update(total=1, progress=0)
        bar.display = True
        self._status(_("running {watch}…").format(watch=row.name))
        self._run(row.name)

    @work(thread=True, exclusive=True, group="watch-run", exit_on_error=False)
    def _run(self, name: str) -> None:
        try:
            result = self.adapter.run(name, _PostingProgress(self))
        except Exception as exc:
            self.post_message(WatchRunEnded(
                name, _("{watch}: cannot run: {error}").format(watch=name, error=exc), False))
            return
        if not hasattr(result, "counts"):  # skipped: another run holds it
            self.post_message(WatchRunEnded(name, result.message, True))
            return
        counts = result.counts()
        text = _("{watch}: {status} · {new} new, {seen} seen before").format(
            watch=name, status=watch_status_label(result.status), new=counts["new"],
            seen=counts["seen"])
        if counts["manual"]:
            text += ", " + _("{count} to open by hand").format(count=counts["manual"])
        if result.message:
            text += f" · {result.message}"
        self.post_message(WatchRunEnded(name, text, result.ok))

    @on(WatchProgressed)
    def _progressed(self, message: WatchProgressed) -> None:
        self.query_one(ProgressBar).update(total=message.steps, progress=message.done)
        self._status(_("running {watch}: {done}/{steps} · {new} new").format(
            watch=message.name, done=message.done, steps=message.steps, new=message.new))

    @on(WatchRunEnded)
    def _ended(self, message: WatchRunEnded) -> None:
        self.running = None
        self.query_one(ProgressBar).display = False
        self._status(message.text, "" if message.ok else "bold red")
        self.notify(message.text, severity="information" if message.ok else "error")
        self.action_reload()

    @on(DataTable.RowSelected, "#watch-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_review()

    def action_review(self) -> None:
        """Review the highlighted watch's new results (each marked "new since DATE")."""
        row = self.current
        if row is not None:
            self._load_new(row.name, None,
                           _("new results of {watch}").format(watch=row.name),
                           _("no new results of {watch} yet").format(watch=row.name))

    def action_review_case(self) -> None:
        """Review the new results of every watch of the current case."""
        if self.case is None:
            self.notify(_("no current case: choose one on the Cases screen (F3)"))
            return
        self._load_new(None, self.case.id,
                       _("new results of the watches of {case}").format(case=self.case.id),
                       _("no new results of the watches of {case} yet").format(case=self.case.id))

    @work(thread=True, exclusive=True, group="watch-new", exit_on_error=False)
    def _load_new(self, name: str | None, case_id: str | None, title: str, empty: str) -> None:
        try:
            self.post_message(NewResultsLoaded(title, self.adapter.new_results(name, case_id),
                                               empty))
        except Exception as exc:
            self.post_message(Failed(_("cannot read the new results: {error}").format(
                error=exc)))

    @on(NewResultsLoaded)
    def _review(self, message: NewResultsLoaded) -> None:
        if not message.results:
            self.notify(message.empty)
            return
        from dorker.tui.screens.watch_review import WatchReviewScreen

        self.app.push_screen(WatchReviewScreen(message.title, message.results))

    def palette_commands(self) -> list[PaletteCommand]:
        return [(_("Run watch now"), _("run the highlighted watch (fresh fetch)"),
                 self.action_run_watch),
                (_("Review new results"), _("the highlighted watch's new results"),
                 self.action_review),
                (_("Review the case's new results"), _("every watch of the current case"),
                 self.action_review_case),
                (_("Reload watches"), _("read the watches again"), self.action_reload)]
