"""The report's first screen: who worked the case and when, what was searched where, which
sources were checked of those the patterns call for, what was found and decided, the evidence,
the parts' own figures (leads, linked images...) and the chain. Every figure is counted from
the same data the later sections list, so the summary and the detail cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from dorker.coverage import OUTCOME_STATES, Coverage

__all__ = ["VERDICT_ORDER", "ActorTally", "build_summary"]

VERDICT_ORDER = ("escalate", "relevant", "duplicate", "irrelevant")
"""The order verdicts are listed in (what needs action first)."""


class ActorTally:
    """Events per actor, with the first and last time each one acted."""

    def __init__(self) -> None:
        self.events = 0
        self.first: str | None = None
        self.last: str | None = None
        self._actors: dict[str, list[Any]] = {}  # actor -> [count, first, last]

    def add(self, actor: str, ts: str) -> None:
        """One event by `actor` at `ts` (events arrive in sequence order)."""
        self.events += 1
        self.first = self.first or ts
        self.last = ts
        entry = self._actors.get(actor)
        if entry is None:
            self._actors[actor] = [1, ts, ts]
        else:
            entry[0] += 1
            entry[2] = ts

    def to_json(self) -> list[dict[str, Any]]:
        return [{"actor": a, "events": n, "first": first, "last": last}
                for a, (n, first, last) in sorted(self._actors.items(),
                                                  key=lambda kv: (-kv[1][0], kv[0]))]


def _by_engine(searches: Iterable[Mapping[str, Any]], kinds: Mapping[str, str]
               ) -> list[dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for s in searches:
        row = table.setdefault(s["engine"], {"engine": s["engine"],
                                             "kind": kinds.get(s["engine"], "web"),
                                             "opened": 0, "fetched": 0, "total": 0})
        row["fetched" if s["fetched"] else "opened"] += 1
        row["total"] += 1
    return sorted(table.values(), key=lambda r: (r["kind"] != "platform", -r["total"],
                                                 r["engine"]))


def _commands(searches: Iterable[Mapping[str, Any]]) -> int:
    """Distinct commands: a shared `command_id` is one; an event without one is one of its own."""
    ids = set()
    alone = 0
    for s in searches:
        if s.get("command_id"):
            ids.add(s["command_id"])
        else:
            alone += 1
    return len(ids) + alone


def build_summary(
    *,
    tally: ActorTally,
    searches: list[dict[str, Any]],
    reviews: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    coverage: Coverage,
    gaps: list[dict[str, Any]],
    gap_titles: list[str],
    sections: list[dict[str, Any]],
    audit: Mapping[str, Any],
    engine_kinds: Mapping[str, str],
) -> dict[str, Any]:
    """The summary's figures as plain data."""
    expected = coverage.expected_rows
    outcomes = Counter(r.latest.outcome for r in expected if r.latest is not None)
    verdicts = Counter(str(r["verdict"]) for r in reviews)
    verdict_rows = [{"verdict": v, "count": verdicts[v]} for v in VERDICT_ORDER if verdicts[v]]
    verdict_rows += [{"verdict": v, "count": n} for v, n in sorted(verdicts.items())
                     if v not in VERDICT_ORDER]
    playbooks = {s["playbook"] for s in searches if s["playbook"]}
    return {
        "events": tally.events,
        "first": tally.first,
        "last": tally.last,
        "worked_by": tally.to_json(),
        "searches": {
            "total": len(searches),
            "opened": sum(1 for s in searches if not s["fetched"]),
            "fetched": sum(1 for s in searches if s["fetched"]),
            "commands": _commands(searches),
            "plan_searches": len({(s.get("plan_engine"), s["search_id"]) for s in searches
                                  if s.get("search_id")}),
            "playbooks": len(playbooks),
            "raw": sum(1 for s in searches if not s["playbook"]),
            "by_engine": _by_engine(searches, engine_kinds),
        },
        "sources": {
            "expected": len(expected),
            "checked": sum(1 for r in expected if r.status == "checked"),
            "outcomes": [{"outcome": o, "count": outcomes[o]} for o in OUTCOME_STATES
                         if outcomes[o]]
            + [{"outcome": o, "count": n} for o, n in sorted(outcomes.items())
               if o not in OUTCOME_STATES],
            "opened_only": sum(1 for r in expected if r.status == "opened"),
            "outside": sum(1 for r in coverage.rows if not r.expected),
            "queries": len(coverage.queries),
            "pairs_planned": sum(len(r.queries) for r in coverage.rows),
            "pairs_done": sum(1 for r in coverage.rows for q in r.queries
                              if (c := r.cells.get(q)) and (c.check or c.opened or c.fetched)),
        },
        "open": [{"priority": n, "title": title,
                  "sources": sum(len(g["sources"]) for g in gaps if g["priority"] == n)}
                 for n, title in enumerate(gap_titles, start=1)
                 if any(g["priority"] == n for g in gaps)],
        "reviews": {"total": len(reviews), "by_verdict": verdict_rows},
        "evidence": {"files": len(evidence),
                     "bytes": sum(int(e["size"] or 0) for e in evidence)},
        "sections": [{"id": s["id"], "title": s["title"], "summary": s.get("summary", [])}
                     for s in sections],
        "chain": dict(audit),
    }
