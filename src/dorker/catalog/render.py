"""Catalog listings as text, JSON or CSV: hostile text shown literally, CSV formula-safe."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from dorker.catalog.model import Source
from dorker.textsafe import csv_cell, json_safe, printable

__all__ = ["CSV_COLUMNS", "csv_cell", "render_csv", "render_json", "render_text", "terminal_safe"]

CSV_COLUMNS = ("id", "name", "kind", "domains", "method", "template", "countries", "languages",
               "patterns", "access", "opsec", "opsec_note", "status", "references", "origin")
def terminal_safe(text: str) -> str:
    """Text with control characters (escape sequences, bidi overrides) made visible, not obeyed."""
    return printable(text.replace("\n", " "))


def render_text(sources: Sequence[Source]) -> str:
    """One source a line: id, kind, status, access/opsec, domains, name."""
    lines = []
    for s in sources:
        domains = ",".join(s.domains) or "-"
        lines.append(terminal_safe(f"{s.id:<32} {s.kind:<19} {s.status:<10} "
                                   f"{s.access}/{s.opsec.level:<8} {domains:<28} {s.name}"))
    lines.append(f"{len(sources)} source{'s' if len(sources) != 1 else ''}")
    return "\n".join(lines) + "\n"


def render_json(sources: Sequence[Source]) -> str:
    """`{"count": N, "sources": [...]}` with each entry's fields and its origin."""
    items = [{**s.to_dict(), "origin": s.origin} for s in sources]
    text = json.dumps({"count": len(items), "sources": items}, ensure_ascii=False, indent=2)
    # json escapes C0 controls itself; C1 controls and bidi overrides only occur inside strings,
    # where \uXXXX means the same character and a terminal showing the file obeys nothing.
    return json_safe(text) + "\n"


def render_csv(sources: Sequence[Source]) -> str:
    """A header row, then one row per source; list fields are joined with `;`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in sources:
        row = [s.id, s.name, s.kind, ";".join(s.domains), s.search.method,
               s.search.template or "", ";".join(s.countries), ";".join(s.languages),
               ";".join(s.patterns), s.access, s.opsec.level, s.opsec.note or "", s.status,
               ";".join(s.references), s.origin or ""]
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()
