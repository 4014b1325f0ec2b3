"""`dorker evidence add FILE`: keep a hashed copy of a file and record it for a case."""

from __future__ import annotations

import argparse
from typing import Any

from dorker.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser("evidence",
                            help=_("keep evidence files (hashed copies) in the record"))
    commands = parser.add_subparsers(dest="evidence_command", metavar=_("COMMAND"),
                                     required=True)
    add = commands.add_parser("add", help=_("copy FILE under the store and record its SHA-256"))
    add.add_argument("file", metavar="FILE", help=_("the file to keep"))
    add.add_argument("--url", metavar="URL", help=_("where the file came from"))
    add.add_argument("--note", metavar="TEXT", help=_("a note kept with the file"))
    add.add_argument("--case", metavar="ID", help=_("the case (default: the current case)"))
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.set_defaults(handler=run_add)


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
        print(safe_text(_("recorded {seq}: {file} sha256:{sha256} {size} bytes at {time} for "
                          "{case}").format(seq=event.seq, file=p["file"], sha256=p["sha256"],
                                           size=p["size"], time=event.ts, case=case_id)))
    return 0
