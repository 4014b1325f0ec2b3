"""`dorker audit report`: who searched what, in which case, what to look at, is the record whole.

One streamed read of the record does both jobs: the chain is checked a page of rows at a time
(as `audit verify` does, `scan_chain`) and each page that passed is then counted and shown to
the flag tracker while it is still in the CPU's cache. Most events are read from their
envelope alone — action, actor and case at the start of the canonical bytes, the time at its
end — and only the few whose payload matters (searches outside a case, exports, watch events)
are parsed in full (see dorker.audit.collect), so the report costs a small multiple of a
verify (bench/bench_audit_report.py). Nothing is held per event: per actor, per case and per
day counters only.

The report records nothing: an auditor's role may not write, and a report about the record
should not change it. The report says so.
"""

from __future__ import annotations

from typing import Any

from dorker.audit.collect import Collector, ReportQuery
from dorker.audit.settings import AuditSettings
from dorker.audit.timeline import layout
from dorker.errors import UsageError
from dorker.i18n import _
from dorker.store.base import EventFilter, EventStore
from dorker.store.events import utc_now
from dorker.store.verify import check_anchor, scan_chain

__all__ = ["ReportQuery", "build_report", "not_recorded"]


def not_recorded() -> str:
    """The report's statement that making it left no trace in the record."""
    return _("This report was not recorded: dorker audit report only reads the record (a team "
             "store's auditor role cannot write), so making it left no trace there.")


def _no_anchor() -> str:
    return _("No --anchor was given: a cut-off tail or a wholly recomputed chain cannot be "
             "detected without a head (SEQ:HASH) recorded elsewhere earlier.")


def _check_query(store: EventStore, query: ReportQuery) -> None:
    if query.since and query.until and query.since >= query.until:
        raise UsageError("--since is not before --until", hint="swap the two times")
    if query.actor is not None and store.count(EventFilter(actor=query.actor)) == 0:
        from dorker.textsafe import printable

        raise UsageError(f"no event in the record was made by actor {printable(query.actor)!r}",
                         hint="actors are named as in: dorker audit log")
    if query.case_id is not None:
        from dorker.store.cases import require_case

        require_case(store, query.case_id)


def _known(store: EventStore) -> tuple[dict[str, dict[str, Any]],
                                       dict[str, tuple[str, str | None]]]:
    """Case titles and watch owners, read through the action index (a few events)."""
    cases: dict[str, dict[str, Any]] = {}
    for event in store.iter_events(EventFilter(action="case.created")):
        if event.case_id:
            cases[event.case_id] = {"title": event.payload.get("title"),
                                    "created_by": event.actor, "created_at": event.ts}
    watches: dict[str, tuple[str, str | None]] = {}
    for event in store.iter_events(EventFilter(action="watch.added")):
        name = event.payload.get("name") or event.payload.get("watch")
        if isinstance(name, str):
            watches[name] = (event.actor, event.case_id)
    return cases, watches


def build_report(store: EventStore, query: ReportQuery | None = None,
                 settings: AuditSettings | None = None, *,
                 evidence: bool = True) -> dict[str, Any]:
    """The audit report as plain data (the `audit report --format json` shape).

    `evidence=False` leaves out the re-hash of the evidence copies (the counting is the same).
    """
    query = query or ReportQuery()
    settings = settings or AuditSettings()
    _check_query(store, query)
    cases, watches = _known(store)
    collector = Collector(query, settings, watches)
    checked, last_good, problem = scan_chain(store, collector.visit_rows)
    if problem is not None:  # count the rest too (unchecked), so the report is complete
        pages = store.iter_chain_pages(checked + 1)
        try:
            for page in pages:
                collector.visit_rows(page)
        finally:
            close = getattr(pages, "close", None)
            if close is not None:
                close()
    collector.fold()
    head = store.head() if problem is not None else last_good
    anchor_problem = check_anchor(store, query.anchor, head) if query.anchor else None
    tracker = collector.tracker
    if problem is not None:
        tracker.add("chain", _("the chain fails at event {seq}: {kind}: {message}; events "
                               "after it cannot be trusted").format(
                        seq=problem.seq, kind=problem.kind, message=problem.message),
                    seq=problem.seq)
    if anchor_problem is not None:
        tracker.add("anchor", _("the anchor {anchor} does not hold: {kind}: {message}").format(
                        anchor=query.anchor, kind=anchor_problem.kind,
                        message=anchor_problem.message), seq=anchor_problem.seq)
    if query.anchor is None:
        tracker.add("no-anchor", _no_anchor())
    from dorker.store.evidence import check_evidence

    # The evidence the record names is part of what an auditor trusts: re-hashed as `audit
    # verify` does (on a team store the database re-hashes its shared copies).
    copies, evidence_problems = check_evidence(store) if evidence else (0, ())
    for bad in evidence_problems:
        tracker.add("evidence", _("evidence named at event {seq} fails its check: {message}")
                    .format(seq=bad.seq, message=bad.message), seq=bad.seq)
    flags = tracker.finish()
    first_bad = problem.seq if problem else anchor_problem.seq if anchor_problem else None
    return {
        "generated_at": utc_now(),
        "recorded": False,
        "note": not_recorded(),
        "store": store.url,
        "query": query.to_json(),
        "settings": settings.to_json(),
        "chain": {"ok": problem is None and anchor_problem is None, "events": checked,
                  "head": str(head) if head else None, "first_bad": first_bad,
                  "problem": problem.to_json() if problem else None,
                  "anchor": str(query.anchor) if query.anchor else None,
                  "anchor_problem": anchor_problem.to_json() if anchor_problem else None,
                  "tail_and_rewrite_checked": query.anchor is not None},
        "evidence": {"ok": not evidence_problems, "copies": copies,
                     "problems": [bad.to_json() for bad in evidence_problems]},
        "totals": {"events": sum(a.events for a in collector.actors.values()),
                   "searches": sum(a.searches for a in collector.actors.values()),
                   "outside_case_searches": collector.caseless, "actors": len(collector.actors),
                   "cases": len(collector.cases), "flags": len(flags),
                   "unreadable": collector.unreadable},
        "actors": [{"actor": name, "events": a.events, "searches": a.searches,
                    "cases": sorted(a.cases), "first": a.first, "last": a.last,
                    "days_searching": len(collector.days().get(name, ()))}
                   for name, a in sorted(collector.actors.items())],
        "cases": [{"id": cid, "title": cases.get(cid, {}).get("title"),
                   "created_by": cases.get(cid, {}).get("created_by"),
                   "actors": sorted(c.actors), "events": c.events, "searches": c.searches,
                   "checks": c.checks, "reviews": c.reviews, "evidence": c.evidence,
                   "exports": c.exports, "first": c.first, "last": c.last}
                  for cid, c in sorted(collector.cases.items())],
        "flags": flags,
        "timeline": layout(collector.days()),
    }
