"""Cases and their case-local sources, as a projection of the record (no mutable table).

A case is born with a `case.created` event; its id is `C-` and a four-digit (or longer) number,
allocated in order of creation: `C-0001`, `C-0002`... The number is chosen against the head
of the record and the event is appended only if the head has not moved, so two investigators
creating cases at once never get the same id. Case-local sources are `source.added` events
carrying the case id; their id is derived from the URL (`local:<host><path>[?query]`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from dorker.errors import InputError, StoreError, UsageError
from dorker.store.base import EventFilter, EventStore, HeadMovedError
from dorker.store.events import Event

__all__ = [
    "CASE_CREATED",
    "SOURCE_ADDED",
    "SOURCE_CHECKED",
    "Case",
    "CaseSource",
    "add_case_source",
    "create_case",
    "get_case",
    "list_cases",
    "local_source_id",
    "normalise_case_id",
    "require_case",
]

CASE_CREATED = "case.created"
SOURCE_ADDED = "source.added"
SOURCE_CHECKED = "source.checked"

_CASE_ID = re.compile(r"^[cC]-?0*(\d{1,9})$")
_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_MAX_TITLE = 300


@dataclass(frozen=True, slots=True)
class CaseSource:
    """A source added to one case during the investigation."""

    id: str
    url: str
    name: str | None
    kind: str | None
    added_at: str
    added_by: str
    seq: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "name": self.name, "kind": self.kind,
                "added_at": self.added_at, "added_by": self.added_by, "seq": self.seq}


@dataclass(frozen=True, slots=True)
class Case:
    """A case as the record tells it."""

    id: str
    title: str
    patterns: tuple[str, ...]
    created_at: str
    created_by: str
    seq: int
    events: int = 0
    checks: int = 0
    evidence: int = 0
    last_activity: str | None = None
    sources: tuple[CaseSource, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "patterns": list(self.patterns),
                "created_at": self.created_at, "created_by": self.created_by, "seq": self.seq,
                "events": self.events, "checks": self.checks, "evidence": self.evidence,
                "last_activity": self.last_activity,
                "sources": [s.to_json() for s in self.sources]}


def normalise_case_id(text: str) -> str:
    """`c-1`, `C1`, `C-0001` → `C-0001`; anything else is a usage error."""
    match = _CASE_ID.match(text.strip())
    if not match:
        raise UsageError(f"bad case id {text!r}",
                         hint="case ids look like C-0001 (see: dorker case list)")
    return f"C-{int(match.group(1)):04d}"


def _from_created(event: Event) -> Case:
    payload = event.payload
    return Case(id=str(event.case_id), title=str(payload.get("title", "")),
                patterns=tuple(str(p) for p in payload.get("patterns", ())),
                created_at=event.ts, created_by=event.actor, seq=event.seq)


def create_case(store: EventStore, title: str, patterns: Sequence[str], *, actor: str) -> Event:
    """Record a new case; its id is the next free `C-NNNN`."""
    title = title.strip()
    if not title:
        raise UsageError("a case needs a title")
    if len(title) > _MAX_TITLE:
        raise UsageError(f"case title is longer than {_MAX_TITLE} characters")
    clean: list[str] = []
    for pattern in patterns:
        if not _PATTERN.match(pattern):
            raise UsageError(f"bad pattern id {pattern!r}",
                             hint="pattern ids are lower-case words joined by '-', e.g. fake-jobs")
        if pattern not in clean:
            clean.append(pattern)
    for _attempt in range(50):
        head = store.head()
        number = store.count(EventFilter(action=CASE_CREATED)) + 1
        try:
            return store.append(CASE_CREATED, {"title": title, "patterns": clean}, actor=actor,
                                case_id=f"C-{number:04d}", expect_seq=head.seq if head else 0)
        except HeadMovedError:
            continue  # someone else appended meanwhile: count again
    raise StoreError("could not allocate a case id: the record is too busy", hint="retry")


def list_cases(store: EventStore) -> list[Case]:
    """Every case, oldest first, with event counts."""
    cases = []
    for event in store.iter_events(EventFilter(action=CASE_CREATED)):
        case = _from_created(event)
        cases.append(Case(**{**_fields(case),
                             "events": store.count(EventFilter(case_id=case.id)),
                             "checks": store.count(EventFilter(case_id=case.id,
                                                               action=SOURCE_CHECKED))}))
    return cases


def _fields(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in Case.__dataclass_fields__}


def get_case(store: EventStore, case_id: str) -> Case | None:
    """A case folded from all its events, or None."""
    case: Case | None = None
    sources: dict[str, CaseSource] = {}
    events = checks = evidence = 0
    last: str | None = None
    for event in store.iter_events(EventFilter(case_id=case_id)):
        events += 1
        last = event.ts
        if event.action == CASE_CREATED and case is None:
            case = _from_created(event)
        elif event.action == SOURCE_ADDED:
            source = _source(event)
            sources.setdefault(source.id, source)
        elif event.action == SOURCE_CHECKED:
            checks += 1
        elif event.action == "evidence.added":
            evidence += 1
    if case is None:
        return None
    return Case(**{**_fields(case), "events": events, "checks": checks, "evidence": evidence,
                   "last_activity": last, "sources": tuple(sources.values())})


def require_case(store: EventStore, case_id: str) -> Case:
    """The case, or a one-line error naming it."""
    case = get_case(store, case_id)
    if case is None:
        raise UsageError(f"no case {case_id} in the record", hint="see: dorker case list")
    return case


def _source(event: Event) -> CaseSource:
    p = event.payload
    return CaseSource(id=str(p.get("id")), url=str(p.get("url")), name=p.get("name"),
                      kind=p.get("kind"), added_at=event.ts, added_by=event.actor, seq=event.seq)


def local_source_id(url: str) -> tuple[str, str]:
    """(`local:<host><path>[?query]`, the URL with a scheme) for a case-local source URL."""
    from dorker.weburl import web_url

    try:
        text = web_url(url, assume_https=True)
    except ValueError as exc:
        raise InputError(f"bad source URL {url!r}: {exc}",
                         hint="give the full address, e.g. https://t.me/somechannel") from None
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/")
    ident = f"local:{host}{path}" + (f"?{parts.query}" if parts.query else "")
    return ident, text


def add_case_source(store: EventStore, case_id: str, url: str, *, actor: str,
                    name: str | None = None, kind: str | None = None) -> tuple[CaseSource, bool]:
    """Add a case-local source; (the source, whether it was new). Re-adding records nothing."""
    ident, full = local_source_id(url)
    case = require_case(store, case_id)
    for existing in case.sources:
        if existing.id == ident:
            return existing, False
    event = store.append(SOURCE_ADDED, {"id": ident, "url": full, "name": name, "kind": kind},
                         actor=actor, case_id=case.id)
    return _source(event), True
