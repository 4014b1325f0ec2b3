"""`dorker audit log|show|verify|head|report`: read, verify, anchor and report on the record."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from dorker.i18n import N_, _

if TYPE_CHECKING:
    from dorker.store.events import Event
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
    log.add_argument("--format", choices=("table", "jsonl", "csv"), default="table",
                     help=_("table: one readable line per event; jsonl, csv: every field"))
    log.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help=_("write to FILE (owner-only; recorded as an export)"))
    log.set_defaults(handler=run_log)

    show = commands.add_parser("show", help=_("one event in full"))
    show.add_argument("seq", metavar="SEQ", type=int, help=_("the event's sequence number"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_show)

    verify = commands.add_parser("verify",
                                 help=_("recompute the hash chain and evidence hashes"))
    verify.add_argument("--anchor", metavar="SEQ:HASH",
                        help=_("a head recorded earlier: catches a cut-off tail or rewritten "
                               "chain"))
    verify.add_argument("--deep", action="store_true",
                        help=_("also parse and re-canonicalise every event (slower)"))
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.set_defaults(handler=run_verify)

    from dorker.cli.audit_report import register_report

    register_report(commands)

    head = commands.add_parser("head",
                               help=_("print SEQ:HASH of the last event, to record elsewhere"))
    head.add_argument("--format", choices=("text", "json"), default="text")
    head.set_defaults(handler=run_head)


def _log_filter(args: argparse.Namespace) -> Any:
    from dorker.errors import UsageError
    from dorker.store.base import EventFilter
    from dorker.store.cases import normalise_case_id
    from dorker.store.display import parse_time_bound

    if args.limit is not None and args.limit < 0:
        raise UsageError(_("--limit must be 0 or more"))
    if args.limit is not None and args.limit > 2**62:
        raise UsageError(_("--limit is too large"))
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
        from dorker.textwidth import ljust, rjust

        header = (rjust(_("SEQ"), 6), ljust(_("TIME (UTC)"), 19), ljust(_("ACTOR"), 16),
                  ljust(_("CASE"), 7), ljust(_("KIND"), 15), _("SUMMARY"))
        out.write("  ".join(header) + "\n")
        for event in events:
            when = f"{event.ts[:10]} {event.ts[11:19]}"
            out.write(f"{event.seq:>6}  {when:<19}  {ljust(clip(event.actor, 16), 16)}  "
                      f"{ljust(clip(event.case_id or '-', 10), 7)}  "
                      f"{ljust(clip(event.action, 20), 15)}  "
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
    if recorded:
        message = _("dorker: wrote {file}").format(file=args.output)
    else:
        message = _("dorker: wrote {file} (not recorded: this database login may only read the "
                    "record)").format(file=args.output)
    sys.stderr.write(message + "\n")
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
            if head:
                message = _("no event {seq}: the record ends at {last}").format(
                    seq=args.seq, last=head.seq)
            else:
                message = _("no event {seq}: the record is empty").format(seq=args.seq)
            raise UsageError(message, hint=_("see: dorker audit log"))
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
