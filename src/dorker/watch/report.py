"""The case report's watch section (the report-sections contract of issue 18).

`case_section(store, case)` gives `{"id": "watch", "title", "summary", "data"}` or None when the
case has no watch; `templates/sections/watch.html.j2` and `.md.j2` render it. The data are
plain JSON: the case's watches (removed ones too: the report is the history), their last runs,
new counts, and the newest results the watches reported (web text: the templates escape it).
"""

from __future__ import annotations

from typing import Any

from dorker.i18n import _
from dorker.store.base import EventFilter, EventStore
from dorker.watch.events import WATCH_RUN, load_watches
from dorker.watch.schedule import format_duration

__all__ = ["NEW_SHOWN", "RUNS_SHOWN", "case_section"]

RUNS_SHOWN = 30
NEW_SHOWN = 50


def case_section(store: EventStore, case: Any) -> dict[str, Any] | None:
    """The watch section of `case` (a `Case` or its id), or None if it has no watch."""
    case_id = str(getattr(case, "id", case))
    watches = load_watches(store, case_id=case_id, include_removed=True)
    if not watches:
        return None
    runs: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    for event in store.iter_events(EventFilter(case_id=case_id, action=WATCH_RUN)):
        p = event.payload
        counts: Any = p.get("counts")
        counts = counts if isinstance(counts, dict) else {}
        runs.append({"seq": event.seq, "ts": event.ts, "actor": event.actor,
                     "watch": str(p.get("watch")), "owner": p.get("owner"),
                     "status": str(p.get("status")), "trigger": p.get("trigger"),
                     "new": int(counts.get("new", 0)), "seen": int(counts.get("seen", 0)),
                     "manual": int(counts.get("manual", 0)), "message": p.get("message") or ""})
        for item in p.get("new") or ():
            new.append({"ts": event.ts, "watch": str(p.get("watch")),
                        "url": str(item.get("original_url") or item.get("url")),
                        "title": str(item.get("title") or ""),
                        "snippet": str(item.get("snippet") or "")[:300],
                        "leads": [str(x) for x in item.get("leads") or ()]})
    rows = [{
        "name": w.name, "owner": w.owner, "targets": list(w.targets),
        "engines": list(w.engines or w.planned_engines), "provider": w.provider,
        "every": format_duration(w.every), "added_at": w.added_at, "removed_at": w.removed_at,
        "next_due": None if w.removed_at else w.next_due, "runs": w.runs,
        "new_total": w.new_total,
        "last_run": w.last_run.to_json() if w.last_run else None,
    } for w in watches]
    failed = sum(1 for r in runs if r["status"] not in ("ok", "manual"))
    return {
        "id": "watch",
        "title": _("Watches"),
        "summary": [
            {"label": _("Watches"), "value": sum(1 for w in watches if w.removed_at is None)},
            {"label": _("Runs"), "value": len(runs)},
            {"label": _("New results"), "value": sum(r["new"] for r in runs)},
            {"label": _("Blocked or failed runs"), "value": failed},
        ],
        "data": {"watches": rows, "runs": runs[-RUNS_SHOWN:][::-1],
                 "new": new[-NEW_SHOWN:][::-1], "runs_total": len(runs),
                 "new_total": len(new)},
    }
