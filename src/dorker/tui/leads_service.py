"""The leads part as the terminal app sees it (no Textual here): load a case's leads and
clusters, scan, mark, pivot, and the leads of one search result. Blocking calls: use them
from thread workers. Each call opens the store for its own work (the app's Services keep
their own connection; SQLite in WAL mode serves both)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dorker.config import Config
from dorker.i18n import _
from dorker.tui.labels import lead_verdict_label

__all__ = ["ClusterRow", "LeadRow", "LeadsService", "LeadsView", "ResultLead"]


@dataclass(frozen=True, slots=True)
class LeadRow:
    """One lead of the case, as the Leads screen lists it."""

    id: str
    kind: str
    family: str
    value: str
    items: int
    cases: int
    other_cases: tuple[str, ...]
    verdict: str | None = None
    note: str | None = None
    colleagues: tuple[str, ...] = ()
    written: tuple[str, ...] = ()
    item_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """Items that share a lead."""

    id: str
    items: tuple[str, ...]
    leads: tuple[str, ...]
    shared: tuple[str, ...]
    other_cases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeadsView:
    """Everything the Leads screen shows for one case."""

    case_id: str
    leads: tuple[LeadRow, ...] = ()
    clusters: tuple[ClusterRow, ...] = ()
    by_kind: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ResultLead:
    """A lead in the text of one search result (not recorded: shown while reviewing)."""

    kind: str
    id: str
    value: str


def _label(item: Mapping[str, Any]) -> str:
    title = item.get("title")
    where = item.get("url") or item.get("file") or item.get("key") or ""
    return f"{title} · {where}" if title else str(where)


class LeadsService:
    """Leads for the app: one instance per app, thread-safe."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._lock = threading.Lock()

    @contextmanager
    def _store(self) -> Iterator[Any]:
        from dorker.store.session import open_configured_store

        with self._lock, open_configured_store(self.config, create=True) as store:
            yield store

    def load(self, case_id: str) -> LeadsView:
        """The case's leads (most items first) and its clusters: one read of the store's
        sightings, keeping only the case's own (and which cases hold each lead)."""
        from dorker.leads.events import summarise
        from dorker.leads.graph import SightingsRead, links

        read = SightingsRead()
        with self._store() as store:
            result = links(store, case_id, read=read)
        summaries = summarise(read.own, case_id=case_id, cases_of=read.cases_of,
                              marks=read.marks)
        rows = tuple(LeadRow(
            s.id, "/".join(sorted(s.kinds)), s.id.partition(":")[0], s.value, len(s.items),
            len(s.cases), tuple(s.other_cases), s.verdict.verdict if s.verdict else None,
            s.verdict.note if s.verdict else None,
            tuple(_("{verdict} in {case} by {actor}").format(
                verdict=lead_verdict_label(v.verdict), case=v.case_id, actor=v.actor)
                + (f": {v.note}" if v.note else "") for v in s.colleagues),
            tuple(s.raw[:5]), tuple(_label(item) for item in list(s.items.values())[:20]))
            for s in summaries)
        clusters = tuple(ClusterRow(
            c.id, tuple(_label(item) for item in c.items), tuple(lead["id"] for lead in c.leads),
            tuple(lead["id"] for lead in c.leads if lead["items"] > 1 or lead["other_cases"]),
            tuple(c.other_cases)) for c in result.clusters)
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.family] = counts.get(row.family, 0) + 1
        return LeadsView(case_id, rows, clusters, tuple(sorted(counts.items())))

    def scan(self, case_id: str) -> str:
        """Scan the case; one line saying what was recorded."""
        from dorker.leads.extract import check_region
        from dorker.leads.scan import scan_case

        with self._store() as store:
            report = scan_case(store, case_id, actor=self.config.actor,
                               region=check_region(self.config.leads_region))
        new = len(report.recorded)
        line = _("scanned {texts} text(s): {leads} lead(s) in {items} item(s)").format(
            texts=report.texts, leads=len(report.leads), items=len(report.items))
        line += "; " + (_("{count} new sighting(s) recorded").format(count=new) if new
                        else _("nothing new"))
        if report.skipped:
            line += "; " + _("skipped {count}: {first}").format(count=len(report.skipped),
                                                                first=report.skipped[0])
        return line

    def mark(self, case_id: str, lead_id: str, verdict: str, note: str) -> int:
        """Record a verdict on a lead of the case; returns the event's sequence number."""
        from dorker.leads.events import LEAD_MARKED, VERDICTS, iter_sightings

        if verdict not in VERDICTS:
            raise ValueError(_("the verdict is confirmed or dismissed, not {typed!r}").format(
                typed=verdict))
        with self._store() as store:
            found = next((s for s in iter_sightings(store, case_id) if s.lead_id == lead_id),
                         None)
            if found is None:
                raise ValueError(_("no lead {lead} in {case}").format(lead=lead_id,
                                                                      case=case_id))
            event = store.append(LEAD_MARKED, {"lead": lead_id, "kind": found.kind,
                                               "value": found.value, "verdict": verdict,
                                               "note": note, "via": "tui"},
                                 actor=self.config.actor, case_id=case_id)
        return int(event.seq)

    def pivot(self, case_id: str | None, lead_id: str,
              engines: Sequence[str]) -> tuple[str, list[str]]:
        """Record and hand over the lead's pivot searches, like `dorker pivot`.

        Opened in the browser when there is one; otherwise recorded as copied, and the URLs are
        returned for the app to put on the clipboard. Returns (what happened, URLs to copy).
        """
        from dorker.browser import has_graphical_browser, open_urls
        from dorker.coverage import QUERY_OPENED
        from dorker.leads.pivot import plan_pivot
        from dorker.store.events import NewEvent, new_command_id
        from dorker.targets import resolve_target

        plan = plan_pivot(lead_id)
        items = [i for i in resolve_target(plan.target, engines=list(engines),
                                           values=list(plan.values), force_dork=plan.dork)
                 if i.url]
        if not items:
            raise ValueError(_("no search could be built for {lead}").format(lead=lead_id))
        how = "browser" if has_graphical_browser() else "copied"
        command_id = new_command_id()  # one pivot is one command: the auditor counts it once
        with self._store() as store:  # one transaction, committed before the hand-off
            store.append_many([NewEvent(QUERY_OPENED, {
                **item.record(), "how": how, "via": "tui", "lead": lead_id,
                "command_id": command_id}, self.config.actor, case_id) for item in items])
        urls = [i.url for i in items if i.url]
        head = _("pivot on {lead}: recorded {count} search(es)").format(lead=lead_id,
                                                                         count=len(items))
        if how == "copied":
            return head + "; " + _("no browser here: the URLs are on the clipboard"), urls
        result = open_urls(urls)
        if result.printed:
            return head + "; " + _("{why}: the rest are on the clipboard").format(
                why=result.reason), result.printed
        return head + "; " + _("opened in the browser"), []

    def result_leads(self, result: Mapping[str, Any]) -> list[ResultLead]:
        """The leads in a result's title, snippet and address (offline, nothing recorded)."""
        from dorker.leads.extract import check_region, extract_leads

        region = check_region(self.config.leads_region)
        seen: dict[str, ResultLead] = {}
        for key in ("title", "snippet", "url"):
            text = result.get(key)
            if not isinstance(text, str) or not text:
                continue
            for lead in extract_leads(text, region):
                if key == "url" and lead.kind in ("url", "domain"):
                    continue  # the page itself is not a lead
                seen.setdefault(lead.id, ResultLead(lead.kind, lead.id, lead.value))
        return list(seen.values())
