"""The source catalog's values: immutable sources with a precomputed lowercase search blob."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Opsec", "Provenance", "Search", "Source"]


@dataclass(frozen=True, slots=True)
class Search:
    """How to search a source: a site dork, a native URL template with `{q}`, or by hand."""

    method: str
    template: str | None = None
    notes: str | None = None

    def url_for(self, query: str) -> str | None:
        """The native search URL for `query` (URL-encoded), or None for other methods."""
        if self.method != "url-template" or not self.template:
            return None
        from urllib.parse import quote_plus

        return self.template.replace("{q}", quote_plus(query))


@dataclass(frozen=True, slots=True)
class Opsec:
    """Whether using the source can be seen by the people searched for, and what to mind."""

    level: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an imported entry came from, under which licence, and at which paths upstream."""

    source: str
    license: str | None = None
    repository: str | None = None
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """One place an investigator can look (a platform, a job board, a registry...)."""

    id: str
    name: str
    kind: str
    domains: tuple[str, ...]
    search: Search
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    patterns: tuple[str, ...]
    access: str
    opsec: Opsec
    status: str
    references: tuple[str, ...] = ()
    url: str | None = None
    notes: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    provenance: Provenance | None = None
    origin: str | None = None
    """Where the entry is written (`file:line`), for messages; not part of the entry."""
    blob: str = field(default="", repr=False, compare=False)
    """Lowercase text searched by `--search` (name, id, domains, notes...), built once."""

    def __post_init__(self) -> None:
        if not self.blob:
            parts = self.search_parts()
            object.__setattr__(self, "blob", "\n".join(p for p in parts if p).casefold())

    def search_parts(self) -> list[str]:
        """What a text search looks in, in this order: id, name, each domain, the notes (the
        entry's, its search's, its opsec's), categories, tags, url ("" where there is none)."""
        return [self.id, self.name, *self.domains, self.notes or "", self.search.notes or "",
                self.opsec.note or "", *self.categories, *self.tags, self.url or ""]

    def to_dict(self) -> dict[str, Any]:
        """The entry as plain data, in the catalog's YAML/JSON field names."""
        out: dict[str, Any] = {
            "id": self.id, "name": self.name, "kind": self.kind, "domains": list(self.domains),
            "search": {"method": self.search.method, "template": self.search.template,
                       "notes": self.search.notes},
            "countries": list(self.countries), "languages": list(self.languages),
            "patterns": list(self.patterns), "access": self.access,
            "opsec": {"level": self.opsec.level, "note": self.opsec.note},
            "status": self.status, "references": list(self.references),
        }
        if self.url is not None:
            out["url"] = self.url
        if self.notes is not None:
            out["notes"] = self.notes
        if self.categories:
            out["categories"] = list(self.categories)
        if self.tags:
            out["tags"] = list(self.tags)
        if self.provenance is not None:
            out["provenance"] = {"source": self.provenance.source,
                                 "license": self.provenance.license,
                                 "repository": self.provenance.repository,
                                 "paths": list(self.provenance.paths)}
        return out
