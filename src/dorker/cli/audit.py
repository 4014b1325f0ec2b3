"""`dorker audit log|verify|head`: read, verify and anchor the record."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from dorker.i18n import N_, _

if TYPE_CHECKING:
    from dorker.store.verify import VerifyReport

NO_ANCHOR_WARNING = N_(
    "not checked: without an anchor, a cut-off tail or a wholly recomputed chain cannot be "
    "detected. Record `dorker audit head` somewhere else (ticket, notebook, e-mail) and verify "
    "with --anchor SEQ:HASH."
)


def register(sub: Any) -> None:
    parser = sub.add_parser("audit", help=_("the record: history, verification, head"))
    commands = parser.add_subparsers(dest="audit_command", metavar=_("COMMAND"), required=True)

    log = commands.add_parser("log", help=_("events of the record, oldest first, filtered"))
    log.add_argument("--case", metavar="ID", help=_("only this case's events"))
    log.add_argument("--actor", metavar="A", help=_("only what this person did"))
    log.add_argument("--action", metavar="X",
                     help=_("exact action, or a prefix ending in * (case.*)"))
    log.add_argument("--since", metavar="T", help=_("from this UTC date/time (inclusive)"))
    log.add_argument("--until", metavar="T",
                     help=_("up to this UTC date/time (a bare date: that whole day)"))
    log.add_argument("--limit", metavar="N", type=int, help=_("at most N events"))
    log.add_argument("--reverse", action="store_true", help=_("newest first"))
    log.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    log.set_defaults(handler=run_log)

    verify = commands.add_parser("verify",
                                 help=_("recompute the hash chain and evidence hashes"))
    verify.add_argument("--anchor", metavar="SEQ:HASH",
                        help=_("a head recorded earlier: catches a cut-off tail or rewritten "
                               "chain"))
    verify.add_argument("--deep", action="store_true",
                        help=_("also parse and re-canonicalise every event (slower)"))
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.set_defaults(handler=run_verify)

    head = commands.add_parser("head",
                               help=_("print SEQ:HASH of the last event, to record elsewhere"))
    head.add_argument("--format", choices=("text", "json"), default="text")
    head.set_defaults(handler=run_head)


def run_log(args: argparse.Namespace) -> int:
    import csv
    import json
    import sys

    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.store.base import EventFilter
    from dorker.store.cases import normalise_case_id
    from dorker.store.display import parse_time_bound, payload_summary, safe_text
    from dorker.store.session import open_configured_store
    from dorker.textsafe import csv_cell

    if args.limit is not None and args.limit < 0:
        raise UsageError(_("--limit must be 0 or more"))
    if args.limit is not None and args.limit > 2**62:
        raise UsageError(_("--limit is too large"))
    where = EventFilter(
        case_id=normalise_case_id(args.case) if args.case else None,
        actor=args.actor, action=args.action,
        since=parse_time_bound(args.since, upper=False, option="--since") if args.since else None,
        until=parse_time_bound(args.until, upper=True, option="--until") if args.until else None,
    )
    out = sys.stdout
    with open_configured_store(load_config()) as store:
        events = store.iter_events(where, reverse=args.reverse, limit=args.limit)
        if args.format == "jsonl":
            for event in events:
                out.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
        elif args.format == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["seq", "ts", "actor", "case", "action", "payload", "prev", "hash"])
            for event in events:
                # Cells a spreadsheet would run as formulas get a leading apostrophe; the JSONL
                # export is the faithful one (and what an auditor re-hashes).
                writer.writerow([event.seq, event.ts, csv_cell(event.actor), event.case_id or "",
                                 event.action, csv_cell(json.dumps(event.payload,
                                                                   ensure_ascii=False,
                                                                   sort_keys=True)),
                                 event.prev_hash, event.hash])
        else:
            from dorker.textwidth import ljust, rjust

            seq, time, actor, case, action, details = (_("SEQ"), _("TIME (UTC)"), _("ACTOR"),
                                                       _("CASE"), _("ACTION"), _("DETAILS"))
            out.write(f"{rjust(seq, 6)}  {ljust(time, 27)}  {ljust(actor, 14)}  "
                      f"{ljust(case, 7)}  {ljust(action, 16)}  {details}\n")
            for event in events:
                out.write(safe_text(f"{event.seq:>6}  {event.ts:<27}  {ljust(event.actor, 14)}  "
                                    f"{event.case_id or '-':<7}  {event.action:<16}  ")
                          + payload_summary(event.payload) + "\n")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.session import open_configured_store
    from dorker.store.verify import parse_anchor, verify

    anchor = parse_anchor(args.anchor) if args.anchor else None
    with open_configured_store(load_config()) as store:
        report = verify(store, anchor, deep=args.deep)
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in verify_lines(report):
            print(line)
    return 0 if report.ok else 1


def verify_lines(report: VerifyReport) -> list[str]:
    """The human report of a verify, one finding a line."""
    from dorker.i18n import ngettext
    from dorker.store.display import safe_text

    lines: list[str] = []
    if report.problem is not None:
        p = report.problem
        lines.append(_("FAILED at seq {seq}: {kind}: {message}").format(
            seq=p.seq, kind=p.kind, message=p.message))
        lines.append(_("events 1 to {last} are intact").format(last=report.checked))
    elif report.checked == 0:
        lines.append(_("ok: the record is empty"))
    else:
        lines.append(ngettext("ok: {count} event, chain intact from seq 1 to {last}",
                              "ok: {count} events, chain intact from seq 1 to {last}",
                              report.checked).format(count=report.checked, last=report.checked))
    if report.head is not None:
        lines.append(_("head: {head}").format(head=report.head))
    if report.anchor is None:
        lines.append(_(NO_ANCHOR_WARNING))
    elif report.anchor_problem is not None:
        p = report.anchor_problem
        lines.append(_("FAILED anchor {seq}: {kind}: {message}").format(
            seq=report.anchor.seq, kind=p.kind, message=p.message))
    else:
        lines.append(_("anchor {seq}: matches (no cut-off tail and no rewrite up to seq "
                       "{seq})").format(seq=report.anchor.seq))
    for p in report.evidence_problems:
        lines.append(_("FAILED evidence at seq {seq}: {kind}: {message}").format(
            seq=p.seq, kind=p.kind, message=p.message))
    if report.evidence_checked:
        bad = len({p.message for p in report.evidence_problems})
        checked = ngettext("evidence: {count} copy re-hashed", "evidence: {count} copies re-hashed",
                           report.evidence_checked).format(count=report.evidence_checked)
        state = _("all intact") if not bad else _("{count} bad").format(count=bad)
        lines.append(f"{checked}, {state}")
    return [safe_text(line) for line in lines]


def run_head(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.events import GENESIS_HASH, Head
    from dorker.store.session import open_configured_store

    with open_configured_store(load_config()) as store:
        head = store.head() or Head(0, GENESIS_HASH)
    if args.format == "json":
        print(json.dumps({"seq": head.seq, "hash": head.hash, "anchor": str(head)}))
    else:
        print(head)
    return 0
