"""Helpers for leads tests: a store with cases, and search results recorded the way
`dorker search` records them (a `search.run` event whose outcome holds the results)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from dorker.config import load_config
from dorker.store.base import EventStore
from dorker.store.cases import create_case
from dorker.store.session import open_configured_store

Ad = tuple[str, str, str]  # url, title, snippet


@contextmanager
def store() -> Iterator[EventStore]:
    with open_configured_store(load_config(), create=True) as opened:
        yield opened


def new_cases(*titles: str) -> list[str]:
    with store() as opened:
        return [str(create_case(opened, title, [], actor="test-officer").case_id)
                for title in titles]


def record_results(case_id: str, ads: Sequence[Ad], *, provider: str = "searxng") -> int:
    """One `search.run` event carrying `ads` as its results; returns its sequence number."""
    results = [{"url": url, "title": title, "snippet": snippet, "engines": ["google"],
                "position": index + 1, "page": 1, "published": None, "provider": provider,
                "extra": {}} for index, (url, title, snippet) in enumerate(ads)]
    payload = {"engine": "google", "query": "malaysia visa", "url": "https://www.google.com/",
               "dork": "malaysia visa", "provider": provider, "page": 1,
               "outcome": {"status": "ok", "message": "ok", "query": "malaysia visa",
                           "retry_after": None, "offer_browser": False, "notes": [],
                           "request": {}, "results": results}}
    with store() as opened:
        return opened.append("search.run", payload, actor="test-officer", case_id=case_id).seq


THREE_WAYS: list[Ad] = [
    ("https://www.facebook.com/malaysia.visa.bd/posts/1", "মালয়েশিয়া ভিসা",
     "খরচ ৩ লাখ ৫০ হাজার টাকা, কল করুন 01712-345678"),
    ("https://classifieds.example.com/ad/77", "Factory job Malaysia",
     "WhatsApp +880 1712 345 678, salary RM 1,500"),
    ("https://www.example.net/jobs/kl", "KL jobs", "ইমু ০১৭১২৩৪৫৬৭৮ অথবা ভিসা"),
]
"""Three ads giving one number three ways: local, +880 spaced, Bengali digits."""

OTHER_NUMBER: Ad = ("https://example.org/other", "Other agent", "IMO 01812-999888, fee 4 lakh")
