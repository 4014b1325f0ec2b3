"""Results: the review queue of a provider run; earlier verdicts shown; one key per verdict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from dorker.tui.messages import (
    Failed,
    ReviewsLoaded,
    SearchFinished,
    SearchPageArrived,
    VerdictRecorded,
)
from dorker.tui.modals.prompt import PromptModal
from dorker.tui.models import CompiledRow, ReviewInfo, split_values
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import literal
from dorker.tui.widgets.keybar import KeyBar
from dorker.tui.widgets.result_leads import ResultLeads

__all__ = ["ResultsScreen"]

PAGES = 3
_VERDICT_STYLE = {"relevant": "bold green", "escalate": "bold red", "irrelevant": "dim",
                  "duplicate": "dim italic"}
GUIDE = Text.assemble(
    ("No provider run yet.\n", "bold"),
    "In the builder (F2), highlight a query and press r to fetch its results through the "
    "configured provider (SearXNG, Brave...). Results appear here to review: ",
    ("r", "bold"), " relevant, ", ("i", "bold"), " irrelevant, ", ("e", "bold"), " escalate, ",
    ("d", "bold"), " duplicate, ", ("n", "bold"), " note, ", ("o", "bold"), " open.\n",
    "A result is a lead, not proof.")


class ResultsScreen(DorkerScreen):
    """The review queue."""

    BINDING_GROUP_TITLE = "Results"
    DEFAULT_CSS = """
    ResultsScreen #run-status {
        height: auto;
        max-height: 2;
    }
    ResultsScreen #run-progress {
        height: 1;
    }
    ResultsScreen #results {
        height: 1fr;
        border: none;
    }
    ResultsScreen #result-detail {
        height: 1;
        background: $panel;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "verdict('relevant')", "Relevant", id="verdict-relevant"),
        Binding("i", "verdict('irrelevant')", "Irrelevant", id="verdict-irrelevant"),
        Binding("e", "verdict('escalate')", "Escalate", id="verdict-escalate"),
        Binding("d", "verdict('duplicate')", "Duplicate", id="verdict-duplicate"),
        Binding("n", "note", "Note", id="result-note"),
        Binding("o", "open_result", "Open", id="open-result"),
        Binding("escape", "cancel", "Cancel run", id="cancel-run"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.row: CompiledRow | None = None
        self.results: list[Mapping[str, Any]] = []
        self.reviews: dict[str, ReviewInfo] = {}
        self._run: Worker[None] | None = None

    @property
    def result_list(self) -> OptionList:
        """The results."""
        return self.query_one("#results", OptionList)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("no run", style="dim"), id="run-status")
        yield ProgressBar(total=PAGES, show_eta=False, id="run-progress")
        yield OptionList(Option(GUIDE, disabled=True), id="results")
        yield Static("", id="result-detail")
        yield ResultLeads(id="result-leads")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.result_list.focus()

    def on_screen_resume(self) -> None:
        self.take_pending()

    def take_pending(self) -> None:
        """Start the run the builder asked for, if any."""
        row = self.dorker.pending_search
        if row is not None:
            self.dorker.pending_search = None
            self.start(row)

    def start(self, row: CompiledRow, pages: int = PAGES) -> None:
        """Fetch up to `pages` pages of results for `row` (cancels a running fetch)."""
        self.row = row
        self.results = []
        self.reviews = {}
        self.result_list.clear_options()
        bar = self.query_one(ProgressBar)
        bar.update(total=pages, progress=0)
        bar.display = True
        self._status(f"fetching {row.engine}: {row.query or ''}")
        self._run = self._fetch(row, pages, self.case.id if self.case else None)

    def _status(self, text: str) -> None:
        self.query_one("#run-status", Static).update(literal(text))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _fetch(self, row: CompiledRow, pages: int, case_id: str | None) -> None:
        worker = get_current_worker()
        try:
            for page in self.services.search(row, pages, lambda: worker.is_cancelled, case_id):
                if worker.is_cancelled:
                    break
                self.post_message(SearchPageArrived(page, pages))
                if page.outcome != "ok":
                    self.post_message(Failed(page.message or page.outcome))
                    self.post_message(SearchFinished(page.outcome))
                    return
        except Exception as exc:
            self.post_message(Failed(str(exc)))
            self.post_message(SearchFinished("failed"))
            return
        self.post_message(SearchFinished("cancelled" if worker.is_cancelled else "done"))

    @on(SearchPageArrived)
    def _page(self, message: SearchPageArrived) -> None:
        seen = {str(r.get("url")) for r in self.results}
        new = [r for r in message.page.results if str(r.get("url")) not in seen]
        self.results.extend(new)
        self.query_one(ProgressBar).update(progress=message.page.number)
        self._status(f"page {message.page.number}/{message.total_pages}: "
                     f"{len(self.results)} results (Esc cancels)")
        self._show_results()
        self._load_reviews([str(r.get("url")) for r in new])

    @on(SearchFinished)
    def _finished(self, message: SearchFinished) -> None:
        self.query_one(ProgressBar).display = False
        self._status(f"{message.outcome}: {len(self.results)} results"
                     + (f" for {self.row.engine}: {self.row.query}" if self.row else ""))

    @work(thread=True, group="reviews", exit_on_error=False)
    def _load_reviews(self, urls: list[str]) -> None:
        try:
            self.post_message(ReviewsLoaded(self.services.reviews(urls)))
        except Exception as exc:
            self.post_message(Failed(f"cannot read earlier verdicts: {exc}"))

    @on(ReviewsLoaded)
    def _reviews(self, message: ReviewsLoaded) -> None:
        self.reviews.update(message.reviews)
        self._show_results()

    def _prompt(self, result: Mapping[str, Any]) -> Text:
        url = str(result.get("url", ""))
        review = self.reviews.get(url)
        mark = (f"[{review.verdict}] ", _VERDICT_STYLE.get(review.verdict, "")) if review else (
            "[new] ", "cyan")
        return Text.assemble(mark, literal(str(result.get("title") or url), "bold"), "\n",
                             literal(url, "dim"), "\n",
                             literal(str(result.get("snippet", ""))[:300]))

    def _show_results(self) -> None:
        keep = self.result_list.highlighted
        self.result_list.set_options([Option(self._prompt(r)) for r in self.results])
        if self.results:
            self.result_list.highlighted = min(keep or 0, len(self.results) - 1)

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        result = self.current
        self.query_one(ResultLeads).show(result)
        detail = self.query_one("#result-detail", Static)
        review = self.reviews.get(str(result.get("url"))) if result else None
        if review is None:
            detail.update(Text("not reviewed yet", style="dim"))
        else:
            detail.update(literal(f"{review.verdict} by {review.actor} at "
                                  f"{review.ts[:16].replace('T', ' ')}"
                                  + (f": {review.note}" if review.note else "")
                                  + (f"  #{' #'.join(review.tags)}" if review.tags else "")))

    @property
    def current(self) -> Mapping[str, Any] | None:
        """The highlighted result."""
        index = self.result_list.highlighted
        return self.results[index] if index is not None and index < len(self.results) else None

    def action_verdict(self, verdict: str) -> None:
        """Record a verdict on the highlighted result."""
        result = self.current
        if result is None:
            return
        self._record(self.case.id if self.case else None, str(result.get("url")), verdict,
                     None, ())

    @work(thread=True, group="verdict", exit_on_error=False)
    def _record(self, case_id: str | None, url: str, verdict: str, note: str | None,
                tags: tuple[str, ...]) -> None:
        try:
            review = self.services.record_verdict(case_id, url, verdict, note, tags)
        except Exception as exc:
            self.post_message(Failed(f"cannot record the verdict: {exc}"))
            return
        self.post_message(VerdictRecorded(url, review))

    @on(VerdictRecorded)
    def _recorded(self, message: VerdictRecorded) -> None:
        self.reviews[message.url] = message.review
        self._show_results()
        index = self.result_list.highlighted
        if index is not None and index + 1 < len(self.results):
            self.result_list.highlighted = index + 1  # on to the next result

    def action_note(self) -> None:
        """Add a note and tags (recorded with the earlier verdict, or as 'relevant' if none)."""
        result = self.current
        if result is None:
            return
        url = str(result.get("url"))
        earlier = self.reviews.get(url)

        def done(values: list[str] | None) -> None:
            if values and (values[0].strip() or values[1].strip()):
                verdict = earlier.verdict if earlier else "relevant"
                tags = tuple(split_values(values[1]))
                self._record(self.case.id if self.case else None, url, verdict,
                             values[0].strip() or None, tags)

        self.app.push_screen(PromptModal("Note on this result",
                                         [("note", (earlier.note or "") if earlier else ""),
                                          ("tags, comma-separated", ", ".join(
                                              earlier.tags) if earlier else "")]), done)

    def action_open_result(self) -> None:
        """Open the highlighted result in the browser."""
        result = self.current
        if result is not None:
            self._open(str(result.get("url")))

    @work(thread=True, group="open", exit_on_error=False)
    def _open(self, url: str) -> None:
        how = self.services.open_url(url)
        self.app.call_from_thread(self.notify, how)

    def action_cancel(self) -> None:
        """Stop the running fetch."""
        if self._run is not None and self._run.is_running:
            self._run.cancel()
            self._status("cancelling…")

    def palette_commands(self) -> list[PaletteCommand]:
        return [(f"Verdict: {v}", f"mark the highlighted result {v}",
                 lambda v=v: self.action_verdict(v))
                for v in ("relevant", "irrelevant", "escalate", "duplicate")] + [
                ("Cancel run", "stop fetching pages", self.action_cancel),
                ("Open result", "open the highlighted result", self.action_open_result)]
