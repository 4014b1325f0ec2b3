"""Catalog listings as text, JSON or CSV: hostile text shown literally, CSV formula-safe."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from dorker.catalog.model import Source

__all__ = ["CSV_COLUMNS", "csv_cell", "render_csv", "render_json", "render_text", "terminal_safe"]

CSV_COLUMNS = ("id", "name", "kind", "domains", "method", "template", "countries", "languages",
               "patterns", "access", "opsec", "opsec_note", "status", "references", "origin")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal_safe(text: str) -> str:
    """Text with control characters (escape sequences, bidi overrides) made visible, not obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text.replace("\n", " "))


def csv_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


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
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


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
