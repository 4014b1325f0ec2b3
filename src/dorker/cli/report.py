"""`dorker report CASE [--format html|md] [--paper a4|letter] [-o FILE]`: the case report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dorker.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser("report", help=_("write a case report (HTML or Markdown)"))
    parser.add_argument("case", metavar="CASE", help=_("the case id"))
    parser.add_argument("--format", choices=("html", "md"), default="html")
    parser.add_argument(
        "--paper", choices=("a4", "letter"), default="a4",
        help=_("paper size when printed (HTML)")
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE",
        help=_("write to FILE (default: standard output)")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dorker.catalog import load_catalog
    from dorker.cli.coverage import planned_queries
    from dorker.config import load_config
    from dorker.coverage import case_coverage
    from dorker.report import case_report_data, engine_kinds, render_report
    from dorker.report.output import check_destination
    from dorker.store.base import EventFilter
    from dorker.store.cases import normalise_case_id, require_case
    from dorker.store.session import open_configured_store

    if args.output is not None:
        check_destination(args.output)
    config = load_config()
    with open_configured_store(config) as store:
        case = require_case(store, normalise_case_id(args.case))
        events = list(store.iter_events(EventFilter(case_id=case.id)))  # read once, used twice
        coverage = case_coverage(
            store, case, load_catalog().sources, planned_queries(case.patterns), events=events
        )
        data = case_report_data(
            store, case, coverage, kinds=engine_kinds(config.catalog_roots), events=events
        )
        text = render_report(data, args.format, paper=args.paper)
        if args.output is not None:
            from dorker.store.exports import write_export

            # Written owner-only and recorded as an export before the file appears; a report
            # that fails to render or write records nothing.
            write_export(store, args.output, lambda out: _write(out, text), what="case report",
                         case_id=case.id, actor=config.actor)
            sys.stderr.write(_("dorker: wrote {file}").format(file=args.output) + "\n")
            return 0
    sys.stdout.write(text)
    return 0


def _write(out: Any, content: Any) -> None:
    """Write the whole export to `out` (for `write_export`)."""
    out.write(content)
