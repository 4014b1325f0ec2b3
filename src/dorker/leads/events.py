"""Leads in the record: `lead.found` (a lead seen in an item of a case) and `lead.marked` (an
investigator's verdict on a lead, in one case), and what they fold into.

An *item* is what a lead was seen in: a web page (`url:` + the normalised URL: a search result,
a reviewed page, a case source), an evidence file (`evidence:` + its SHA-256), or another event
(`event:` + its sequence number, e.g. the note of a source check). One `lead.found` event is
recorded per (lead id, item) pair and case; its payload:

    {"lead": {"id", "kind", "value", "raw", ["amount", "currency", "range", "platform"]},
     "kinds": ["phone", "whatsapp"], "item": {"key", "type", ...}, "where": ["snippet"],
     "from": [seq, ...], "command_id": "hex"}

Amounts are decimal text (the record refuses floats); `LeadSummary.to_json` (`leads list
--format json`) gives them back as numbers, like `leads extract`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dorker.leads.model import amount_number
from dorker.store.base import EventFilter, EventStore
from dorker.store.events import Event

__all__ = [
    "LEAD_FOUND",
    "LEAD_MARKED",
    "VERDICTS",
    "LeadSummary",
    "Sighting",
    "Verdict",
    "item_key",
    "iter_sightings",
    "lead_cases",
    "summarise",
    "verdicts",
]

LEAD_FOUND = "lead.found"
LEAD_MARKED = "lead.marked"
VERDICTS = ("confirmed", "dismissed")


def item_key(item: Mapping[str, Any]) -> str:
    """The identity of an item: its `key`, else built from its URL, SHA-256 or event number."""
    key = item.get("key")
    if isinstance(key, str) and key:
        return key
    if item.get("url"):
        return f"url:{item['url']}"
    if item.get("sha256"):
        return f"evidence:{item['sha256']}"
    if item.get("seq") is not None:
        return f"event:{item['seq']}"
    raise ValueError("an item needs a key, url, sha256 or seq")


@dataclass(frozen=True, slots=True)
class Sighting:
    """One lead seen in one item of one case (one `lead.found` event, or a plug-in's edge)."""

    lead_id: str
    kind: str
    value: str
    item: Mapping[str, Any]
    case_id: str | None
    seq: int
    ts: str = ""
    actor: str = ""
    kinds: tuple[str, ...] = ()
    lead: Mapping[str, Any] = field(default_factory=dict)

    @property
    def item_key(self) -> str:
        return item_key(self.item)

    @classmethod
    def from_event(cls, event: Event) -> Sighting | None:
        """The sighting an event records, or None for an event that is not one (or is bad)."""
        payload = event.payload
        try:
            lead = payload["lead"]
            item = payload["item"]
            lead_id = lead["id"]
            if ":" not in lead_id or not isinstance(item, dict):
                return None
            kinds = payload.get("kinds") or ()
            return cls(lead_id, lead.get("kind", ""), lead.get("value", ""), item,
                       event.case_id, event.seq, event.ts, event.actor, tuple(kinds), lead)
        except (KeyError, TypeError, AttributeError):
            return None  # not written by dorker's leads (or edited): not a sighting


def iter_sightings(store: EventStore, case_id: str | None = None) -> Iterator[Sighting]:
    """Every recorded sighting, of one case or (None) of the whole store, oldest first."""
    for event in store.iter_events(EventFilter(case_id=case_id, action=LEAD_FOUND)):
        sighting = Sighting.from_event(event)
        if sighting is not None:
            yield sighting


@dataclass(frozen=True, slots=True)
class Verdict:
    """The latest verdict on a lead in one case."""

    lead_id: str
    case_id: str
    verdict: str
    note: str
    actor: str
    ts: str
    seq: int

    def to_json(self) -> dict[str, Any]:
        return {"lead": self.lead_id, "case": self.case_id, "verdict": self.verdict,
                "note": self.note, "actor": self.actor, "ts": self.ts, "seq": self.seq}


def verdicts(store: EventStore, case_id: str | None = None) -> dict[tuple[str, str], Verdict]:
    """(case, lead id) -> the latest verdict given in that case (all cases when None)."""
    out: dict[tuple[str, str], Verdict] = {}
    for event in store.iter_events(EventFilter(case_id=case_id, action=LEAD_MARKED)):
        payload = event.payload
        lead_id = payload.get("lead")
        if not isinstance(lead_id, str) or event.case_id is None:
            continue
        out[(event.case_id, lead_id)] = Verdict(
            lead_id, event.case_id, str(payload.get("verdict", "")), str(payload.get("note") or ""),
            event.actor, event.ts, event.seq)
    return out


def lead_cases(sightings: Iterable[Sighting]) -> dict[str, set[str]]:
    """lead id -> the cases it was seen in."""
    out: dict[str, set[str]] = {}
    for sighting in sightings:
        if sighting.case_id:
            out.setdefault(sighting.lead_id, set()).add(sighting.case_id)
    return out


@dataclass(slots=True)
class LeadSummary:
    """One lead of a case: how it was written, where, and what the investigators said."""

    id: str
    kind: str
    value: str
    kinds: set[str] = field(default_factory=set)
    items: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    first_seen: str = ""
    last_seen: str = ""
    raw: list[str] = field(default_factory=list)
    lead: Mapping[str, Any] = field(default_factory=dict)
    cases: set[str] = field(default_factory=set)
    verdict: Verdict | None = None
    colleagues: list[Verdict] = field(default_factory=list)
    own: frozenset[str] = frozenset()
    """The case(s) the summary is about: every other case holding the lead is an other case."""

    @property
    def other_cases(self) -> list[str]:
        return sorted(c for c in self.cases if c not in self.own)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "value": self.value, "kinds": sorted(self.kinds),
            "items": len(self.items), "item_keys": list(self.items), "cases": sorted(self.cases),
            "other_cases": self.other_cases, "first_seen": self.first_seen,
            "last_seen": self.last_seen, "written": self.raw[:5],
            "verdict": self.verdict.to_json() if self.verdict else None,
            "colleagues": [v.to_json() for v in self.colleagues]}
        for key in ("amount", "currency", "range", "platform"):
            if key not in self.lead:
                continue
            value = self.lead[key]
            # Numbers, as `leads extract` gives them (the record keeps decimal text: no floats).
            if key == "amount":
                value = amount_number(value)
            elif key == "range" and isinstance(value, list):
                value = [amount_number(bound) for bound in value]
            out[key] = value
        return out


def summarise(sightings: Iterable[Sighting], *, case_id: str | None,
              cases_of: Mapping[str, set[str]] | None = None,
              marks: Mapping[tuple[str, str], Verdict] | None = None) -> list[LeadSummary]:
    """The leads of `sightings` (one case's, or the store's), most items first."""
    by_id: dict[str, LeadSummary] = {}
    for s in sightings:
        summary = by_id.get(s.lead_id)
        if summary is None:
            summary = by_id[s.lead_id] = LeadSummary(s.lead_id, s.kind, s.value, lead=s.lead,
                                                     first_seen=s.ts)
        summary.kinds.update(s.kinds or (s.kind,))
        summary.items.setdefault(s.item_key, s.item)
        summary.last_seen = s.ts
        raw = s.lead.get("raw")
        if isinstance(raw, str) and raw not in summary.raw:
            summary.raw.append(raw)
        if s.case_id:
            summary.cases.add(s.case_id)
    own = frozenset({case_id} if case_id else ())
    for summary in by_id.values():
        summary.own = own if case_id else frozenset(summary.cases)
        summary.cases |= set((cases_of or {}).get(summary.id, ()))
        for (case, lead_id), verdict in (marks or {}).items():
            if lead_id != summary.id:
                continue
            if case == case_id:
                summary.verdict = verdict
            elif case in summary.cases or case_id is None:
                summary.colleagues.append(verdict)
    return sorted(by_id.values(), key=lambda s: (-len(s.items), s.kind, s.value))
