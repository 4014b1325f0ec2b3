"""How `dorker leads list` and `dorker leads links` print: tables, JSON and CSV."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from dorker.i18n import _

__all__ = ["print_links", "print_list"]

LIST_COLUMNS = ("id", "kind", "kinds", "value", "items", "cases", "other_cases", "verdict",
                "verdict_note", "first_seen", "last_seen", "written", "raw")


def print_list(summaries: Sequence[Any], case_id: str | None, fmt: str) -> None:
    """The leads of a case (or of every case) in `fmt`."""
    from dorker.textsafe import csv_cell, printable

    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps({"case": case_id, "leads": [s.to_json() for s in summaries]},
                             ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(LIST_COLUMNS)
        for s in summaries:
            writer.writerow([csv_cell(v) for v in (
                s.id, s.kind, "/".join(sorted(s.kinds)), s.value, len(s.items), len(s.cases),
                " ".join(s.other_cases), s.verdict.verdict if s.verdict else "",
                s.verdict.note if s.verdict else "", s.first_seen, s.last_seen,
                " | ".join(s.raw[:5]), s.raw[0] if s.raw else "")])
        return
    from dorker.textwidth import ljust, rjust

    where = case_id or _("every case")
    if not summaries:
        sys.stderr.write(_("dorker: no leads recorded for {where} (run: dorker leads scan)")
                         .format(where=where) + "\n")
        return
    elsewhere = sum(1 for s in summaries if s.other_cases)
    if elsewhere and case_id:
        head = _("{where}: {count} lead(s), {elsewhere} also in other cases").format(
            where=where, count=len(summaries), elsewhere=elsewhere)
    else:
        head = _("{where}: {count} lead(s)").format(where=where, count=len(summaries))
    out.write(head + "\n")
    header = (ljust(_("KIND"), 15), rjust(_("ITEMS"), 5), rjust(_("CASES"), 5) + " ",
              ljust(_("VERDICT"), 10), _("LEAD  (as written)"))
    out.write(" ".join(header) + "\n")
    for s in summaries:
        verdict = s.verdict.verdict if s.verdict else ""
        if not verdict and s.colleagues:
            verdict = _("{verdict} in {case}").format(verdict=s.colleagues[-1].verdict,
                                                      case=s.colleagues[-1].case_id)
        written = "; ".join(r for r in s.raw[:3] if r != s.value)
        line = (f"{'/'.join(sorted(s.kinds)):<15} {len(s.items):>5} {len(s.cases):>5}  "
                f"{ljust(verdict, 10)} {s.id}" + (f"  ({written})" if written else ""))
        out.write(printable(line) + "\n")


def print_links(result: Any, case_id: str | None, fmt: str) -> None:
    """Clusters of items that share a lead, with the other cases holding those leads."""
    from dorker.textsafe import printable

    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        return
    where = case_id or _("every case")
    if not result.clusters:
        out.write(_("{where}: no items share a lead, and no lead is in another case").format(
            where=where) + "\n")
        return
    out.write(_("{where}: {count} cluster(s)").format(where=where, count=len(result.clusters))
              + "\n")
    for cluster in result.clusters:
        others = (_("; also in {cases}").format(cases=", ".join(cluster.other_cases))
                  if cluster.other_cases else "")
        shared = sum(1 for lead in cluster.leads if lead["items"] > 1 or lead["other_cases"])
        out.write("\n" + printable(_("{cluster}: {items} item(s) linked by {shared} shared "
                                     "lead(s), {leads} in all").format(
            cluster=cluster.id, items=len(cluster.items), shared=shared,
            leads=len(cluster.leads)) + others) + "\n")
        for lead in sorted(cluster.leads, key=lambda row: (-row["items"], row["id"])):
            seen = (_("; also in {cases}").format(cases=", ".join(lead["other_cases"]))
                    if lead["other_cases"] else "")
            out.write(printable(f"  {lead['kind']:<9} {lead['id']}  " + _(
                "in {count} item(s)").format(count=lead["items"]) + seen) + "\n")
        for item in cluster.items:
            label = item.get("url") or item.get("file") or item.get("key")
            title = f"  {item['title']}" if item.get("title") else ""
            out.write(printable(f"    [{item.get('case') or ''}] {label}{title}"[:300]) + "\n")
