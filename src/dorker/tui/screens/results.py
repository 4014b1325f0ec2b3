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

from dorker.i18n import N_, _, ngettext
from dorker.tui.labels import run_label, verdict_label
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
from dorker.tui.text import clip, literal
from dorker.tui.widgets.keybar import KeyBar
from dorker.tui.widgets.result_leads import ResultLeads

__all__ = ["ResultsScreen"]

PAGES = 3
_VERDICT_STYLE = {"relevant": "bold green", "escalate": "bold red", "irrelevant": "dim",
                  "duplicate": "dim italic"}


def guide() -> Text:
    """What this screen is for, before the first run (in the interface language)."""
    return Text.assemble(
        (_("No provider run yet."), "bold"), "\n",
        _("In the builder (F2), highlight a query and press r to fetch its results through the "
          "configured provider (SearXNG, Brave...). Results appear here to review: r relevant, "
          "i irrelevant, e escalate, d duplicate, n note, o open, Enter all of it."), "\n",
        _("A result is a lead, not proof."))


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
        Binding("r", "verdict('relevant')", N_("Relevant"), id="verdict-relevant"),
        Binding("i", "verdict('irrelevant')", N_("Irrelevant"), id="verdict-irrelevant"),
        Binding("e", "verdict('escalate')", N_("Escalate"), id="verdict-escalate"),
        Binding("d", "verdict('duplicate')", N_("Duplicate"), id="verdict-duplicate"),
        Binding("n", "note", N_("Note"), id="result-note"),
        Binding("o", "open_result", N_("Open"), id="open-result"),
        Binding("escape", "cancel", N_("Cancel run"), id="cancel-run"),
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
        yield Static(Text(_("no run"), style="dim"), id="run-status")
        yield ProgressBar(total=PAGES, show_eta=False, id="run-progress")
        yield OptionList(Option(guide(), disabled=True), id="results")
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
        self._status(_("fetching {engine}: {query}").format(engine=row.engine,
                                                            query=row.query or ""))
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
        self._status(ngettext("page {page}/{pages}: {count} result (Esc cancels)",
                              "page {page}/{pages}: {count} results (Esc cancels)",
                              len(self.results)).format(page=message.page.number,
                                                        pages=message.total_pages,
                                                        count=len(self.results)))
        self._show_results()
        self._load_reviews([str(r.get("url")) for r in new])

    @on(SearchFinished)
    def _finished(self, message: SearchFinished) -> None:
        self.query_one(ProgressBar).display = False
        count = len(self.results)
        if self.row:
            text = ngettext("{outcome}: {count} result for {engine}: {query}",
                            "{outcome}: {count} results for {engine}: {query}", count)
        else:
            text = ngettext("{outcome}: {count} result", "{outcome}: {count} results", count)
        self._status(text.format(outcome=run_label(message.outcome), count=count,
                                 engine=self.row.engine if self.row else "",
                                 query=(self.row.query or "") if self.row else ""))

    @work(thread=True, group="reviews", exit_on_error=False)
    def _load_reviews(self, urls: list[str]) -> None:
        try:
            self.post_message(ReviewsLoaded(self.services.reviews(urls)))
        except Exception as exc:
            self.post_message(Failed(_("cannot read earlier verdicts: {error}").format(
                error=exc)))

    @on(ReviewsLoaded)
    def _reviews(self, message: ReviewsLoaded) -> None:
        self.reviews.update(message.reviews)
        self._show_results()

    def _prompt(self, result: Mapping[str, Any]) -> Text:
        url = str(result.get("url", ""))
        review = self.reviews.get(url)
        mark = (f"[{verdict_label(review.verdict)}] ", _VERDICT_STYLE.get(review.verdict, "")) \
            if review else ("[" + _("new") + "] ", "cyan")
        return Text.assemble(mark, literal(str(result.get("title") or url), "bold"), "\n",
                             literal(url, "dim"), "\n",
                             literal(clip(str(result.get("snippet", "")), 300)))

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
            detail.update(Text(_("not reviewed yet"), style="dim"))
        else:
            detail.update(literal(_review_text(review)
                                  + (f": {review.note}" if review.note else "")
                                  + (f"  #{' #'.join(review.tags)}" if review.tags else "")))

    @on(OptionList.OptionSelected, "#results")
    def _selected(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        """The highlighted result in full: title, address, the whole snippet, its verdict."""
        result = self.current
        if result is None:
            return
        url = str(result.get("url", ""))
        review = self.reviews.get(url)
        fields = [(_("title"), str(result.get("title") or "")), (_("address"), url),
                  (_("snippet"), str(result.get("snippet") or ""))]
        if review is not None:
            fields += [(_("verdict"), _review_text(review)), (_("note"), review.note or ""),
                       (_("tags"), ", ".join(review.tags))]
        from dorker.tui.modals.details import DetailsModal

        self.app.push_screen(DetailsModal(str(result.get("title") or url), fields))

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
            self.post_message(Failed(_("cannot record the verdict: {error}").format(
                error=exc)))
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

        self.app.push_screen(PromptModal(_("Note on this result"),
                                         [(_("note"), (earlier.note or "") if earlier else ""),
                                          (_("tags, comma-separated"), ", ".join(
                                              earlier.tags) if earlier else "")]), done)

    def action_open_result(self) -> None:
        """Open the highlighted result in the browser."""
        result = self.current
        if result is not None:
            self._open(str(result.get("url")))

    @work(thread=True, group="open", exit_on_error=False)
    def _open(self, url: str) -> None:
        how = self.services.open_url(url)
        self.app.call_from_thread(self.notify, _(how))

    def action_cancel(self) -> None:
        """Stop the running fetch."""
        if self._run is not None and self._run.is_running:
            self._run.cancel()
            self._status(_("cancelling…"))

    def palette_commands(self) -> list[PaletteCommand]:
        return [(_("Verdict: {verdict}").format(verdict=verdict_label(v)),
                 _("mark the highlighted result {verdict}").format(verdict=verdict_label(v)),
                 lambda v=v: self.action_verdict(v))
                for v in ("relevant", "irrelevant", "escalate", "duplicate")] + [
                (_("Cancel run"), _("stop fetching pages"), self.action_cancel),
                (_("Open result"), _("open the highlighted result"), self.action_open_result),
                (_("Show the result in full"), _("title, address, the whole snippet, the verdict"),
                 self.action_details)]


def _review_text(review: ReviewInfo) -> str:
    """`relevant by officer at 2026-11-02 10:00`, in the interface language."""
    return _("{verdict} by {actor} at {time}").format(
        verdict=verdict_label(review.verdict), actor=review.actor,
        time=review.ts[:16].replace("T", " "))
