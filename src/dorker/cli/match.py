"""`dorker match [FILE | -] [--url URL] [--title TITLE] [--pattern P] [--format text|json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dorker.errors import InputError, Location, UsageError
from dorker.i18n import _

__all__ = ["MAX_TEXT_BYTES", "register", "run"]

MAX_TEXT_BYTES = 5_000_000


def register(sub: Any) -> None:
    """Add `match` to the top-level subparsers."""
    parser = sub.add_parser("match", help=_("which playbook queries match a text (offline)"))
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help=_("text file, or - for standard input (the default)"))
    parser.add_argument("--url", help=_("the page's URL (checks site: and inurl:)"))
    parser.add_argument("--title", help=_("the page's title (checks intitle:)"))
    parser.add_argument("--pattern", metavar="P", help=_("only playbooks of this crime pattern"))
    parser.add_argument("-e", "--engine", dest="engine", metavar="ENGINE",
                        help=_("also say which search of the query's plan on this engine (one "
                               "without OR, e.g. facebook) finds the text"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def _read(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1) if hasattr(sys.stdin, "buffer") \
            else sys.stdin.read(MAX_TEXT_BYTES + 1).encode("utf-8")
        where = Location("<stdin>")
    else:
        path = Path(name)
        where = Location(path)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_TEXT_BYTES + 1)
        except FileNotFoundError:
            raise InputError(_("file not found"), where=where) from None
        except OSError as exc:
            raise InputError(_("cannot read: {error}").format(error=exc.strerror or exc),
                             where=where) from None
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(_("text is over the {limit}-byte limit").format(
            limit=f"{MAX_TEXT_BYTES:,}"), where=where)
    return data.decode("utf-8", errors="replace")


def _planned_engine(engine: str | None) -> str | None:
    """The -e engine when it makes plans (None without -e or on an engine with OR)."""
    if engine is None:
        return None
    from dorker.engines.registry import engine_profiles

    return engine if engine_profiles([engine])[engine].makes_plan else None


def run(args: argparse.Namespace) -> int:
    """Match and print; exit 0 with a match, 1 without (like grep)."""
    from dorker.playbooks.library import load_library
    from dorker.playbooks.matching import match_text
    from dorker.playbooks.model import PATTERNS
    from dorker.textsafe import printable

    if args.pattern is not None and args.pattern not in PATTERNS:
        raise UsageError(_("unknown pattern {pattern!r}").format(pattern=args.pattern),
                         hint=_("one of: {choices}").format(choices=", ".join(PATTERNS)))
    text = _read(args.file)
    planned = _planned_engine(args.engine)
    library = load_library()
    for note in library.warnings():
        sys.stderr.write(printable(_("dorker: warning: {note}").format(note=note)) + "\n")
    errors: list[str] = []
    hits = match_text(library.effective(), text, url=args.url, title=args.title,
                      pattern=args.pattern, errors=errors)
    for error in dict.fromkeys(errors):
        sys.stderr.write(printable(_("dorker: warning: skipped: {error}").format(error=error))
                         + "\n")
    found: list[str | None] = [None] * len(hits)
    if planned:
        from dorker.playbooks.plan_matching import plan_hit
        from dorker.query.matcher import prepare_text

        prepared = prepare_text(text, url=args.url, title=args.title)
        found = [plan_hit(h.playbook, h.query, planned, prepared) for h in hits]
    if args.format == "json":
        patterns = list(dict.fromkeys(h.playbook.pattern for h in hits))
        matches = [{**h.to_json(), **({"search": f} if planned else {})}
                   for h, f in zip(hits, found, strict=True)]
        sys.stdout.write(json.dumps({"matches": matches, "patterns": patterns},
                                    ensure_ascii=False) + "\n")
    else:
        for hit, search in zip(hits, found, strict=True):
            tail = ""
            if planned:
                tail = "  [" + (_("{engine} plan: {search}").format(engine=planned, search=search)
                                if search else
                                _("no {engine} plan search finds it").format(engine=planned)) + "]"
            sys.stdout.write(printable(f"{hit.playbook.pattern:<18} {hit.playbook.id}:"
                                       f"{hit.query.id}  {hit.query.title}{tail}") + "\n")
    return 0 if hits else 1
