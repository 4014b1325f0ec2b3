"""Brave Search API: `GET /res/v1/web/search` with the `X-Subscription-Token` header.

`count` is at most 20 and `offset` is a **page index** 0–9 (not a result index), so at most ten
pages. Over the rate limit: HTTP 429; `X-RateLimit-Remaining` holds one value per window
(per second, per month): a 0 in the monthly window means the quota is gone.
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

__all__ = ["DEFAULT_BRAVE_URL", "BraveProvider"]

DEFAULT_BRAVE_URL = "https://api.search.brave.com"
_FRESHNESS = {"day": "pd", "week": "pw", "month": "pm", "year": "py"}
_SAFE = {0: "off", 1: "moderate", 2: "strict"}


class BraveProvider(Provider):
    """Brave Search API (paid credits; 20 results a page, 10 pages)."""

    name = "brave"
    label = "Brave Search API"
    max_pages = 10

    def missing(self, config: Config) -> str | None:
        if config.providers.brave.api_key:
            return None
        return "set DORKER_BRAVE_API_KEY (or [providers.brave] api_key in a chmod-600 config)"

    def secrets(self, config: Config) -> tuple[str, ...]:
        key = config.providers.brave.api_key
        return (key,) if key else ()

    def prepare(self, query: str, engine: str | None, page: int, options: SearchOptions,
                config: Config) -> Prepared:
        base = (config.providers.brave.url or DEFAULT_BRAVE_URL).rstrip("/")
        count = min(20, max(1, options.per_page or 20))
        params: list[tuple[str, str]] = [("q", query), ("count", str(count)),
                                         ("offset", str(page - 1)), ("text_decorations", "false")]
        if options.country:
            params.append(("country", options.country.upper()))
        if options.language:
            params.append(("search_lang", options.language.lower()))
        if options.time_range:
            params.append(("freshness", _FRESHNESS[options.time_range]))
        if options.safesearch is not None:
            params.append(("safesearch", _SAFE[options.safesearch]))
        key = config.providers.brave.api_key or ""
        return Prepared("GET", f"{base}/res/v1/web/search", tuple(params),
                        headers={"X-Subscription-Token": key, "Accept": "application/json"},
                        secrets=(key,))

    def parse(self, data: Any, page: int, engine: str | None) -> Parsed:
        if not isinstance(data, dict) or not {"type", "query", "web"} & data.keys():
            raise BadResponse("not a Brave search answer")
        web = data.get("web") or {}
        items = web.get("results") if isinstance(web, dict) else None
        if items is None:
            items = []  # no `web` section: nothing matched
        if not isinstance(items, list):
            raise BadResponse("web.results is not a list")
        results = [
            Result(url=item["url"], title=str(item.get("title") or ""),
                   snippet=str(item.get("description") or ""), engines=(self.name,),
                   position=index, page=page,
                   published=_text(item.get("page_age")) or _text(item.get("age")),
                   provider=self.name)
            for index, item in enumerate(items, start=1)
            if isinstance(item, dict) and isinstance(item.get("url"), str)
        ]
        return Parsed(results)

    def should_retry(self, fetched: Fetched) -> bool:
        return not _quota_gone(fetched)

    def classify(self, fetched: Fetched, data: Any) -> tuple[Status, str]:
        code = fetched.status_code or 0
        detail = excerpt(json_error_text(data)) if data is not None else ""
        suffix = f": {detail}" if detail else ""
        if code in (401, 403):
            return "forbidden", f"Brave rejected the subscription token (HTTP {code}){suffix}"
        if code == 402 or _quota_gone(fetched) or "usage_limit" in detail.lower() \
                or "quota" in detail.lower():
            return ("quota-exhausted", f"the Brave Search API quota is used up (HTTP {code}): "
                    "open the query in the browser")
        if code == 429:
            return ("rate-limited", "the Brave Search API rate limit was hit (HTTP 429): try later "
                    "or open the query in the browser")
        return "http-error", f"the Brave Search API answered HTTP {code}{suffix}"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _quota_gone(fetched: Fetched) -> bool:
    """A 0 in any window after the first (per-second) one of `X-RateLimit-Remaining`."""
    if fetched.status_code != 429:
        return False
    values = [v.strip() for v in fetched.headers.get("x-ratelimit-remaining", "").split(",")]
    return any(v == "0" for v in values[1:])
