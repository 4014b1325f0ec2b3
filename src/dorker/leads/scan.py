"""`leads scan`: read everything a case holds, extract its leads, record the new ones.

What is read, per event of the case: search results (`search.run`: title, snippet, URL), reviews
(`result.reviewed`: note and URL), evidence (`evidence.added`: the stored copy when it is text or
HTML, its note and URL), case sources (`source.added`) and source-check notes
(`source.checked`). Evidence that is not text (a photo, a PDF), too large, or missing is skipped
with a one-line note. One `lead.found` event is recorded per new (lead id, item) pair, all in one
transaction; scanning again records nothing new.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dorker.leads.events import LEAD_FOUND, iter_sightings
from dorker.leads.extract import extract_leads
from dorker.leads.model import Lead
from dorker.store.base import EventFilter, EventStore
from dorker.store.events import Event, NewEvent, new_command_id

__all__ = ["ScanReport", "Text", "case_texts", "scan_case"]

_TITLE_LIMIT = 200
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml")


@dataclass(frozen=True, slots=True)
class Text:
    """One text of a case: what it says, which item it belongs to, where in it, from which event."""

    item: Mapping[str, Any]
    where: str
    text: str
    seq: int

    @property
    def is_own_address(self) -> bool:
        """Whether the text is the item's own address: the page a result *is* names no web
        site as a lead (every ad on one classifieds site would be one network)."""
        return self.where == "url" and self.item.get("type") == "url"


@dataclass(slots=True)
class ScanReport:
    """What a scan read, found and recorded."""

    case_id: str
    texts: int = 0
    items: set[str] = field(default_factory=set)
    leads: set[str] = field(default_factory=set)
    pairs: int = 0
    recorded: list[Event] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "texts": self.texts, "items": len(self.items),
                "leads": len(self.leads), "pairs": self.pairs,
                "new": [{"seq": e.seq, "lead": e.payload["lead"]["id"],
                         "item": e.payload["item"]["key"]} for e in self.recorded],
                "skipped": list(self.skipped)}


def _url_item(url: str, title: str | None = None) -> dict[str, Any]:
    from dorker.results.normalize import normalize_url

    normal = normalize_url(url)
    item: dict[str, Any] = {"key": f"url:{normal}", "type": "url", "url": normal}
    if title:
        item["title"] = title[:_TITLE_LIMIT]
    return item


def case_texts(store: EventStore, case_id: str, skipped: list[str]) -> Iterator[Text]:
    """Every text the case holds, with its item; unreadable evidence noted in `skipped`."""
    read_copies: set[str] = set()
    for event in store.iter_events(EventFilter(case_id=case_id)):
        p = event.payload
        action = event.action
        if action == "search.run":
            outcome = p.get("outcome") or {}
            for result in outcome.get("results") or ():
                url = result.get("url")
                if not isinstance(url, str) or not url:
                    continue
                item = _url_item(url, str(result.get("title") or ""))
                for where in ("title", "snippet", "url"):
                    value = result.get(where)
                    if isinstance(value, str) and value:
                        yield Text(item, where, value, event.seq)
        elif action == "result.reviewed" and isinstance(p.get("url"), str):
            item = _url_item(p["url"])
            for where, key in (("note", "note"), ("url", "original_url")):
                value = p.get(key)
                if isinstance(value, str) and value:
                    yield Text(item, where, value, event.seq)
        elif action == "evidence.added" and isinstance(p.get("sha256"), str):
            yield from _evidence(store, event, read_copies, skipped)
        elif action == "source.added" and isinstance(p.get("url"), str):
            item = _url_item(p["url"], p.get("name"))
            yield Text(item, "url", p["url"], event.seq)
            if isinstance(p.get("name"), str) and p["name"]:
                yield Text(item, "name", p["name"], event.seq)
        elif action == "source.checked" and isinstance(p.get("note"), str) and p["note"]:
            item = {"key": f"event:{event.seq}", "type": "event", "seq": event.seq,
                    "action": action, "source": p.get("source")}
            yield Text(item, "note", p["note"], event.seq)


def _evidence(store: EventStore, event: Event, read_copies: set[str],
              skipped: list[str]) -> Iterator[Text]:
    from dorker.errors import DorkerError
    from dorker.leads.reading import MAX_TEXT_BYTES, Unreadable, decode_text, html_text
    from dorker.store.evidence import open_evidence

    p = event.payload
    sha = str(p["sha256"])
    name = str(p.get("file") or "")
    item = {"key": f"evidence:{sha}", "type": "evidence", "sha256": sha, "file": name}
    if isinstance(p.get("url"), str) and p["url"]:
        item["url"] = p["url"]
        yield Text(item, "url", p["url"], event.seq)
    if isinstance(p.get("note"), str) and p["note"]:
        yield Text(item, "note", p["note"], event.seq)
    if sha in read_copies:
        return
    read_copies.add(sha)
    label = f"evidence {name or '(no name)'} (sha256 {sha[:12]}…, event {event.seq})"
    try:
        # This machine's copy, or the team store's (checked by hash, then cached here).
        path = open_evidence(store, sha)
    except DorkerError as exc:
        skipped.append(f"{label}: {exc.message}")
        return
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            skipped.append(f"{label}: {size // (1024 * 1024)} MB, more than leads reads "
                           f"({MAX_TEXT_BYTES // (1024 * 1024)} MB); not read")
            return
        text = decode_text(path.read_bytes())
    except FileNotFoundError:
        skipped.append(f"{label}: the stored copy is missing (run: dorker audit verify)")
        return
    except OSError as exc:
        skipped.append(f"{label}: cannot read the stored copy: {exc.strerror}")
        return
    except Unreadable as exc:
        skipped.append(f"{label}: {exc}; only text and HTML files are read")
        return
    if name.lower().endswith(_HTML_SUFFIXES) or text.lstrip()[:15].lower().startswith(
            ("<!doctype html", "<html")):
        text = html_text(text)
    yield Text(item, "file", text, event.seq)


def scan_case(store: EventStore, case_id: str, *, actor: str, region: str,
              command_id: str | None = None) -> ScanReport:
    """Extract the leads of every text of `case_id` and record the new (lead, item) pairs."""
    report = ScanReport(case_id)
    known = {(s.lead_id, s.item_key) for s in iter_sightings(store, case_id)}
    fresh: dict[tuple[str, str], dict[str, Any]] = {}
    for text in case_texts(store, case_id, report.skipped):
        report.texts += 1
        key = str(text.item["key"])
        for lead in extract_leads(text.text, region):
            if text.is_own_address and lead.kind in ("url", "domain"):
                continue
            report.items.add(key)
            report.leads.add(lead.id)
            pair = (lead.id, key)
            if pair in known:
                continue
            entry = fresh.get(pair)
            if entry is None:
                entry = fresh[pair] = _payload(lead, text)
            _merge(entry, lead, text)
    report.pairs = len(known) + len(fresh)
    if fresh:
        command = command_id or new_command_id()
        events = [NewEvent(LEAD_FOUND, {**payload, "command_id": command}, actor, case_id)
                  for payload in fresh.values()]
        report.recorded = store.append_many(events)
    return report


def _payload(lead: Lead, text: Text) -> dict[str, Any]:
    return {"lead": lead.record(), "kinds": [], "item": dict(text.item), "where": [],
            "from": []}


def _merge(entry: dict[str, Any], lead: Lead, text: Text) -> None:
    if lead.kind not in entry["kinds"]:
        entry["kinds"].append(lead.kind)
    if text.where not in entry["where"]:
        entry["where"].append(text.where)
    if text.seq not in entry["from"]:
        entry["from"].append(text.seq)
