"""Filters over the catalog, cheap enough to run on every keystroke over 10,000 sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dorker.catalog.model import Source

__all__ = ["SourceFilter", "filter_sources"]


@dataclass(frozen=True, slots=True)
class SourceFilter:
    """What to keep. Empty fields keep everything.

    A source with no countries (or no languages) is worldwide (any language), so it is kept by a
    country (language) filter: Facebook matters to a Bangladesh case. Patterns are a curation
    decision, so `pattern` keeps only sources that name the pattern.
    """

    pattern: str | None = None
    country: str | None = None
    kind: str | None = None
    language: str | None = None
    text: str | None = None

    def matches(self, source: Source) -> bool:
        """Whether `source` passes every given criterion."""
        if self.kind and source.kind != self.kind:
            return False
        if self.pattern and self.pattern not in source.patterns:
            return False
        if self.country and source.countries and self.country.upper() not in source.countries:
            return False
        if (self.language and source.languages
                and self.language.lower() not in source.languages):
            return False
        if self.text:
            blob = source.blob
            return all(word in blob for word in self.text.casefold().split())
        return True


def filter_sources(sources: Iterable[Source], spec: SourceFilter) -> list[Source]:
    """The sources that pass `spec`, in catalog order."""
    return [s for s in sources if spec.matches(s)]
