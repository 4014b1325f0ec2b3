"""Google Custom Search JSON API (closed to new customers; it ends on 2027-01-01).

`GET https://customsearch.googleapis.com/customsearch/v1?key=&cx=&q=&num=&start=`: `num` ≤ 10,
`start` is 1-based and `start + num` ≤ 100. The key travels in the URL: it is redacted in every
text dorker makes. A missing `items` means no results.
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

__all__ = ["DEFAULT_GOOGLE_CSE_URL", "SUNSET_NOTE", "GoogleCSEProvider"]

DEFAULT_GOOGLE_CSE_URL = "https://customsearch.googleapis.com/customsearch/v1"
SUNSET_NOTE = ("Google's Custom Search JSON API ends on 2027-01-01 (closed to new customers): "
               "plan a move to SearXNG")
_DATE = {"day": "d1", "week": "w1", "month": "m1", "year": "y1"}
_QUOTA_REASONS = ("dailylimitexceeded", "quotaexceeded", "billingnotenabled", "per day")
_RATE_REASONS = ("ratelimitexceeded", "userratelimitexceeded")


class GoogleCSEProvider(Provider):
    """Google CSE (10 results a page; at most 100 results per query)."""

    name = "google-cse"
    label = "Google Custom Search JSON API"
    max_pages = 10

    def missing(self, config: Config) -> str | None:
        cse = config.providers.google_cse
        lacking = [n for n, v in (("DORKER_GOOGLE_CSE_KEY", cse.key),
                                  ("DORKER_GOOGLE_CSE_CX", cse.cx)) if not v]
        if not lacking:
            return None
        return f"set {' and '.join(lacking)} (or [providers.google_cse] key/cx)"

    def secrets(self, config: Config) -> tuple[str, ...]:
        key = config.providers.google_cse.key
        return (key,) if key else ()

    def prepare(self, query: str, engine: str | None, page: int, options: SearchOptions,
                config: Config) -> Prepared:
        cse = config.providers.google_cse
        url = cse.url or DEFAULT_GOOGLE_CSE_URL
        num = min(10, max(1, options.per_page or 10))
        start = (page - 1) * num + 1
        num = min(num, 100 - start)  # Google refuses start + num > 100
        params: list[tuple[str, str]] = [("key", cse.key or ""), ("cx", cse.cx or ""),
                                         ("q", query), ("num", str(num)), ("start", str(start))]
        if options.language:
            params.append(("lr", f"lang_{options.language}"))
        if options.country:
            params.append(("gl", options.country.lower()))
        if options.time_range:
            params.append(("dateRestrict", _DATE[options.time_range]))
        if options.safesearch is not None:
            params.append(("safe", "off" if options.safesearch == 0 else "active"))
        return Prepared("GET", url, tuple(params), secret_params=frozenset({"key"}),
                        secrets=(cse.key or "",))

    def parse(self, data: Any, page: int, engine: str | None) -> Parsed:
        if not isinstance(data, dict) or not {"kind", "items", "queries",
                                              "searchInformation"} & data.keys():
            raise BadResponse("not a Custom Search answer")
        items = data.get("items", [])  # left out when nothing matched
        if not isinstance(items, list):
            raise BadResponse("items is not a list")
        results = [
            Result(url=item["link"], title=str(item.get("title") or ""),
                   snippet=str(item.get("snippet") or ""), engines=("google",), position=index,
                   page=page, published=None, provider=self.name)
            for index, item in enumerate(items, start=1)
            if isinstance(item, dict) and isinstance(item.get("link"), str)
        ]
        return Parsed(results)

    def should_retry(self, fetched: Fetched) -> bool:
        text = fetched.body[:20_000].decode("utf-8", "replace").lower()
        return not any(reason in text for reason in _QUOTA_REASONS)

    def classify(self, fetched: Fetched, data: Any) -> tuple[Status, str]:
        code = fetched.status_code or 0
        detail = excerpt(json_error_text(data)) if data is not None else ""
        reasons = _reasons(data) + " " + detail.lower()
        suffix = f": {detail}" if detail else ""
        if any(r in reasons for r in _QUOTA_REASONS):
            return ("quota-exhausted", f"the Google CSE daily quota is used up (HTTP {code}): "
                    "open the query in the browser")
        if code == 429 or any(r in reasons for r in _RATE_REASONS):
            return ("rate-limited", f"Google CSE rate limit hit (HTTP {code}): try later or open "
                    "the query in the browser")
        if code in (401, 403) or "keyinvalid" in reasons or "api key not valid" in reasons:
            return "forbidden", f"Google CSE refused the key or engine id (HTTP {code}){suffix}"
        return "http-error", f"Google CSE answered HTTP {code}{suffix}"

    def notes(self) -> list[str]:
        return [SUNSET_NOTE]


def _reasons(data: Any) -> str:
    if not isinstance(data, dict) or not isinstance(data.get("error"), dict):
        return ""
    err = data["error"]
    parts = [str(err.get("status", ""))]
    for item in err.get("errors") or []:
        if isinstance(item, dict):
            parts.append(str(item.get("reason", "")))
    return " ".join(parts).lower()
