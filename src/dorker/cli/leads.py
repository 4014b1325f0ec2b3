"""`dorker leads ...`: pull phone numbers, messenger handles, e-mails, links, fees and licence
numbers out of ads (offline), record them per case, and link the items that share one."""

from __future__ import annotations

import argparse
import sys
from typing import Any

FORMATS_EXTRACT = ("text", "json")


def register(sub: Any) -> None:
    parser = sub.add_parser("leads", help="phone numbers, handles, e-mails, links and fees in ads")
    commands = parser.add_subparsers(dest="leads_command", metavar="COMMAND")
    parser.set_defaults(handler=_usage)

    extract = commands.add_parser("extract", help="print the leads of a text (offline, records "
                                  "nothing)")
    extract.add_argument("file", metavar="FILE", nargs="?", default="-",
                         help="a UTF-8 text file, or - for standard input (the default)")
    extract.add_argument("--region", metavar="CC",
                         help="country for numbers written without +code (default: the "
                         "config's [leads] region, BD)")
    extract.add_argument("--html", action="store_true", help="read FILE as an HTML page")
    extract.add_argument("--format", choices=FORMATS_EXTRACT, default="text")
    extract.set_defaults(handler=run_extract)


def _usage(args: argparse.Namespace) -> int:
    from dorker.errors import UsageError

    raise UsageError("missing leads command",
                     hint="dorker leads extract|scan|list|links|mark|export")


def region_of(args: argparse.Namespace, config: Any) -> str:
    """The region from --region, else the config; checked against phonenumbers' regions."""
    from dorker.leads.extract import check_region

    return check_region(args.region or config.leads_region)


def run_extract(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.leads.extract import extract_leads
    from dorker.leads.reading import html_text, read_input

    config = load_config()
    region = region_of(args, config)
    text = read_input(args.file)
    if args.html or args.file.lower().endswith((".html", ".htm")):
        text = html_text(text)
    leads = extract_leads(text, region)
    if args.format == "json":
        sys.stdout.write(json.dumps({"leads": [lead.as_json() for lead in leads],
                                     "region": region}, ensure_ascii=False) + "\n")
    else:
        _print_leads(text, leads)
    return 0 if leads else 1


def _print_leads(text: str, leads: list[Any]) -> None:
    from dorker.textsafe import printable

    out = sys.stdout
    for lead in leads:
        start = lead.span[0]
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        written = "" if lead.raw == lead.value else f"  ({lead.raw})"
        extra = f" [{lead.platform}]" if lead.platform else ""
        out.write(printable(f"{line}:{column}  {lead.kind:<9} {lead.value}{extra}{written}")
                  + "\n")
    if not leads:
        sys.stderr.write("dorker: no leads found\n")
