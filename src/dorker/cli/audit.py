"""`dorker audit log|show|verify|head|report`: read, verify, anchor and report on the record."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dorker.store.events import Event
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
    log.add_argument("--format", choices=("table", "jsonl", "csv"), default="table",
                     help="table: one readable line per event; jsonl, csv: every field")
    log.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help="write to FILE (owner-only; recorded as an export)")
    log.set_defaults(handler=run_log)

    show = commands.add_parser("show", help="one event in full")
    show.add_argument("seq", metavar="SEQ", type=int, help="the event's sequence number")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_show)

    verify = commands.add_parser("verify", help="recompute the hash chain and evidence hashes")
    verify.add_argument("--anchor", metavar="SEQ:HASH",
                        help="a head recorded earlier: catches a cut-off tail or rewritten chain")
    verify.add_argument("--deep", action="store_true",
                        help="also parse and re-canonicalise every event (slower)")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.set_defaults(handler=run_verify)

    from dorker.cli.audit_report import register_report

    register_report(commands)

    head = commands.add_parser("head", help="print SEQ:HASH of the last event, to record elsewhere")
    head.add_argument("--format", choices=("text", "json"), default="text")
    head.set_defaults(handler=run_head)


def _log_filter(args: argparse.Namespace) -> Any:
    from dorker.errors import UsageError
    from dorker.store.base import EventFilter
    from dorker.store.cases import normalise_case_id
    from dorker.store.display import parse_time_bound

    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    if args.limit is not None and args.limit > 2**62:
        raise UsageError("--limit is too large")
    return EventFilter(
        case_id=normalise_case_id(args.case) if args.case else None,
        actor=args.actor, action=args.action,
        since=parse_time_bound(args.since, upper=False, option="--since") if args.since else None,
        until=parse_time_bound(args.until, upper=True, option="--until") if args.until else None,
    )


def write_log(events: Iterable[Event], fmt: str, out: IO[str]) -> None:
    """Write events as a readable table (one line each), JSONL or CSV (everything)."""
    import csv
    import json

    from dorker.audit.summary import clip, summarize
    from dorker.textsafe import csv_cell

    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
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
        out.write(f"{'SEQ':>6}  {'TIME (UTC)':<19}  {'ACTOR':<16}  {'CASE':<7}  "
                  f"{'KIND':<15}  SUMMARY\n")
        for event in events:
            when = f"{event.ts[:10]} {event.ts[11:19]}"
            out.write(f"{event.seq:>6}  {when:<19}  {clip(event.actor, 16):<16}  "
                      f"{clip(event.case_id or '-', 10):<7}  {clip(event.action, 20):<15}  "
                      f"{summarize(event.action, event.payload)}\n")


def run_log(args: argparse.Namespace) -> int:
    import sys

    from dorker.config import load_config
    from dorker.store.exports import write_export
    from dorker.store.session import open_configured_store

    where = _log_filter(args)
    config = load_config()
    with open_configured_store(config) as store:
        if args.output is None:
            write_log(store.iter_events(where, reverse=args.reverse, limit=args.limit),
                      args.format, sys.stdout)
            return 0
        # An export of the record to a file is itself recorded (what, which case, where),
        # unless this login may only read (a team store's auditor): then say so.
        recorded = store.can_append()

        def write(out: IO[str]) -> None:
            write_log(store.iter_events(where, reverse=args.reverse, limit=args.limit),
                      args.format, out)

        write_export(store if recorded else None, args.output, write, what="audit log",
                     case_id=where.case_id, actor=config.actor)
    note = "" if recorded else " (not recorded: this database login may only read the record)"
    sys.stderr.write(f"dorker: wrote {args.output}{note}\n")
    return 0


def run_show(args: argparse.Namespace) -> int:
    import json

    from dorker.audit.show import event_json, event_text
    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.store.session import open_configured_store

    with open_configured_store(load_config()) as store:
        event = store.get(args.seq) if 0 < args.seq < 2**62 else None
        if event is None:
            head = store.head()
            last = f"the record ends at {head.seq}" if head else "the record is empty"
            raise UsageError(f"no event {args.seq}: {last}", hint="see: dorker audit log")
        db_user = store.db_user(event.seq)
    if args.format == "json":
        print(json.dumps(event_json(event, db_user), ensure_ascii=False, indent=2))
    else:
        print("\n".join(event_text(event, db_user)))
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
