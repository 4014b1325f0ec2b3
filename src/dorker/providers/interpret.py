"""Turning what came back (or did not) into one outcome with a status and a one-line message."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

from dorker.providers.base import BadResponse, Provider
from dorker.providers.detect import looks_like_block, looks_like_captcha, looks_like_html
from dorker.providers.fetch import Fetched
from dorker.providers.model import RequestInfo, SearchOutcome, Status
from dorker.providers.redact import Redactor
from dorker.results.model import Result

__all__ = ["BROWSER", "from_cache", "interpret", "one_line", "scrub"]

BROWSER = "open the query in the browser instead (dorker open)"


def one_line(text: str, provider: Provider) -> str:
    """`text` on one line, with Google CSE's sunset warning appended for that provider."""
    note = "; note: this API ends on 2027-01-01" if provider.name == "google-cse" else ""
    return " ".join((text + note).split())


def from_cache(entry: dict[str, Any], info: RequestInfo, provider: Provider,
               query: str) -> SearchOutcome:
    """The `cached` outcome for a stored entry (no request was sent)."""
    results = tuple(Result.from_dict(r) for r in entry.get("results", []))
    cached = RequestInfo(info.provider, info.engine, info.page, info.endpoint, info.params,
                         from_cache=True, http_status=entry.get("http_status"), attempts=0,
                         cache_key=info.cache_key, fetched_at=entry.get("fetched_at"))
    message = (f"{len(results)} results from {provider.label} (page {info.page}), served from the "
               f"cache (fetched {entry.get('fetched_at')}); no request sent")
    return SearchOutcome("cached", one_line(message, provider), cached, results, query=query,
                         notes=tuple(entry.get("notes", ())))


def interpret(provider: Provider, fetched: Fetched, info: RequestInfo, query: str, page: int,
              engine: str | None, timeout: float, max_bytes: int) -> SearchOutcome:
    """The outcome of a fetch: transport failure, CAPTCHA/block page, HTTP error, or results."""
    label = provider.label
    retry_after = math.ceil(fetched.retry_after) if fetched.retry_after is not None else None
    notes = tuple(provider.notes())

    def fail(status: Status, message: str, extra: tuple[str, ...] = ()) -> SearchOutcome:
        if retry_after is not None and status in ("rate-limited", "quota-exhausted"):
            message = f"{message} (the provider asked to wait {retry_after} s)"
        return SearchOutcome(status, one_line(message, provider), info, retry_after=retry_after,
                             query=query, offer_browser=True, notes=notes + extra)

    if fetched.error == "timeout":
        return fail("timeout", f"{label} did not answer within {timeout:g} s "
                    f"({fetched.error_message}); try again or {BROWSER}")
    if fetched.error == "connect":
        return fail("http-error", f"could not reach {label}: {fetched.error_message}; {BROWSER}")
    if fetched.error == "too-large":
        return fail("bad-response", f"{label} sent a response over the {max_bytes}-byte limit "
                    f"({fetched.error_message}); {BROWSER}")
    code = fetched.status_code or 0
    content_type = fetched.headers.get("content-type", "")
    text = fetched.body.decode("utf-8", "replace")
    data: Any = None
    if not looks_like_html(text, content_type) or "json" in content_type:
        try:
            data = json.loads(text)
        except ValueError:
            data = None
    if data is None and text.strip():
        if looks_like_captcha(text):
            return fail("captcha", f"{label} answered with a CAPTCHA page (HTTP {code}); dorker "
                        f"never solves CAPTCHAs: {BROWSER}")
        if looks_like_html(text, content_type) and looks_like_block(text):
            return fail("blocked", f"{label} answered with a block page (HTTP {code}): {BROWSER}")
    if 300 <= code < 400:
        return fail("bad-response", f"{label} answered with a redirect (HTTP {code}) instead of "
                    f"JSON (a !!bang query, or a wrong URL?); {BROWSER}")
    if not 200 <= code < 300:
        status, message = provider.classify(fetched, data)
        if "browser" not in message:
            message = f"{message}; {BROWSER}"
        return fail(status, message)
    if data is None:
        if looks_like_html(text, content_type):
            return fail("bad-response", f"{label} sent an HTML page instead of JSON (is the URL "
                        f"right, and JSON enabled?); {BROWSER}")
        return fail("bad-response", f"{label} sent malformed JSON; {BROWSER}")
    try:
        parsed = provider.parse(data, page, engine)
    except BadResponse as exc:
        return fail("bad-response", f"{label} sent JSON of an unexpected shape ({exc}); {BROWSER}")
    if parsed.status is not None:
        return fail(parsed.status, parsed.message or parsed.status, tuple(parsed.notes))
    where = f" via {engine}" if engine and provider.name == "searxng" else ""
    message = f"{len(parsed.results)} results from {label}{where} (page {page})"
    return SearchOutcome("ok", one_line(message, provider), info, tuple(parsed.results),
                         query=query, notes=notes + tuple(parsed.notes))


def scrub(outcome: SearchOutcome, redactor: Redactor) -> SearchOutcome:
    """Belt and braces: no secret in the message or notes, whatever a provider echoed."""
    return replace(outcome, message=redactor.redact(outcome.message),
                   notes=tuple(redactor.redact(n) for n in outcome.notes))
