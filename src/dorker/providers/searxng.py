"""SearXNG JSON API (a self-hosted instance: the recommended automated path).

`GET {base}/search?q=&format=json&pageno=&language=&time_range=&safesearch=&engines=`.
JSON must be enabled on the instance (`search.formats: [html, json]`); otherwise HTTP 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dorker.providers.base import BadResponse, Parsed, Provider, excerpt, json_error_text
from dorker.providers.fetch import Prepared
from dorker.results.model import Result

if TYPE_CHECKING:
    from dorker.config import Config
    from dorker.providers.fetch import Fetched
    from dorker.providers.model import SearchOptions, Status

__all__ = ["SearxngProvider"]


class SearxngProvider(Provider):
    """SearXNG: no key; `engines=` picks the underlying engine (google, bing, duckduckgo...)."""

    name = "searxng"
    label = "SearXNG"
    max_pages = 50  # SearXNG has no hard limit; past a few pages engines return nothing

    def missing(self, config: Config) -> str | None:
        if config.providers.searxng.url:
            return None
        return "set DORKER_SEARXNG_URL or [providers.searxng] url to your instance"

    def secrets(self, config: Config) -> tuple[str, ...]:
        return ()

    def prepare(self, query: str, engine: str | None, page: int, options: SearchOptions,
                config: Config) -> Prepared:
        base = (config.providers.searxng.url or "").rstrip("/")
        params: list[tuple[str, str]] = [("q", query), ("format", "json"), ("pageno", str(page))]
        if options.language:
            params.append(("language", options.language))
        if options.time_range:
            params.append(("time_range", options.time_range))
        if options.safesearch is not None:
            params.append(("safesearch", str(options.safesearch)))
        if engine:
            params.append(("engines", engine))
        return Prepared("GET", f"{base}/search", tuple(params))

    def parse(self, data: Any, page: int, engine: str | None) -> Parsed:
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise BadResponse("no 'results' list")
        results: list[Result] = []
        for index, item in enumerate(data.get("results") or [], start=1):
            if not isinstance(item, dict) or not isinstance(item.get("url"), str):
                continue  # an infobox-like row without a URL: nothing to review
            engines = item.get("engines")
            names = tuple(str(e) for e in engines) if isinstance(engines, list) else ()
            if not names and isinstance(item.get("engine"), str):
                names = (item["engine"],)
            positions = item.get("positions")
            extra = {"positions": [int(p) for p in positions if isinstance(p, int)]} \
                if isinstance(positions, list) else {}
            published = item.get("publishedDate")
            results.append(Result(
                url=item["url"], title=str(item.get("title") or ""),
                snippet=str(item.get("content") or ""), engines=names, position=index,
                page=page, published=published if isinstance(published, str) else None,
                provider=self.name, extra=extra))
        parsed = Parsed(results)
        failed = [(str(e[0]), str(e[1])) for e in data.get("unresponsive_engines") or []
                  if isinstance(e, list | tuple) and len(e) >= 2]
        if failed:
            listed = ", ".join(f"{excerpt(n, 40)} ({excerpt(r, 60)})" for n, r in failed)
            parsed.notes.append(f"engines that did not answer: {listed}")
        if not results and failed:
            parsed.status, parsed.message = _engine_failure(failed)
        return parsed

    def classify(self, fetched: Fetched, data: Any) -> tuple[Status, str]:
        code = fetched.status_code or 0
        if code == 403:
            return ("forbidden", "SearXNG refused the JSON format (HTTP 403): add `json` to "
                    "search.formats in its settings.yml, or open the query in the browser")
        if code == 429:
            return ("rate-limited", "SearXNG's limiter refused the request (HTTP 429): slow down "
                    "or open the query in the browser")
        detail = excerpt(json_error_text(data)) if data is not None else ""
        return ("http-error", f"SearXNG answered HTTP {code}" + (f": {detail}" if detail else ""))


def _engine_failure(failed: list[tuple[str, str]]) -> tuple[Status, str]:
    reasons = " ".join(r.lower() for _, r in failed)
    names = ", ".join(excerpt(n, 40) for n, _ in failed)
    if "captcha" in reasons:
        return "captcha", (f"SearXNG's engine(s) {names} hit a CAPTCHA: open the query in the "
                           "browser (dorker never solves CAPTCHAs)")
    if "too many requests" in reasons:
        return "rate-limited", (f"SearXNG's engine(s) {names} are rate-limited: try later or "
                                "open the query in the browser")
    if "access denied" in reasons or "blocked" in reasons:
        return "blocked", (f"SearXNG's engine(s) {names} were blocked: "
                           "open the query in the browser")
    if "timeout" in reasons:
        return "timeout", (f"SearXNG's engine(s) {names} timed out: try again or "
                           "open the query in the browser")
    return "http-error", f"SearXNG's engine(s) {names} failed: open the query in the browser"
