"""Merging results across engines, pages and runs, and grouping them by registered domain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dorker.results.domains import registered_domain
from dorker.results.model import Result
from dorker.results.normalize import normalize_url

__all__ = ["MergedResult", "Sighting", "group_by_domain", "merge_results"]


@dataclass(frozen=True, slots=True)
class Sighting:
    """Where one result was seen: provider, engine, page and 1-based position on that page."""

    provider: str
    engine: str
    page: int
    position: int


@dataclass(slots=True)
class MergedResult:
    """One page (normalised URL), every place it was seen, and its first title and snippet."""

    url: str
    """The normalised URL (the dedup key)."""
    original_url: str
    title: str
    snippet: str
    domain: str
    published: str | None = None
    sightings: list[Sighting] = field(default_factory=list)

    @property
    def engines(self) -> tuple[str, ...]:
        """Distinct engines that returned it, in first-seen order."""
        return tuple(dict.fromkeys(s.engine for s in self.sightings))

    @property
    def best_position(self) -> int:
        """The best (lowest) position among its sightings on their first page."""
        return min((s.page, s.position) for s in self.sightings)[1] if self.sightings else 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {"url": self.url, "original_url": self.original_url, "title": self.title,
                "snippet": self.snippet, "domain": self.domain, "published": self.published,
                "engines": list(self.engines),
                "sightings": [{"provider": s.provider, "engine": s.engine, "page": s.page,
                               "position": s.position} for s in self.sightings]}


def merge_results(results: Iterable[Result],
                  into: dict[str, MergedResult] | None = None) -> list[MergedResult]:
    """Deduplicate by normalised URL, keeping first-seen order and merging engines and positions.

    Pass the dict from an earlier call as `into` to merge further pages or runs into it.
    """
    merged: dict[str, MergedResult] = {} if into is None else into
    for result in results:
        key = normalize_url(result.url)
        item = merged.get(key)
        if item is None:
            item = MergedResult(url=key, original_url=result.url, title=result.title,
                                snippet=result.snippet, domain=registered_domain(key),
                                published=result.published)
            merged[key] = item
        else:
            item.title = item.title or result.title
            item.snippet = item.snippet or result.snippet
            item.published = item.published or result.published
        for engine in result.engines or (result.provider,):
            sighting = Sighting(result.provider, engine, result.page, result.position)
            if sighting not in item.sightings:
                item.sightings.append(sighting)
    return list(merged.values())


def group_by_domain(results: Iterable[MergedResult]) -> dict[str, list[MergedResult]]:
    """Results grouped by registered domain; groups in first-seen order."""
    groups: dict[str, list[MergedResult]] = {}
    for item in results:
        groups.setdefault(item.domain, []).append(item)
    return groups
