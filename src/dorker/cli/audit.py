"""`dorker audit log|verify|head`: read, verify and anchor the record."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dorker.store.verify import VerifyReport

NO_ANCHOR_WARNING = (
    "not checked: without an anchor, a cut-off tail or a wholly recomputed chain cannot be "
    "detected. Record `dorker audit head` somewhere else (ticket, notebook, e-mail) and verify "
    "with --anchor SEQ:HASH."
)


def register(sub: Any) -> None:
    parser = sub.add_parser("audit", help="the record: history, verification, head")
    commands = parser.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)

    log = commands.add_parser("log", help="events of the record, oldest first, filtered")
    log.add_argument("--case", metavar="ID")
    log.add_argument("--actor", metavar="A")
    log.add_argument("--action", metavar="X", help="exact action, or a prefix ending in * (case.*)")
    log.add_argument("--since", metavar="T", help="from this UTC date/time (inclusive)")
    log.add_argument("--until", metavar="T",
                     help="up to this UTC date/time (a bare date: that whole day)")
    log.add_argument("--limit", metavar="N", type=int, help="at most N events")
    log.add_argument("--reverse", action="store_true", help="newest first")
    log.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    log.set_defaults(handler=run_log)

    verify = commands.add_parser("verify", help="recompute the hash chain and evidence hashes")
    verify.add_argument("--anchor", metavar="SEQ:HASH",
                        help="a head recorded earlier: catches a cut-off tail or rewritten chain")
    verify.add_argument("--deep", action="store_true",
                        help="also parse and re-canonicalise every event (slower)")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.set_defaults(handler=run_verify)

    head = commands.add_parser("head", help="print SEQ:HASH of the last event, to record elsewhere")
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
        raise UsageError("--limit must be 0 or more")
    if args.limit is not None and args.limit > 2**62:
        raise UsageError("--limit is too large")
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

            out.write(f"{rjust('SEQ', 6)}  {ljust('TIME (UTC)', 27)}  {ljust('ACTOR', 14)}  "
                      f"{ljust('CASE', 7)}  {ljust('ACTION', 16)}  DETAILS\n")
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
    from dorker.store.display import safe_text

    lines: list[str] = []
    if report.problem is not None:
        p = report.problem
        lines.append(f"FAILED at seq {p.seq}: {p.kind}: {p.message}")
        lines.append(f"events 1 to {report.checked} are intact")
    elif report.checked == 0:
        lines.append("ok: the record is empty")
    else:
        lines.append(f"ok: {report.checked} events, chain intact from seq 1 to {report.checked}")
    if report.head is not None:
        lines.append(f"head: {report.head}")
    if report.anchor is None:
        lines.append(NO_ANCHOR_WARNING)
    elif report.anchor_problem is not None:
        p = report.anchor_problem
        lines.append(f"FAILED anchor {report.anchor.seq}: {p.kind}: {p.message}")
    else:
        lines.append(f"anchor {report.anchor.seq}: matches (no cut-off tail and no rewrite up to "
                     f"seq {report.anchor.seq})")
    for p in report.evidence_problems:
        lines.append(f"FAILED evidence at seq {p.seq}: {p.kind}: {p.message}")
    if report.evidence_checked:
        bad = len({p.message for p in report.evidence_problems})
        copies = "copy" if report.evidence_checked == 1 else "copies"
        lines.append(f"evidence: {report.evidence_checked} {copies} re-hashed, "
                     f"{'all intact' if not bad else f'{bad} bad'}")
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
