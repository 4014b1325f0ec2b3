"""`dorker coverage`: per case, the sources × queries × outcome, and what is not yet checked."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("coverage", help="what was checked for a case, and what is not yet")
    parser.add_argument("--case", metavar="ID", help="the case (default: the current case)")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text")
    parser.set_defaults(handler=run)


def planned_queries(patterns: tuple[str, ...]) -> list[Any]:
    """The playbook queries for the case's patterns (`playbook:query`), with their sources."""
    from dorker.coverage import PlannedQuery
    from dorker.playbooks.library import load_library

    wanted = set(patterns)
    return [
        PlannedQuery(f"{pb.id}:{q.id}", pb.pattern, q.sources, q.title)
        for pb in load_library().effective()
        if not wanted or pb.pattern in wanted
        for q in pb.queries
    ]


def run(args: argparse.Namespace) -> int:
    import json

    from dorker.catalog import load_catalog
    from dorker.config import load_config
    from dorker.coverage import case_coverage
    from dorker.store.cases import require_case
    from dorker.store.session import open_configured_store, resolve_case

    config = load_config()
    with open_configured_store(config) as store:
        case = require_case(store, resolve_case(store, config, args.case))
        report = case_coverage(store, case, load_catalog().sources, planned_queries(case.patterns))
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        _csv(report)
    else:
        _text(report)
    return 0


def _csv(report: Any) -> None:
    import csv

    from dorker.textsafe import csv_cell

    writer = csv.writer(sys.stdout)
    writer.writerow(
        [
            "case",
            "source",
            "name",
            "kind",
            "local",
            "status",
            "query",
            "outcome",
            "actor",
            "ts",
            "note",
        ]
    )
    for row in report.rows:
        checks = sorted(row.checks, key=lambda c: c.seq) or [None]
        for check in checks:
            writer.writerow(
                [
                    csv_cell(str(v)) if v is not None else ""
                    for v in (
                        report.case.id,
                        row.source,
                        row.name,
                        row.kind,
                        "yes" if row.local else "no",
                        row.status,
                        check.query if check else None,
                        check.outcome if check else None,
                        check.actor if check else None,
                        check.ts if check else None,
                        check.note if check else None,
                    )
                ]
            )


def _text(report: Any) -> None:
    from dorker.textsafe import printable

    case = report.case
    out = sys.stdout
    data = report.to_json()["summary"]
    out.write(f"{case.id}  {printable(case.title)}\n")
    out.write(f"patterns: {', '.join(case.patterns) or '(none: every source)'}\n")
    out.write(
        f"{data['checked']} of {data['sources']} sources checked; "
        f"{len(report.queries)} playbook queries apply\n\n"
    )
    out.write(f"{'source':<28} {'kind':<18} {'status':<12} {'outcome':<13} {'who':<16} when\n")
    for row in report.rows:
        latest = row.latest
        name = printable(row.source)[:27]
        out.write(
            f"{name:<28} {row.kind[:17]:<18} {row.status:<12} "
            f"{(latest.outcome if latest else '-'):<13} "
            f"{printable(latest.actor)[:15] if latest else '-':<16} "
            f"{latest.ts[:16].replace('T', ' ') if latest else '-'}\n"
        )
        pending = row.unchecked_queries
        if pending:
            more = f" and {len(pending) - 3} more" if len(pending) > 3 else ""
            out.write(f"{'':<29}queries not yet run here: {', '.join(pending[:3])}{more}\n")
    missing = report.not_checked
    if missing:
        out.write(
            f"\nnot yet checked ({len(missing)}): "
            f"{', '.join(printable(r.source) for r in missing[:30])}"
            f"{' ...' if len(missing) > 30 else ''}\n"
        )
    out.write("record a check: dorker check SOURCE --outcome nothing|leads|blocked|inaccessible\n")
