"""`dorker evidence add|open|export`: keep a hashed copy of a file for a case, open it (from
any team member's machine on a team store), copy it out (recorded as an export)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO, Any

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
    listing = commands.add_parser("list", help=_("the evidence files recorded (images included)"))
    listing.add_argument("--case", metavar="ID", help=_("only this case (default: every case)"))
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)

    show = commands.add_parser(
        "open", help=_("open a piece of evidence by its SHA-256 (this machine's or the "
                       "team's copy, checked by hash)"))
    show.add_argument("sha256", metavar="HASH",
                      help=_("the SHA-256, or its first 8+ hex digits"))
    show.add_argument("--print", dest="print_path", action="store_true",
                      help=_("print the checked local copy's path instead of opening it"))
    show.set_defaults(handler=run_open)

    export = commands.add_parser("export", help=_("copy a piece of evidence out (recorded)"))
    export.add_argument("sha256", metavar="HASH",
                        help=_("the SHA-256, or its first 8+ hex digits"))
    export.add_argument("-o", "--output", type=Path, metavar="FILE", required=True,
                        help=_("where to write it (owner-only)"))
    export.set_defaults(handler=run_export)


def run_add(args: argparse.Namespace) -> int:
    import json

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
        line = _("recorded {seq}: {file} sha256:{sha256} {size} bytes at {time} for "
                 "{case}").format(seq=event.seq, file=p["file"], sha256=p["sha256"],
                                  size=p["size"], time=event.ts, case=case_id)
        if "shared" in p:
            line += "; " + (_("shared with the team") if p["shared"] else
                            _("NOT shared with the team (over the size limit): it stays here"))
        print(safe_text(line))
    return 0


def run_open(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.store.display import safe_text
    from dorker.store.evidence import find_evidence, open_evidence
    from dorker.store.session import open_configured_store

    with open_configured_store(load_config()) as store:
        event = find_evidence(store, args.sha256)
        path = open_evidence(store, str(event.payload["sha256"]))
    if args.print_path:
        print(path)
        return 0
    print(safe_text(_open_file(path).format(path=path, file=event.payload.get("file"))))
    return 0


def _open_file(path: Path) -> str:
    """Hand `path` to the desktop's viewer; say what happened (no desktop: nothing opened),
    as a message with `{path}` and `{file}` to fill in."""
    import os
    import shutil
    import subprocess
    import sys

    from dorker.browser import has_graphical_browser

    if not has_graphical_browser():
        return _("no desktop to open it on; the checked copy is: {path} ({file}, checked by "
                 "SHA-256)")
    opened = _("opened: {path} ({file}, checked by SHA-256)")
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined,unused-ignore]
        return opened
    opener = "open" if sys.platform == "darwin" else shutil.which("xdg-open")
    if opener is None:
        return _("no viewer found (xdg-open); the checked copy is: {path} ({file}, checked by "
                 "SHA-256)")
    subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    return opened


def run_export(args: argparse.Namespace) -> int:
    import shutil
    import sys

    from dorker.config import load_config
    from dorker.store.evidence import find_evidence, open_evidence
    from dorker.store.exports import write_export
    from dorker.store.session import open_configured_store

    config = load_config()
    with open_configured_store(config) as store:
        event = find_evidence(store, args.sha256)
        source = open_evidence(store, str(event.payload["sha256"]))

        def write(out: IO[bytes]) -> None:
            with source.open("rb") as src:
                shutil.copyfileobj(src, out)

        write_export(store, args.output, write, what="evidence", case_id=event.case_id,
                     actor=config.actor, binary=True)
    sys.stderr.write(_("dorker: wrote {file} (recorded as an export)").format(
        file=args.output) + "\n")
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
        print(_("no evidence recorded for {case}").format(case=case_id) if case_id
              else _("no evidence recorded"))
    return 0
