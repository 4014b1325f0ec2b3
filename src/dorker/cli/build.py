"""`dorker build PLAYBOOK [-V NAME=VALUE]... [-e ENGINE]... [--format text|json|urls]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dorker.errors import UsageError
from dorker.i18n import _, ngettext

__all__ = ["parse_assignments", "register", "run"]


def register(sub: Any) -> None:
    """Add `build` to the top-level subparsers."""
    parser = sub.add_parser("build", help=_("build a playbook's queries for each engine"))
    parser.add_argument("playbook", metavar="PLAYBOOK",
                        help=_("playbook id (or ID:QUERY for one query), or a playbook file"))
    parser.add_argument("-V", dest="values", action="append", default=[], metavar="NAME=VALUE",
                        help=_("a variable's value (repeat for several values)"))
    parser.add_argument("-e", "--engine", dest="engines", action="append", default=[],
                        metavar="ENGINE",
                        help=_("engine id (repeatable; default: the playbook's)"))
    parser.add_argument("--format", choices=("text", "json", "urls"), default="text")
    from dorker.cli.plans import add_max_searches

    add_max_searches(parser)
    parser.set_defaults(handler=run)


def parse_assignments(items: list[str]) -> dict[str, list[str]]:
    """`-V name=value` items, grouped by name (a repeated name gives several values)."""
    out: dict[str, list[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(_("-V {item!r} is not NAME=VALUE").format(item=item))
        out.setdefault(name.strip(), []).append(value)
    return out


def run(args: argparse.Namespace) -> int:
    """Build and print."""
    from dorker.playbooks.build import build
    from dorker.playbooks.expand import resolve_values
    from dorker.playbooks.library import SUFFIXES, resolve_playbook
    from dorker.textsafe import printable

    target, query_ids = args.playbook, None
    if ":" in target and not target.endswith(SUFFIXES) and "/" not in target:
        target, _sep, qid = target.partition(":")
        query_ids = [qid]
    pb = resolve_playbook(target)
    if query_ids and pb.query(query_ids[0]) is None:
        raise UsageError(_("playbook {playbook!r} has no query {query!r}").format(
            playbook=pb.id, query=query_ids[0]), hint=_("its queries: {queries}").format(
            queries=", ".join(q.id for q in pb.queries)))
    values = resolve_values(pb, parse_assignments(args.values))
    from dorker.cli.plans import max_searches, plan_lines

    result = build(pb, values, args.engines or None, query_ids, max_searches(args))
    for exp in result.skipped:
        sys.stderr.write(printable(_("dorker: note: query {query!r} not built: {why}").format(
            query=exp.query.id, why=exp.skipped)) + "\n")
    out = sys.stdout
    if args.format == "json":
        out.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "urls":
        for built in result.queries:
            for compiled in built.engines.values():
                urls = [s.url for s in compiled.searches] or [compiled.url]
                for url in urls:
                    if url:
                        out.write(url + "\n")
    else:
        out.write(printable(f"{pb.id} v{pb.version} ({pb.pattern}) — {pb.title}") + "\n")
        for built in result.queries:
            exp = built.expansion
            shown = ", ".join(f"{k}={'|'.join(v)}" for k, v in exp.used_values().items())
            out.write("\n" + printable(f"[{exp.query.id}] {exp.query.title}"
                                       + (f"  ({shown})" if shown else "")) + "\n")
            for engine, compiled in built.engines.items():
                if compiled.searches:
                    plan = ngettext("search plan ({n} search):", "search plan ({n} searches):",
                                    len(compiled.searches)).format(n=len(compiled.searches))
                    out.write(printable(f"  {engine:<11} {plan}") + "\n")
                    prefix = f"{pb.id}:{exp.query.id}"
                    for line in plan_lines(compiled.searches, prefix, " " * 14):
                        out.write(printable(line) + "\n")
                else:
                    shown = compiled.query or _("(nothing to search)")
                    out.write(printable(f"  {engine:<11} {shown}") + "\n")
                for diag in (*exp.diagnostics, *compiled.diagnostics):
                    if diag.severity != "info":
                        out.write(printable(f"  {'':<11} ! {diag.severity} {diag.code}: "
                                            f"{diag.message}") + "\n")
    if not result.queries:
        sys.stderr.write(_("dorker: nothing was built (see the notes above)") + "\n")
        return 1
    return 0
