"""`dorker audit report`: the auditor's report (HTML, Markdown or JSON), recording nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO, Any

from dorker.i18n import _

__all__ = ["register_report", "run_report"]


def register_report(commands: Any) -> None:
    """Add `audit report` to the `audit` subcommands."""
    report = commands.add_parser(
        "report", help=_("who searched what, in which case, what to look at, is the record whole"))
    report.add_argument("--since", metavar="T", help=_("from this UTC date/time (inclusive)"))
    report.add_argument("--until", metavar="T",
                        help=_("up to this UTC date/time (a bare date: that whole day)"))
    report.add_argument("--actor", metavar="A", help=_("only this actor's events"))
    report.add_argument("--case", metavar="ID", help=_("only this case's events"))
    report.add_argument("--anchor", metavar="SEQ:HASH",
                        help=_("a head recorded earlier: catches a cut-off tail or rewritten "
                               "chain"))
    report.add_argument("--format", choices=("html", "md", "json"),
                        help=_("default: from -o's suffix (.html, .md, .json), else md"))
    report.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help=_("write to FILE (owner-only; not recorded: the report only reads)"))
    report.set_defaults(handler=run_report)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.output.suffix.lower() if args.output else ""
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "md")


def run_report(args: argparse.Namespace) -> int:
    from dorker.audit.render import render
    from dorker.audit.report import ReportQuery, build_report
    from dorker.config import load_config
    from dorker.store.cases import normalise_case_id
    from dorker.store.display import parse_time_bound
    from dorker.store.exports import write_export
    from dorker.store.session import open_configured_store
    from dorker.store.verify import parse_anchor

    fmt = _format(args)
    query = ReportQuery(
        since=parse_time_bound(args.since, upper=False, option="--since") if args.since else None,
        until=parse_time_bound(args.until, upper=True, option="--until") if args.until else None,
        actor=args.actor,
        case_id=normalise_case_id(args.case) if args.case else None,
        anchor=parse_anchor(args.anchor) if args.anchor else None,
    )
    config = load_config()
    with open_configured_store(config) as store:
        data = build_report(store, query, config.audit)
    text = render(data, fmt)
    if args.output is None:
        sys.stdout.write(text)
    else:
        # Owner-only like every export, but never recorded: the report only reads the record.
        def write(out: IO[str]) -> None:
            out.write(text)

        write_export(None, args.output, write, what="audit report", case_id=query.case_id)
        sys.stderr.write(_("dorker: wrote {file} (not recorded: the report only reads)").format(
            file=args.output) + "\n")
    return 0 if data["chain"]["ok"] else 1
