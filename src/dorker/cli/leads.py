"""`dorker leads ...`: pull phone numbers, messenger handles, e-mails, links, fees and licence
numbers out of ads (offline), record them per case, and link the items that share one."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dorker.i18n import _

__all__ = ["FORMATS_EXTRACT", "region_of", "register", "run_export", "run_extract",
           "run_links", "run_list", "run_mark", "run_scan"]

FORMATS_EXTRACT = ("text", "json")


def register(sub: Any) -> None:
    parser = sub.add_parser("leads",
                            help=_("phone numbers, handles, e-mails, links and fees in ads"))
    commands = parser.add_subparsers(dest="leads_command", metavar=_("COMMAND"))
    parser.set_defaults(handler=_usage)

    extract = commands.add_parser("extract", help=_("print the leads of a text (offline, records "
                                    "nothing)"))
    extract.add_argument("file", metavar="FILE", nargs="?", default="-",
                         help=_("a UTF-8 text file, or - for standard input (the default)"))
    extract.add_argument("--region", metavar="CC",
                         help=_("country for numbers written without +code (default: the "
                           "config's [leads] region, BD)"))
    extract.add_argument("--html", action="store_true", help=_("read FILE as an HTML page"))
    extract.add_argument("--format", choices=FORMATS_EXTRACT, default="text")
    extract.set_defaults(handler=run_extract)

    scan = commands.add_parser("scan", help=_("extract the leads of a case's results, reviews and "
                                 "evidence, and record the new ones"))
    scan_which = scan.add_mutually_exclusive_group()
    scan_which.add_argument("--case", metavar="ID", help=_("the case (default: the current case)"))
    scan_which.add_argument("--all", action="store_true", help=_("scan every case of the store"))
    scan.add_argument("--region", metavar="CC", help=_("country for numbers without +code"))
    scan.add_argument("--format", choices=("text", "json"), default="text")
    scan.set_defaults(handler=run_scan)

    listing = commands.add_parser("list", help=_("the leads of a case, with item and case counts"))
    listing.add_argument("--case", metavar="ID",
                         help=_("the case (default: the current case; without one, every case)"))
    listing.add_argument("--kind", metavar="K", help=_("only this kind or family (phone, "
                           "whatsapp, telegram, email, url, domain, handle, money, licence)"))
    listing.add_argument("--format", choices=("text", "json", "csv"), default="text")
    listing.set_defaults(handler=run_list)

    mark = commands.add_parser("mark", help=_("record a verdict on a lead of the case"))
    mark.add_argument("lead", metavar="LEAD",
                      help=_("a lead id (phone:+880...) or value as written"))
    mark.add_argument("--verdict", required=True, choices=("confirmed", "dismissed"))
    mark.add_argument("--note", metavar="TEXT", default="")
    mark.add_argument("--case", metavar="ID", help=_("the case (default: the current case)"))
    mark.add_argument("--region", metavar="CC", help=_("country for numbers without +code"))
    mark.add_argument("--format", choices=("text", "json"), default="text")
    mark.set_defaults(handler=run_mark)

    links = commands.add_parser("links", help=_("clusters of items that share a lead, and other "
                                  "cases holding the same leads"))
    links.add_argument("--case", metavar="ID",
                       help=_("the case (default: the current case; without one, every case)"))
    links.add_argument("--format", choices=("text", "json"), default="text")
    links.set_defaults(handler=run_links)

    export = commands.add_parser("export", help=_("the leads of a case for link-analysis tools "
                                   "(GraphML, entity-link CSV, JSON)"))
    export.add_argument("--case", metavar="ID",
                        help=_("the case (default: the current case; without one, every case)"))
    export.add_argument("--format", required=True, choices=("graphml", "csv", "json"))
    export.add_argument("-o", "--output", metavar="FILE",
                        help=_("write to FILE (owner-only, 0600) instead of standard output"))
    export.set_defaults(handler=run_export)


def _usage(args: argparse.Namespace) -> int:
    from dorker.errors import UsageError

    raise UsageError(_("missing leads command"),
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
    if args.file == "-" and sys.stdin.isatty():
        sys.stderr.write(_("dorker: reading the ad from the keyboard; end it with Ctrl-D "
                           "(or give a FILE)") + "\n")
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
        sys.stderr.write(_("dorker: no leads found") + "\n")


def _case_or_all(store: Any, config: Any, given: str | None) -> str | None:
    """--case, else the current case, else None (every case)."""
    from dorker.store.session import read_current_case, resolve_case

    if given or read_current_case(config):
        return resolve_case(store, config, given)
    return None


def run_scan(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.leads.scan import scan_case
    from dorker.store.cases import list_cases
    from dorker.store.session import open_configured_store, resolve_case
    from dorker.textsafe import printable

    config = load_config()
    region = region_of(args, config)
    reports = []
    with open_configured_store(config) as store:
        cases = ([c.id for c in list_cases(store)] if args.all
                 else [resolve_case(store, config, args.case)])
        for case_id in cases:
            reports.append(scan_case(store, case_id, actor=config.actor, region=region))
    for report in reports:
        for note in report.skipped:
            sys.stderr.write(printable(_("dorker: {case}: skipped {note}").format(
                case=report.case_id, note=note)) + "\n")
    if args.format == "json":
        doc = reports[0].to_json() if not args.all else {"cases": [r.to_json() for r in reports]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return 0
    for report in reports:
        new = len(report.recorded)
        line = _("{case}: read {texts} text(s); {leads} lead(s) in {items} item(s)").format(
            case=report.case_id, texts=report.texts, leads=len(report.leads),
            items=len(report.items))
        line += "; " + (_("recorded {count} new sighting(s)").format(count=new) if new
                        else _("nothing new to record"))
        if report.skipped:
            line += "; " + _("skipped {count}").format(count=len(report.skipped))
        sys.stdout.write(line + "\n")
    if any(r.recorded for r in reports):
        sys.stdout.write(_("see them with: dorker leads list; clusters: dorker leads links")
                         + "\n")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from dorker.cli.leads_views import print_list
    from dorker.config import load_config
    from dorker.leads.events import summarise, verdicts
    from dorker.store.session import open_configured_store

    kind = _list_kind(args.kind)
    config = load_config()
    with open_configured_store(config) as store:
        case_id = _case_or_all(store, config, args.case)
        own, cases_of = _read_sightings(store, case_id, kind)
        summaries = summarise(own, case_id=case_id, cases_of=cases_of, marks=verdicts(store))
    if kind:
        summaries = [s for s in summaries
                     if kind in s.kinds or kind == s.kind or s.id.startswith(kind + ":")]
    print_list(summaries, case_id, args.format)
    return 0 if summaries else 1


def _list_kind(given: str | None) -> str | None:
    """--kind, lowercased: a kind or a family of leads; anything else is refused."""
    from dorker.errors import UsageError
    from dorker.leads.ids import FAMILIES
    from dorker.leads.model import KINDS
    from dorker.textsafe import printable

    if not given:
        return None
    kind = given.lower()
    valid = sorted(set(KINDS) | FAMILIES)
    if kind not in valid:
        raise UsageError(_("--kind {kind!r} is not a kind of lead").format(
            kind=printable(given)), hint=_("use one of: {kinds}").format(kinds=", ".join(valid)))
    return kind


def _read_sightings(store: Any, case_id: str | None,
                    kind: str | None) -> tuple[list[Any], dict[str, set[str]]]:
    """The sightings of the case (all cases: None) that may belong to a lead of `kind`, and the
    cases each of those leads was seen in, read in one pass without keeping the rest.

    A lead's family never changes, so a sighting of another family cannot belong to a listed
    lead; the exact kind test is made on the summaries (a lead listed under a kind keeps every
    one of its sightings, as before)."""
    from dorker.leads.events import iter_sightings
    from dorker.leads.model import KIND_FAMILY

    family = KIND_FAMILY.get(kind, kind) if kind else None
    own: list[Any] = []
    cases_of: dict[str, set[str]] = {}
    for sighting in iter_sightings(store):
        if family is not None and sighting.lead_id.partition(":")[0] != family:
            continue
        if sighting.case_id:
            cases_of.setdefault(sighting.lead_id, set()).add(sighting.case_id)
        if case_id is None or sighting.case_id == case_id:
            own.append(sighting)
    return own, cases_of


def run_mark(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.leads.events import LEAD_MARKED, iter_sightings
    from dorker.leads.ids import candidate_ids
    from dorker.store.session import open_configured_store, resolve_case
    from dorker.textsafe import printable

    config = load_config()
    region = region_of(args, config)
    with open_configured_store(config) as store:
        case_id = resolve_case(store, config, args.case)
        known = {s.lead_id: s for s in iter_sightings(store, case_id)}
        hits = [c for c in candidate_ids(args.lead, region) if c in known]
        if not hits:
            value = args.lead.strip().lstrip("@").lower()
            hits = [k for k in known if k.partition(":")[2].lower() == value]
        if not hits:
            raise UsageError(_("no lead {lead!r} in {case}").format(lead=printable(args.lead),
                                                                     case=case_id),
                             hint=_("see: dorker leads list (or run: dorker leads scan)"))
        if len(hits) > 1:
            raise UsageError(_("{lead!r} names several leads: {leads}").format(
                lead=printable(args.lead), leads=", ".join(hits)), hint=_("give the lead id"))
        lead = known[hits[0]]
        event = store.append(LEAD_MARKED, {"lead": lead.lead_id, "kind": lead.kind,
                                           "value": lead.value, "verdict": args.verdict,
                                           "note": args.note}, actor=config.actor,
                             case_id=case_id)
    if args.format == "json":
        sys.stdout.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(printable(_("recorded {seq}: {lead} {verdict} in {case}").format(
            seq=event.seq, lead=lead.lead_id, verdict=args.verdict, case=case_id)) + "\n")
    return 0


def run_links(args: argparse.Namespace) -> int:
    from dorker.cli.leads_views import print_links
    from dorker.config import load_config
    from dorker.leads.graph import links
    from dorker.store.session import open_configured_store

    config = load_config()
    with open_configured_store(config) as store:
        case_id = _case_or_all(store, config, args.case)
        result = links(store, case_id)
    print_links(result, case_id, args.format)
    return 0 if result.clusters else 1


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dorker.config import load_config
    from dorker.leads.events import iter_sightings, verdicts
    from dorker.leads.export import export_graph, render
    from dorker.store.cases import list_cases
    from dorker.store.exports import write_export
    from dorker.store.session import open_configured_store

    config = load_config()
    with open_configured_store(config) as store:
        case_id = _case_or_all(store, config, args.case)
        sightings = list(iter_sightings(store, case_id))
        titles = {c.id: c.title for c in list_cases(store)}
        marks = {key: v.verdict for key, v in verdicts(store, case_id).items()}
        data = render(export_graph(sightings, titles, marks), args.format, case_id)
        if args.output is not None:
            # Case data leaves dorker: written owner-only, and recorded (what, which case,
            # where to) before the file appears; a failed write records nothing.
            path = Path(args.output)
            write_export(store, path, lambda out: _write(out, data), what="leads",
                         case_id=case_id, actor=config.actor, binary=True)
            message = (_("dorker: wrote {count} sighting(s) of {case} to {file} (owner-only)")
                       if case_id else
                       _("dorker: wrote {count} sighting(s) of every case to {file} (owner-only)"))
            sys.stderr.write(message.format(count=len(sightings), case=case_id, file=path) + "\n")
            return 0
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (tests, some embedders)
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        binary.write(data)
        binary.flush()
    return 0


def _write(out: Any, content: Any) -> None:
    """Write the whole export to `out` (for `write_export`)."""
    out.write(content)
