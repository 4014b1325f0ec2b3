"""The case report's Leads section: what the case's ads name, the clusters of ads that share a
lead, and the leads other cases of the store hold too.

The section contract (issue 18): `case_section(store, case) -> dict | None` returning
`{"id", "title", "summary": [{"label", "value"}], "data": {...}}` (plain JSON-able data),
rendered by `templates/sections/leads.html.j2` and `templates/sections/leads.md.j2`. None when
the case holds no recorded lead (run `dorker leads scan` first).
"""

from __future__ import annotations

from typing import Any

from dorker.i18n import _
from dorker.leads.events import iter_sightings, lead_cases, summarise, verdicts
from dorker.store.base import EventStore

__all__ = ["MAX_CLUSTERS", "MAX_LEADS", "case_section"]

MAX_LEADS = 200
"""Leads listed in the section (most items first); the summary counts them all."""
MAX_CLUSTERS = 50


def _case_id(case: Any) -> str:
    return case if isinstance(case, str) else str(case.id)


def _item_row(item: dict[str, Any]) -> dict[str, Any]:
    return {"key": item.get("key"), "type": item.get("type"), "url": item.get("url"),
            "file": item.get("file"), "sha256": item.get("sha256"),
            "title": item.get("title"), "other_cases": list(item.get("other_cases") or ())}


def case_section(store: EventStore, case: Any) -> dict[str, Any] | None:
    """The Leads section of `case` (a Case or a case id), or None when it has no leads."""
    from dorker.leads.graph import links

    case_id = _case_id(case)
    everything = list(iter_sightings(store))
    own = [s for s in everything if s.case_id == case_id]
    if not own:
        return None
    summaries = summarise(own, case_id=case_id, cases_of=lead_cases(everything),
                          marks=verdicts(store))
    result = links(store, case_id)
    elsewhere = [s for s in summaries if s.other_cases]
    leads = [{"id": s.id, "kind": "/".join(sorted(s.kinds)), "value": s.value,
              "items": len(s.items), "other_cases": s.other_cases,
              "written": s.raw[:3],
              "verdict": s.verdict.verdict if s.verdict else None,
              "note": s.verdict.note if s.verdict else None,
              "colleagues": [{"case": v.case_id, "verdict": v.verdict, "actor": v.actor,
                              "note": v.note} for v in s.colleagues]}
             for s in summaries]
    clusters = [{"id": c.id, "other_cases": c.other_cases,
                 "leads": [{"id": lead["id"], "kind": lead["kind"], "value": lead["value"],
                            "items": lead["items"], "other_cases": lead["other_cases"]}
                           for lead in c.leads],
                 "items": [_item_row(item) for item in c.items]}
                for c in result.clusters[:MAX_CLUSTERS]]
    confirmed = sum(1 for s in summaries if s.verdict and s.verdict.verdict == "confirmed")
    dismissed = sum(1 for s in summaries if s.verdict and s.verdict.verdict == "dismissed")
    items = {key for s in summaries for key in s.items}
    return {
        "id": "leads",
        "title": _("Leads"),
        "summary": [
            {"label": _("Leads"), "value": len(summaries)},
            {"label": _("Items with leads"), "value": len(items)},
            {"label": _("Clusters"), "value": len(result.clusters)},
            {"label": _("Leads also in other cases"), "value": len(elsewhere)},
            {"label": _("Confirmed"), "value": confirmed},
            {"label": _("Dismissed"), "value": dismissed},
        ],
        "data": {
            "case": case_id,
            "leads": leads[:MAX_LEADS],
            "leads_omitted": max(0, len(leads) - MAX_LEADS),
            "clusters": clusters,
            "clusters_omitted": max(0, len(result.clusters) - MAX_CLUSTERS),
            "other_cases": [{"id": s.id, "kind": "/".join(sorted(s.kinds)), "value": s.value,
                             "cases": s.other_cases} for s in elsewhere],
        },
    }
