"""`dorker catalog list | lint | import osint-framework | schema`: the source catalog."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dorker.errors import UsageError
from dorker.i18n import _


def register(sub: Any) -> None:
    """Add `catalog` and its subcommands to the top-level subparsers."""
    parser = sub.add_parser("catalog", help=_("list, lint and import the source catalog"))
    parser.set_defaults(handler=lambda args: _missing("catalog", "list, lint, schema, import"))
    commands = parser.add_subparsers(dest="catalog_command", metavar=_("SUBCOMMAND"))

    listing = commands.add_parser("list", help=_("list sources, filtered"))
    listing.add_argument("--pattern", metavar="P", help=_("crime-pattern id, e.g. fake-jobs"))
    listing.add_argument("--country", metavar="CC", help=_("ISO 3166-1 alpha-2 code, e.g. BD "
                                                           "(worldwide sources are kept)"))
    listing.add_argument("--kind", metavar="K", help=_("source kind, e.g. job-board"))
    listing.add_argument("--lang", metavar="L", help=_("ISO 639-1 code, e.g. bn"))
    listing.add_argument("--search", metavar="TEXT",
                         help=_("words that must all appear in name, id, domains or notes"))
    listing.add_argument("--format", choices=("text", "json", "csv"), default="text")
    listing.set_defaults(handler=run_list)

    lint = commands.add_parser("lint",
                               help=_("check catalog files (default: every catalog root)"))
    lint.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                      help=_("files or folders to check"))
    lint.set_defaults(handler=run_lint)

    schema = commands.add_parser("schema", help=_("print the JSON Schema of a catalog file"))
    schema.set_defaults(handler=run_schema)

    imp = commands.add_parser("import", help=_("import an external catalog"))
    imp_sub = imp.add_subparsers(dest="import_kind", metavar=_("FORMAT"))
    imp.set_defaults(handler=lambda args: _missing("catalog import", "osint-framework"))
    ofw = imp_sub.add_parser("osint-framework", help=_("OSINT Framework public/arf.json"))
    ofw.add_argument("file", metavar="FILE", type=Path, help=_("the arf.json file"))
    ofw.add_argument("--out", metavar="DIR", type=Path,
                     help=_("folder to write to (default: your catalog folder)"))
    ofw.set_defaults(handler=run_import_osint_framework)


def _missing(command: str, choices: str) -> int:
    raise UsageError(_("`dorker {command}` needs a subcommand: {choices}").format(
        command=command, choices=choices), hint=_("see: dorker {command} --help").format(
        command=command))


def run_list(args: argparse.Namespace) -> int:
    """`catalog list`: filter the loaded catalog and print it."""
    from dorker.catalog import SourceFilter, filter_sources, load_catalog
    from dorker.catalog.render import render_csv, render_json, render_text
    from dorker.catalog.vocab import COUNTRIES, KINDS, LANGUAGES, PATTERNS

    checks = ((args.pattern, PATTERNS, "--pattern", str.lower),
              (args.kind, KINDS, "--kind", str.lower),
              (args.country, COUNTRIES, "--country", str.upper),
              (args.lang, LANGUAGES, "--lang", str.lower))
    for value, allowed, flag, norm in checks:
        if value is not None and norm(value) not in allowed:
            raise UsageError(_("{option} {value!r} is not known").format(option=flag,
                                                                          value=value),
                             hint=_("one of: {choices}").format(
                                 choices=", ".join(sorted(allowed)))
                             if len(allowed) < 40 else _("use an ISO code"))
    spec = SourceFilter(pattern=args.pattern and args.pattern.lower(), country=args.country,
                        kind=args.kind and args.kind.lower(), language=args.lang,
                        text=args.search)
    sources = filter_sources(load_catalog().sources, spec)
    render = {"text": render_text, "json": render_json, "csv": render_csv}[args.format]
    sys.stdout.write(render(sources))
    return 0


def run_lint(args: argparse.Namespace) -> int:
    """`catalog lint`: print every problem; exit 1 on findings, 2 if unreadable."""
    from dorker.catalog import catalog_roots, lint_paths
    from dorker.catalog.render import terminal_safe

    paths = list(args.paths) or catalog_roots()
    report = lint_paths(paths)
    for problem in report.problems:
        sys.stdout.write(terminal_safe(str(problem)) + "\n")
    if not report.files:
        sys.stderr.write(_("dorker: no catalog files found") + "\n")
    summary = _("{files} file(s), {sources} valid source(s), {problems} problem(s)").format(
        files=len(report.files), sources=report.sources, problems=len(report.problems))
    sys.stderr.write(summary + "\n")
    return report.exit_code


def run_schema(args: argparse.Namespace) -> int:
    """`catalog schema`: print the JSON Schema of a catalog file."""
    import json

    from dorker.catalog import catalog_schema

    sys.stdout.write(json.dumps(catalog_schema(), indent=2) + "\n")
    return 0


def run_import_osint_framework(args: argparse.Namespace) -> int:
    """`catalog import osint-framework`: convert, write, lint."""
    from dorker.catalog import lint_paths, user_catalog_dir
    from dorker.catalog.osint_framework import import_file, write_entries

    out_dir = args.out if args.out is not None else user_catalog_dir()
    grouped, report = import_file(args.file)
    report.files = write_entries(grouped, out_dir)
    for line in report.lines():
        sys.stdout.write(line + "\n")
    lint = lint_paths(report.files)
    if lint.problems:  # a bug of ours, but say so rather than leave a broken catalog
        for problem in lint.problems[:20]:
            sys.stderr.write(str(problem) + "\n")
        return 1
    return 0
