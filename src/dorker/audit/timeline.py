"""Searches per actor per day, laid out as bars for the report's inline SVG.

The layout is computed here (plain numbers), so the template only draws rectangles and text:
one row per actor, one column per day from the first to the last day with a search (per week
when that spans more than `MAX_COLUMNS` days), bar heights relative to the busiest column.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

__all__ = ["MAX_COLUMNS", "layout"]

MAX_COLUMNS = 370
ROW_HEIGHT = 48
BAR_SPACE = 34
LABEL_WIDTH = 150
COLUMN_WIDTH = 6


def layout(per_actor: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    """Bars for `{actor: {"YYYY-MM-DD": searches}}` (days in the audit time zone)."""
    days = sorted({d for counts in per_actor.values() for d, n in counts.items() if n})
    if not days:
        return {"unit": "day", "start": None, "end": None, "columns": 0, "actors": [],
                "width": LABEL_WIDTH, "height": 0, "max": 0}
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = (last - first).days + 1
    unit, step = ("day", 1) if span <= MAX_COLUMNS else ("week", 7)
    if unit == "week":
        first -= timedelta(days=first.weekday())  # weeks start on Monday
    columns = (last - first).days // step + 1
    rows: list[dict[str, Any]] = []
    peak = 0
    for actor in sorted(per_actor):
        bins: dict[int, int] = {}
        for day, n in per_actor[actor].items():
            if n:
                col = (date.fromisoformat(day) - first).days // step
                bins[col] = bins.get(col, 0) + n
        if bins:
            peak = max(peak, *bins.values())
            rows.append({"actor": actor, "total": sum(bins.values()), "bins": bins})
    out_rows = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        bars = []
        for col, n in sorted(row["bins"].items()):
            height = max(2, round(BAR_SPACE * n / peak))
            start = first + timedelta(days=col * step)
            label = start.isoformat() if unit == "day" else f"week of {start.isoformat()}"
            bars.append({"x": LABEL_WIDTH + col * COLUMN_WIDTH, "y": top + 6 + BAR_SPACE - height,
                         "width": COLUMN_WIDTH - 1, "height": height, "count": n,
                         "label": label})
        out_rows.append({"actor": row["actor"], "total": row["total"], "y": top,
                         "baseline": top + 6 + BAR_SPACE, "bars": bars})
    return {"unit": unit, "start": first.isoformat(),
            "end": (first + timedelta(days=(columns - 1) * step)).isoformat(),
            "columns": columns, "actors": out_rows, "max": peak,
            "width": LABEL_WIDTH + columns * COLUMN_WIDTH + 10,
            "height": len(out_rows) * ROW_HEIGHT + 20}
