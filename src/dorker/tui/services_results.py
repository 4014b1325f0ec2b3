"""Results for the terminal app: earlier verdicts, new verdicts, result pages fetched through
the configured provider, and URLs opened in the browser.

Part of `dorker.tui.services.Services` (blocking; used from thread workers). Each page fetched
and each verdict is recorded with the payload the CLI writes. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from dorker.store.events import new_command_id
from dorker.tui.models import (
    ACTION_REVIEWED,
    ACTION_SEARCHED,
    VERDICTS,
    CompiledRow,
    ReviewInfo,
    SearchPage,
    ServiceUnavailable,
)
from dorker.tui.services_base import ServicesBase

__all__ = ["ResultServices"]


class ResultServices(ServicesBase):
    """Verdicts, result pages and the browser (part of `Services`)."""

    def reviews(self, urls: Sequence[str]) -> dict[str, ReviewInfo]:
        """Earlier verdicts on these URLs (latest wins), keyed by the URL as given.

        Read from the record itself (the reviewed-URL index is a cache of it), so the screen
        is right even when the index was deleted and not yet rebuilt.
        """
        from dorker.store.base import EventFilter

        wanted = {_norm(u): u for u in urls}
        out: dict[str, ReviewInfo] = {}
        with self._lock:
            for event in self._open().iter_events(EventFilter(action=ACTION_REVIEWED)):
                key = _norm(str(event.payload.get("url", "")))
                if key in wanted:
                    out[wanted[key]] = ReviewInfo(
                        str(event.payload.get("verdict")), event.actor, event.ts,
                        event.payload.get("note"),
                        tuple(str(t) for t in event.payload.get("tags") or ()))
        return out

    def record_verdict(self, case_id: str | None, url: str, verdict: str,
                       note: str | None = None, tags: Sequence[str] = ()) -> ReviewInfo:
        """Record a verdict on a result (with an optional note and tags)."""
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        from dorker.results.reviewed import ReviewedIndex

        key = _norm(url)
        with self._lock:
            event = self._open().append(ACTION_REVIEWED, {
                "url": key, "original_url": url, "verdict": verdict, "note": note or "",
                "tags": list(tags), "via": "tui"}, actor=self.actor, case_id=case_id)
            with ReviewedIndex.default() as index:  # the same index `dorker search` reads
                index.mark(key, verdict, event.actor, event.ts, note or "", tags)
        return ReviewInfo(verdict, event.actor, event.ts, note, tuple(tags))

    def search(self, row: CompiledRow, pages: int, cancelled: Callable[[], bool],
               case_id: str | None = None) -> Iterator[SearchPage]:
        """Fetch result pages through the first configured provider, page by page.

        Each page is recorded as `search.run` with the payload `dorker search` writes.
        A failed page (blocked, CAPTCHA, quota...) ends the run with its one-line reason.
        """
        from dorker.i18n import _
        from dorker.providers.service import PROVIDERS, Searcher

        provider = next((p for p in PROVIDERS.values() if p.missing(self.config) is None), None)
        if provider is None:
            raise ServiceUnavailable(_("no result provider is configured (DORKER_SEARXNG_URL, "
                                       "DORKER_BRAVE_API_KEY...): open the query in the "
                                       "browser instead (o)"))
        if not row.query:
            raise ServiceUnavailable(_("nothing to search"))
        engine = row.engine if provider.name == "searxng" else None
        command_id = new_command_id()  # the pages of one run count as one command
        with Searcher(self.config) as searcher:
            for number in range(1, min(pages, provider.max_pages) + 1):
                if cancelled():
                    return
                outcome = searcher.search(provider.name, row.query, engine, number)
                with self._lock:
                    self._open().append(ACTION_SEARCHED, {
                        "engine": row.engine, "query": row.query, "url": row.url,
                        "query_id": row.query_id or None, "provider": provider.name,
                        "page": number, "outcome": outcome.to_dict(), "via": "tui",
                        "command_id": command_id},
                        actor=self.actor, case_id=case_id)
                yield SearchPage(number, tuple(r.to_dict() for r in outcome.results),
                                 "ok" if outcome.ok else outcome.status, outcome.message)
                if not outcome.ok or not outcome.results:
                    return

    def open_url(self, url: str) -> str:
        """Open `url` in the system browser, or say why it was not (then copy it)."""
        from dorker.browser import open_urls

        result = open_urls([url])
        return "opened in the browser" if result.opened else result.reason




def _norm(url: str) -> str:
    try:
        from dorker.results.normalize import normalize_url

        return normalize_url(url)
    except Exception:  # a URL the normaliser refuses still matches itself
        return url.strip()
