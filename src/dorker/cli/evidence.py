"""`dorker evidence add FILE`: keep a hashed copy of a file and record it for a case."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("evidence", help="keep evidence files (hashed copies) in the record")
    commands = parser.add_subparsers(dest="evidence_command", metavar="COMMAND", required=True)
    add = commands.add_parser("add", help="copy FILE under the store and record its SHA-256")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--url", metavar="URL", help="where the file came from")
    add.add_argument("--note", metavar="TEXT")
    add.add_argument("--case", metavar="ID", help="the case (default: the current case)")
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.set_defaults(handler=run_add)
    listing = commands.add_parser("list", help="the evidence files recorded (images included)")
    listing.add_argument("--case", metavar="ID", help="only this case (default: every case)")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from dorker.config import load_config
    from dorker.store.display import safe_text
    from dorker.store.evidence import add_evidence
    from dorker.store.session import open_configured_store, resolve_case

    config = load_config()
    with open_configured_store(config, create=True) as store:
        case_id = resolve_case(store, config, args.case)
        event = add_evidence(store, Path(args.file), actor=config.actor, case_id=case_id,
                             url=args.url, note=args.note)
    if args.format == "json":
        print(json.dumps(event.to_json(), ensure_ascii=False))
    else:
        p = event.payload
        print(safe_text(f"recorded {event.seq}: {p['file']} sha256:{p['sha256']} "
                        f"{p['size']} bytes at {event.ts} for {case_id}"))
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Every `evidence.added` event (of one case with --case), oldest first."""
    import json

    from dorker.config import load_config
    from dorker.store.base import EventFilter
    from dorker.store.cases import normalise_case_id, require_case
    from dorker.store.display import safe_text
    from dorker.store.evidence import ACTION
    from dorker.store.session import open_configured_store

    config = load_config()
    with open_configured_store(config) as store:
        case_id = require_case(store, normalise_case_id(args.case)).id if args.case else None
        rows: list[dict[str, Any]] = [
            {"seq": e.seq, "ts": e.ts, "actor": e.actor, "case": e.case_id,
             **{k: e.payload.get(k) for k in ("sha256", "size", "file", "url", "note")}}
            for e in store.iter_events(EventFilter(case_id=case_id, action=ACTION))]
    if args.format == "json":
        print(json.dumps({"evidence": rows}, ensure_ascii=False))
        return 0
    for r in rows:
        print(safe_text(f"{r['seq']:>6}  {r['ts'][:19]}  {r['case'] or '-':<8} "
                        f"sha256:{str(r['sha256'])[:16]}…  {r['size']:>9}  {r['file']}"
                        + (f"  {r['url']}" if r["url"] else "")))
    if not rows:
        print("no evidence recorded" + (f" for {case_id}" if case_id else ""))
    return 0
