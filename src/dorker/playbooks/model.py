"""Playbook values (what a YAML playbook file holds, checked) and lint findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dorker.engines.authored import AuthoredSearch
from dorker.errors import Location

__all__ = [
    "PATTERNS",
    "REVIEW_LEVELS",
    "STATUSES",
    "Example",
    "Finding",
    "KeywordList",
    "Playbook",
    "Query",
    "Reference",
    "Variable",
]

PATTERNS = ("fake-jobs", "document-sellers", "route-offers", "recruitment-fees",
            "selector-pivots", "domestic-workers", "romance-lures", "organ-trade",
            "scam-compounds")
STATUSES = ("draft", "testing", "stable")
REVIEW_LEVELS = ("attested", "reviewed", "unverified")
Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem of a playbook file, printed as `path:line:col: code message`."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        tail = " (info)" if self.severity == "info" else ""
        return " ".join(f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}{tail}"
                        .split())

    @classmethod
    def at(cls, where: Location, severity: Severity, code: str, message: str) -> Finding:
        """A finding at a `Location`."""
        return cls(str(where.path or "<text>"), where.line or 1, where.column or 1, severity,
                   code, message)

    def to_json(self) -> dict[str, object]:
        """For `lint --format json`."""
        return {"path": self.path, "line": self.line, "column": self.column,
                "severity": self.severity, "code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Reference:
    """Where indicators come from."""

    id: str
    title: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class KeywordList:
    """Named terms per language, with the review status of each language."""

    name: str
    terms: dict[str, tuple[str, ...]]
    review: dict[str, str]
    description: str = ""
    refs: tuple[str, ...] = ()

    def all_terms(self) -> tuple[str, ...]:
        """Every term of every language, once each, in file order."""
        return tuple(dict.fromkeys(t for terms in self.terms.values() for t in terms))


@dataclass(frozen=True, slots=True)
class Variable:
    """A typed variable of a playbook."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    default: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    multiple: bool = False
    matrix: bool = False
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Example:
    """A text (with optional URL and title) a query must or must not match."""

    text: str
    url: str | None = None
    title: str | None = None
    index: int = 0


@dataclass(frozen=True, slots=True)
class Query:
    """One query template of a playbook."""

    id: str
    title: str
    template: str
    index: int
    engines: tuple[str, ...] | None = None
    sources: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    match: tuple[Example, ...] = ()
    no_match: tuple[Example, ...] = ()
    notes: str = ""
    language: str | None = None
    platform_searches: tuple[AuthoredSearch, ...] = ()

    def authored_searches(self) -> tuple[AuthoredSearch, ...]:
        """The hand-written platform searches that open this query's plans."""
        return self.platform_searches


@dataclass(slots=True, eq=False)
class Playbook:
    """A checked playbook file. `doc` keeps the positions of every field for located errors."""

    id: str
    title: str
    pattern: str
    version: int
    status: str
    authors: tuple[str, ...]
    description: str
    languages: tuple[str, ...]
    queries: tuple[Query, ...]
    engines: tuple[str, ...] | None = None
    references: tuple[Reference, ...] = ()
    keywords: dict[str, KeywordList] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    path: Path | None = None
    sha256: str = ""
    level: int = 0
    level_name: str = "bundled"
    doc: Any = None
    cache: dict[Any, Any] = field(default_factory=dict)

    def query(self, query_id: str) -> Query | None:
        """The query with this id, if any."""
        return next((q for q in self.queries if q.id == query_id), None)

    def where(self, *field_path: str | int) -> Location:
        """Where `field_path` is written in the file."""
        if self.doc is None:
            return Location(self.path, 1, 1)
        loc: Location = self.doc.where(tuple(field_path))
        return loc

    def summary(self) -> dict[str, object]:
        """The JSON form used by `playbooks list` and `show`."""
        return {
            "id": self.id, "title": self.title, "pattern": self.pattern, "version": self.version,
            "status": self.status, "authors": list(self.authors), "languages": list(self.languages),
            "engines": list(self.engines) if self.engines else None,
            "queries": [q.id for q in self.queries], "variables": sorted(self.variables),
            "path": str(self.path) if self.path else None, "root": self.level_name,
            "sha256": self.sha256,
        }
