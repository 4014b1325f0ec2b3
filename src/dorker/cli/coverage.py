"""`dorker coverage`: per case, the sources × queries × outcome, and what is not yet checked."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dorker.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser("coverage",
                            help=_("what was checked for a case, and what is not yet"))
    parser.add_argument("--case", metavar="ID", help=_("the case (default: the current case)"))
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
    from dorker.textwidth import column, ljust

    case = report.case
    out = sys.stdout
    data = report.to_json()["summary"]
    out.write(f"{case.id}  {printable(case.title)}\n")
    out.write(_("patterns: {patterns}").format(
        patterns=", ".join(case.patterns) or _("(none: every source)")) + "\n")
    out.write(_("{checked} of {sources} sources checked; {queries} playbook queries apply").format(
        checked=data["checked"], sources=data["sources"], queries=len(report.queries)) + "\n\n")
    source, kind, status, outcome, who, when = (_("source"), _("kind"), _("status"),
                                                _("outcome"), _("who"), _("when"))
    out.write(f"{ljust(source, 28)} {ljust(kind, 18)} {ljust(status, 12)} "
              f"{ljust(outcome, 13)} {ljust(who, 16)} {when}\n")
    plan_sizes: dict[tuple[str, str], int | None] = {}
    for row in report.rows:
        latest = row.latest
        out.write(
            f"{column(printable(row.source), 27)}  {column(row.kind, 17)}  "
            f"{ljust(row.status, 12)} {ljust(latest.outcome if latest else '-', 13)} "
            f"{column(printable(latest.actor), 15) if latest else ljust('-', 15)}  "
            f"{latest.ts[:16].replace('T', ' ') if latest else '-'}\n"
        )
        opened = row.opened_unchecked_queries
        if opened:
            shown = [_opened_query(row.cells[q], q, plan_sizes) for q in opened[:3]]
            out.write(" " * 29 + printable(_("queries opened, not marked checked: {queries}")
                                           .format(queries=", ".join(shown)))
                      + _more(len(opened)) + "\n")
        pending = [q for q in row.unchecked_queries if q not in opened]
        if pending:
            out.write(" " * 29 + _("queries not yet run here: {queries}").format(
                queries=", ".join(pending[:3])) + _more(len(pending)) + "\n")
    missing = report.not_checked
    if missing:
        out.write(
            "\n" + _("not yet checked ({count}): {sources}").format(
                count=len(missing), sources=", ".join(printable(r.source) for r in missing[:30]))
            + f"{' ...' if len(missing) > 30 else ''}\n"
        )
    out.write(_("record a check: dorker check SOURCE --outcome "
                "nothing|leads|blocked|inaccessible") + "\n")


def _more(count: int) -> str:
    """` and N more` after the first three of `count` queries, else nothing."""
    return " " + _("and {count} more").format(count=count - 3) if count > 3 else ""


def _opened_query(cell: Any, query: str, plan_sizes: dict[tuple[str, str], int | None]) -> str:
    """`QUERY`, or for a platform plan `QUERY (2 of 7 plan searches opened)`: the distinct plan
    searches opened (the `search_id`s of its `query.opened` events) out of the plans of the
    platforms they were opened on, as the playbook compiles them now."""
    from dorker.i18n import ngettext

    if not cell.plans_opened:
        return query
    engines = sorted({key.split(" ", 1)[0] for key in cell.search_ids})
    sizes = [_plan_size(query, engine, plan_sizes) for engine in engines]
    total = None if None in sizes else sum(size or 0 for size in sizes)
    if total is None or total < cell.plans_opened:  # the playbook changed since: no total
        return ngettext("{query} ({opened} plan search opened)",
                        "{query} ({opened} plan searches opened)", cell.plans_opened).format(
            query=query, opened=cell.plans_opened)
    return ngettext("{query} ({opened} of {total} plan search opened)",
                    "{query} ({opened} of {total} plan searches opened)", total).format(
        query=query, opened=cell.plans_opened, total=total)


def _plan_size(query: str, engine: str, sizes: dict[tuple[str, str], int | None]) -> int | None:
    """How many searches `query`'s plan has on `engine` now (None: it no longer compiles)."""
    from dorker.errors import DorkerError
    from dorker.targets import resolve_target

    key = (query, engine)
    if key not in sizes:
        try:
            items = resolve_target(query, engines=[engine])
            sizes[key] = sum(len(item.searches) for item in items) or None
        except (DorkerError, KeyError, ValueError):
            sizes[key] = None
    return sizes[key]
