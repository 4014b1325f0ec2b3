"""The coverage matrix: the case's sources × playbook queries, every cell in the state the
record knows, cut into bands narrow enough for a printed page, and the gaps by priority.

Built from a `Coverage` into plain data (dicts and lists) that the HTML and Markdown templates
and the terminal app's matrix widget all draw; no template sees an object with behaviour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dorker.coverage import Cell, Coverage, CoverageRow, PlannedQuery
from dorker.i18n import N_, _

__all__ = ["BAND_WIDTH", "GAP_TITLES", "RANKS", "STATES", "build_matrix", "glyph_for"]

BAND_WIDTH = 40
"""At most this many query columns side by side (fits an A4 or Letter page upright)."""

STATES: tuple[tuple[str, str, str], ...] = (
    ("leads", "◆", N_("checked: leads found")),
    ("nothing", "✓", N_("checked: nothing found")),
    ("inaccessible", "⊘", N_("checked: inaccessible")),
    ("blocked", "✕", N_("checked: blocked")),
    ("checked", "●", N_("checked: another outcome")),
    ("opened", "○", N_("searched, no outcome recorded yet")),
    ("not-checked", "□", N_("the query names this source; not run yet")),
    ("n/a", "·", N_("the query does not name this source")),
)
"""(state, glyph, meaning), in the legend's order. The glyphs print in black and white. The
meanings are English in the data; templates and the app translate them where shown."""

_GLYPH = {state: glyph for state, glyph, _meaning in STATES}
_MEANING = {state: meaning for state, _glyph, meaning in STATES}
_RETRY = ("blocked", "inaccessible")


def glyph_for(state: str, plans: int = 0) -> str:
    """One character: the state's glyph, or for an opened cell the plan searches opened (1-9, +)."""
    if state == "opened" and plans:
        return str(plans) if plans < 10 else "+"
    return _GLYPH.get(state, _GLYPH["checked"])


def _cell_view(row: CoverageRow, query: str | None, cell: Cell | None, applies: bool
               ) -> dict[str, Any] | None:
    """The drawable cell; None for an empty cell the query does not apply to."""
    if cell is None:
        if not applies:
            return None
        cell = Cell()
    state = cell.state(applies)
    if state == "n/a":
        return None
    # The title is read by people (a tooltip in the report, a line in the app): written in the
    # interface language when the matrix is built.
    where = (f"{row.source} × {query}" if query
             else _("{source} (any query)").format(source=row.source))
    meaning = _(_MEANING[state]) if state in _MEANING else state
    parts = [f"{where}: {meaning}"]
    if cell.check is not None:
        check = cell.check
        parts.append(_("{outcome} by {actor} at {time}").format(
            outcome=check.outcome, actor=check.actor, time=check.ts[:16].replace("T", " ")))
        if check.note:
            parts.append(check.note)
    if cell.opened or cell.fetched:
        parts.append(_("{opened} opened, {fetched} fetched").format(opened=cell.opened,
                                                                    fetched=cell.fetched))
    if cell.plans_opened:
        parts.append(_("{count} plan searches opened").format(count=cell.plans_opened))
    return {
        "state": state,
        "glyph": glyph_for(state, cell.plans_opened),
        "plans": cell.plans_opened,
        "title": " · ".join(parts),
    }


def _columns(coverage: Coverage) -> list[dict[str, Any]]:
    """Planned queries in playbook order, then queries the record names that no playbook of the
    case plans (a playbook since changed, another pattern): nothing recorded is left out."""
    planned: list[PlannedQuery] = list(coverage.queries)
    known = {q.id for q in planned}
    extra = sorted({q for r in coverage.rows for q in r.cells if q is not None and q not in known})
    columns = []
    for query, is_planned in [*((q, True) for q in planned),
                              *((PlannedQuery(q, ""), False) for q in extra)]:
        playbook, _sep, short = query.id.partition(":")
        columns.append({"id": query.id, "playbook": playbook, "query": short or query.id,
                        "title": query.title, "pattern": query.pattern, "planned": is_planned})
    return columns


def _bands(columns: Sequence[dict[str, Any]], width: int) -> list[dict[str, Any]]:
    """Runs of at most `width` columns, cut between playbooks where a playbook fits."""
    groups: list[tuple[str, bool, int, int]] = []  # playbook, planned, start, end
    for i, col in enumerate(columns):
        if groups and groups[-1][0] == col["playbook"] and groups[-1][1] == col["planned"]:
            groups[-1] = (*groups[-1][:3], i + 1)
        else:
            groups.append((col["playbook"], col["planned"], i, i + 1))
    bands: list[dict[str, Any]] = []

    def new_band(pos: int) -> dict[str, Any]:
        bands.append({"start": pos, "end": pos, "groups": []})
        return bands[-1]

    band = new_band(0)
    for playbook, planned, start, end in groups:
        room = width - (band["end"] - band["start"])
        if room < end - start <= width:  # fits on a band of its own: not cut in two
            band, room = new_band(start), width
        pos = start
        while pos < end:
            if room == 0:
                band, room = new_band(pos), width
            take = min(room, end - pos)
            band["groups"].append({"playbook": playbook, "planned": planned, "span": take,
                                   "first": pos + 1})
            band["end"] = pos = pos + take
            room -= take
    kept = [b for b in bands if b["groups"]] or bands[:1]
    for band in kept:  # which columns of the band start a playbook (a rule is drawn there)
        firsts = {g["first"] - 1 for g in band["groups"]}
        band["starts"] = [i in firsts for i in range(band["start"], band["end"])]
    return kept


GAP_TITLES = (N_("Searched, but no outcome recorded"), N_("Queries not run yet"),
              N_("Blocked or inaccessible: another route is needed"),
              N_("No playbook query names these: check by hand"))
"""Headings of the gap priorities 1 to 4 (English; translated where shown)."""

RANKS = (N_("named by the case's playbook queries"), N_("the case's own sources"),
         N_("searched or checked without a playbook query"), N_("no playbook query names these"))
"""Row groups of the matrix, in order (`rank` of a row is the index)."""


def _row_order(row: CoverageRow) -> tuple[int, int, str, str]:
    active = any(c.check or c.opened or c.fetched for c in row.cells.values())
    rank = 0 if row.queries else 1 if row.local else 2 if active else 3
    return (rank, -len(row.queries), row.kind, row.source)


def build_matrix(coverage: Coverage, *, band_width: int = BAND_WIDTH) -> dict[str, Any]:
    """The matrix as plain data: columns, bands, rows of cells, counts per state, and gaps."""
    columns = _columns(coverage)
    counts = {state: 0 for state, _g, _m in STATES}
    rows = []
    for row in sorted(coverage.rows, key=_row_order):
        applies = set(row.queries)
        cells = []
        for col in columns:
            view = _cell_view(row, col["id"], row.cells.get(col["id"]), col["id"] in applies)
            counts[view["state"] if view else "n/a"] += 1
            cells.append(view)
        any_cell = row.cells.get(None)
        any_view = _cell_view(row, None, any_cell, False) if any_cell else None
        if any_view is not None:  # the legend counts what was recorded in the first column too
            counts[any_view["state"]] += 1
        rows.append({
            "source": row.source, "name": row.name, "kind": row.kind, "local": row.local,
            "expected": row.expected, "status": row.status, "applies": len(row.queries),
            "rank": _row_order(row)[0],
            "plans": sum(c.plans_opened for c in row.cells.values()),
            "any": any_view, "cells": cells,
        })
    return {
        "columns": columns,
        "bands": _bands(columns, band_width),
        "rows": rows,
        "counts": counts,
        "cells": len(rows) * len(columns),
        "ranks": list(RANKS),
        "legend": [{"state": s, "glyph": g, "meaning": m, "count": counts[s]}
                   for s, g, m in STATES],
        "gaps": _gaps(coverage),
        "gap_titles": list(GAP_TITLES),
    }


def _gaps(coverage: Coverage) -> list[dict[str, Any]]:
    """What is still open, most urgent first.

    1. searched, but no outcome recorded (the record is incomplete; cheap to close);
    2. queries that name the source, not run yet (more queries first, platforms first);
    3. blocked or inaccessible: another route is needed (another engine, an archive);
    4. sources the patterns call for that no query names and nobody checked (by hand).
    """
    gaps: list[dict[str, Any]] = []
    not_run: list[tuple[int, bool, dict[str, Any]]] = []
    by_hand: dict[str, list[dict[str, str]]] = {}
    for row in coverage.rows:
        ref = {"id": row.source, "name": row.name, "kind": row.kind}
        opened = [q for q, c in row.cells.items() if c.check is None and (c.opened or c.fetched)]
        if opened:
            gaps.append({"priority": 1,
                         "reason": _("{count} searched, no outcome").format(count=len(opened)),
                         "sources": [ref], "queries": [q or _("(any query)") for q in opened],
                         "hint": _check_hint(row.source, opened[0])})
        done = {q for q, c in row.cells.items() if c.check or c.opened or c.fetched}
        pending = [q for q in row.queries if q not in done]
        if pending:
            not_run.append((len(pending), row.kind == "platform", {
                "priority": 2, "reason": _("{count} of {total} queries not run").format(
                    count=len(pending), total=len(row.queries)),
                "sources": [ref], "queries": pending,
                "hint": f"dorker open {pending[0]}" + (" " + _("(and the rest)")
                                                       if pending[1:] else "")}))
        retry = [q for q, c in row.cells.items() if c.check and c.check.outcome in _RETRY]
        if retry:
            outcomes = sorted({str(row.cells[q].check.outcome)  # type: ignore[union-attr]
                               for q in retry})
            gaps.append({"priority": 3, "reason": " / ".join(outcomes),
                         "sources": [ref], "queries": [q or _("(any query)") for q in retry],
                         "hint": _("another engine, an archive copy, or a colleague's access")})
        if row.expected and not row.queries and not done:
            by_hand.setdefault(row.kind, []).append(ref)
    not_run.sort(key=lambda item: (-item[0], not item[1], item[2]["sources"][0]["id"]))
    gaps.extend(item[2] for item in not_run)
    for kind in sorted(by_hand, key=lambda k: (-len(by_hand[k]), k)):
        gaps.append({"priority": 4, "reason": kind, "sources": by_hand[kind], "queries": [],
                     "hint": "dorker check SOURCE --outcome nothing|leads|blocked|inaccessible"})
    # Stable: not-run and by-hand gaps keep their order; the others go by how many queries
    # they hold, then by source id.
    gaps.sort(key=lambda g: (g["priority"], 0 if g["priority"] in (2, 4) else -len(g["queries"]),
                             "" if g["priority"] in (2, 4) else g["sources"][0]["id"]))
    for gap in gaps:
        gap["by_playbook"] = _by_playbook(gap["queries"])
    return gaps


def _check_hint(source: str, query: str | None) -> str:
    """The command that records the missing outcome."""
    where = f" --query {query}" if query else ""
    return f"dorker check {source}{where} --outcome nothing|leads|blocked|inaccessible"


def _by_playbook(queries: Sequence[str], shown: int = 8) -> list[dict[str, Any]]:
    """`a:q1, a:q2, b:q3` as [{"playbook": "a", "queries": ["q1", "q2"]}, ...] (first `shown`)."""
    groups: dict[str, list[str]] = {}
    for query in queries[:shown]:
        playbook, sep, short = query.partition(":")
        groups.setdefault(playbook if sep else "", []).append(short if sep else query)
    return [{"playbook": k, "queries": v} for k, v in groups.items()]
