"""`dorker playbooks list | show ID | lint [PATH...] | test [PATH...] | schema | init-repo DIR`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dorker.errors import InputError, Location, UsageError
from dorker.i18n import _

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add `playbooks` and its subcommands to the top-level subparsers."""
    parser = sub.add_parser("playbooks", help=_("list, show, lint and test query playbooks"))
    parser.set_defaults(handler=_missing)
    commands = parser.add_subparsers(dest="playbooks_command", metavar=_("SUBCOMMAND"))

    listing = commands.add_parser("list", help=_("list the playbooks in effect"))
    listing.add_argument("--pattern", metavar="P", help=_("crime-pattern id, e.g. fake-jobs"))
    listing.add_argument("--lang", metavar="L",
                         help=_("playbooks with queries in this language (bn, fa, ar covers "
                                "ar-LB)"))
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", help=_("show one playbook"))
    show.add_argument("playbook", metavar="ID", help=_("playbook id or file"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_show)

    lint = commands.add_parser("lint", help=_("check playbook files (default: every root)"))
    lint.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                      help=_("files or folders to check"))
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.set_defaults(handler=run_lint)

    test = commands.add_parser("test", help=_("run every query's examples"))
    test.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                      help=_("files or folders to test (default: every root)"))
    test.add_argument("--plan-engine", default="facebook", metavar="ENGINE",
                      help=_("report how this engine's search plans do on the examples "
                             "(default: facebook; 'none' to skip)"))
    from dorker.cli.plans import add_max_searches

    add_max_searches(test)
    test.set_defaults(handler=run_test)

    schema = commands.add_parser("schema", help=_("print the JSON Schema of a playbook file"))
    schema.set_defaults(handler=run_schema)

    init = commands.add_parser("init-repo", help=_("create a team playbook folder (README, "
                                                   "schema, CI workflow, an example)"))
    init.add_argument("folder", metavar="DIR", type=Path, help=_("the folder to create"))
    init.set_defaults(handler=run_init_repo)


def _missing(args: argparse.Namespace) -> int:
    raise UsageError(_("`dorker {command}` needs a subcommand: {choices}").format(
        command="playbooks", choices="list, show, lint, test, schema, init-repo"),
        hint=_("see: dorker {command} --help").format(command="playbooks"))


def _warn_broken(library: Any) -> None:
    from dorker.textsafe import printable

    for note in library.warnings():
        sys.stderr.write(printable(_("dorker: warning: {note}").format(note=note)) + "\n")


def run_list(args: argparse.Namespace) -> int:
    """`playbooks list`."""
    from dorker.playbooks.library import load_library
    from dorker.playbooks.model import PATTERNS
    from dorker.textsafe import printable

    if args.pattern is not None and args.pattern not in PATTERNS:
        raise UsageError(_("unknown pattern {pattern!r}").format(pattern=args.pattern),
                         hint=_("one of: {choices}").format(choices=", ".join(PATTERNS)))
    from dorker.playbooks.langtags import queries_in, query_languages

    if args.lang is not None:
        _check_lang_filter(args.lang)
    library = load_library()
    _warn_broken(library)
    counted = {p.id: query_languages(p) for p in library.effective()}
    chosen = [p for p in library.effective()
              if (args.pattern is None or p.pattern == args.pattern)
              and (args.lang is None or queries_in(p, args.lang))]
    if args.format == "json":
        sys.stdout.write(json.dumps([p.summary() | {"query_languages": dict(counted[p.id])}
                                     for p in chosen], ensure_ascii=False, indent=2) + "\n")
        return 0
    from dorker.textwidth import ljust

    for p in chosen:
        if args.lang is not None:  # the queries in the language asked for, and in which tags
            shown = queries_in(p, args.lang)
            count, listed = sum(shown.values()), ",".join(shown)
        else:
            count, listed = len(p.queries), ",".join(p.languages)
        sys.stdout.write(printable(f"{ljust(p.id, 32)} {ljust(p.pattern, 18)} "
                                   f"{ljust(p.status, 8)} v{p.version:<3} {count:>2}q  "
                                   f"{ljust(listed, 20)} {p.title}") + "\n")
    if not chosen:
        sys.stderr.write(_("dorker: no playbooks match") + "\n")
    return 0


def _check_lang_filter(value: str) -> None:
    """A `--lang` value must be a language tag; an unknown one is said, then simply finds none."""
    import re

    from dorker.playbooks.langtags import is_known

    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        raise UsageError(_("--lang {value!r} is not a language tag").format(value=value),
                         hint=_("a code such as bn, en, fa, prs, ar-LB, sr-Latn"))
    if not is_known(value):
        sys.stderr.write(_("dorker: note: {value!r} is not a known language tag").format(
            value=value) + "\n")


def run_show(args: argparse.Namespace) -> int:
    """`playbooks show ID`."""
    from dorker.playbooks.library import resolve_playbook
    from dorker.textsafe import printable

    pb = resolve_playbook(args.playbook)
    if args.format == "json":
        data = pb.summary() | {
            "description": pb.description,
            "references": [{"id": r.id, "title": r.title, "url": r.url, "note": r.note}
                           for r in pb.references],
            "keywords": {n: {"terms": {k: list(v) for k, v in kw.terms.items()},
                             "review": kw.review} for n, kw in pb.keywords.items()},
            "variables": {n: {"type": v.type, "required": v.required, "default": list(v.default),
                              "choices": list(v.choices), "multiple": v.multiple,
                              "matrix": v.matrix, "region": v.region, "description": v.description}
                          for n, v in pb.variables.items()},
            "queries": [{"id": q.id, "title": q.title, "query": q.template,
                         "language": q.language,
                         "engines": list(q.engines) if q.engines else None,
                         "sources": list(q.sources)} for q in pb.queries],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    lines = [f"{pb.id} v{pb.version} — {pb.title}",
             _("pattern: {pattern}   status: {status}   root: {root}").format(
                 pattern=pb.pattern, status=pb.status, root=pb.level_name),
             _("file: {path}").format(path=pb.path),
             _("authors: {authors}").format(authors=", ".join(pb.authors)),
             _("languages: {languages}").format(languages=", ".join(pb.languages)),
             _("engines: {engines}").format(engines=", ".join(pb.engines) if pb.engines
                                            else _("(config default)")),
             "", " ".join(pb.description.split()), ""]
    if pb.variables:
        lines.append(_("variables:"))
        for v in pb.variables.values():
            flags = [f for f, on in (("required", v.required), ("multiple", v.multiple),
                                     ("matrix", v.matrix)) if on]
            extra = f" default={'|'.join(v.default)}" if v.default else ""
            lines.append(f"  {v.name} ({v.type}{', ' + ', '.join(flags) if flags else ''})"
                         f"{extra}  {v.description}")
    if pb.keywords:
        lines.append(_("keywords:"))
        for kw in pb.keywords.values():
            langs = ", ".join(f"{lang}:{len(t)} {kw.review.get(lang, '?')}"
                              for lang, t in kw.terms.items())
            lines.append(f"  {kw.name}: {langs}")
    lines.append(_("queries:"))
    for q in pb.queries:
        lines.append(f"  {q.id}{f' [{q.language}]' if q.language else ''}: {q.title}")
        lines.append(f"      {' '.join(q.template.split())}")
    if pb.references:
        lines.append(_("references:"))
        lines.extend(f"  [{r.id}] {r.title}{' ' + r.url if r.url else ''}" for r in pb.references)
    sys.stdout.write("\n".join(printable(line) for line in lines) + "\n")
    return 0


def run_lint(args: argparse.Namespace) -> int:
    """`playbooks lint`: exit 1 on a warning or an error, 0 otherwise, 2 on unreadable input."""
    from dorker.playbooks.lint import lint
    from dorker.textsafe import printable

    report = lint(args.paths or None)
    if args.format == "json":
        sys.stdout.write(json.dumps([f.to_json() for f in report.findings], ensure_ascii=False,
                                    indent=2) + "\n")
    else:
        for finding in report.findings:
            sys.stdout.write(printable(str(finding)) + "\n")
    if report.files == 0:
        sys.stderr.write(_("dorker: no playbook files found") + "\n")
    sys.stderr.write(_("{files} file(s): {errors} error(s), {warnings} warning(s), {infos} "
                       "info").format(files=report.files, errors=report.count("error"),
                                      warnings=report.count("warning"),
                                      infos=report.count("info")) + "\n")
    return 1 if report.failed else 0


def run_test(args: argparse.Namespace) -> int:
    """`playbooks test`: exit 1 when an example fails, 2 when a file cannot be used."""
    from dorker.playbooks.examples import check_examples
    from dorker.playbooks.library import Root, load_library
    from dorker.playbooks.loader import first_error
    from dorker.textsafe import printable

    for path in args.paths:
        if not path.exists():
            raise InputError(_("no such file or folder"), where=Location(path))
    roots = [Root(0, "given", p) for p in args.paths] if args.paths else None
    library = load_library(roots)
    error = first_error(library.findings)
    if error is not None:
        more = sum(1 for f in library.findings if f.severity == "error") - 1
        raise InputError(f"{error.code} {error.message}",
                         where=Location(error.path, error.line, error.column),
                         hint=_("{count} more: dorker playbooks lint").format(count=more)
                         if more > 0 else None)
    total, failures, playbooks = 0, [], library.effective() if not args.paths else library.all
    for pb in playbooks:
        run, failed = check_examples(pb)
        total += run
        failures.extend(failed)
    for finding in failures:
        sys.stdout.write(printable(str(finding)) + "\n")
    if args.plan_engine != "none":
        _plan_report(playbooks, args)
    sys.stderr.write(_("{playbooks} playbook(s), {examples} example(s), {failures} "
                       "failure(s)").format(playbooks=len(playbooks), examples=total,
                                            failures=len(failures)) + "\n")
    return 1 if failures else 0


def _plan_report(playbooks: list[Any], args: argparse.Namespace) -> None:
    """Per playbook: the share of must-match examples the plans find, of must-not-match ones
    they touch (information, not a failure: a plan drops exclusions by design)."""
    from dorker.cli.plans import max_searches
    from dorker.engines.registry import engine_profiles
    from dorker.playbooks.plan_matching import plan_rates
    from dorker.textsafe import printable

    engine = args.plan_engine
    if not engine_profiles([engine])[engine].makes_plan:
        raise UsageError(_("{engine} makes no search plans (it has OR)").format(engine=engine),
                         hint=_("give an engine without OR, e.g. --plan-engine facebook"))
    cap = max_searches(args)
    found = must = touched = must_not = 0
    for pb in playbooks:
        rate = plan_rates(pb, engine, cap)
        found, must = found + rate.found, must + rate.must_match
        touched, must_not = touched + rate.touched, must_not + rate.must_not_match
        sys.stdout.write(printable(_("plan {engine} {playbook}: {found} of must-match found, "
                                     "{touched} of must-not-match touched").format(
            engine=engine, playbook=pb.id, found=_share(rate.found, rate.must_match),
            touched=_share(rate.touched, rate.must_not_match))) + "\n")
    sys.stderr.write(_("{engine} plans (at most {cap} searches): {found} of must-match examples "
                       "found, {touched} of must-not-match touched").format(
        engine=engine, cap=cap, found=_share(found, must), touched=_share(touched, must_not))
        + "\n")


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "0/0"


def run_schema(args: argparse.Namespace) -> int:
    """`playbooks schema`."""
    from dorker.playbooks.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def run_init_repo(args: argparse.Namespace) -> int:
    """`playbooks init-repo DIR`."""
    from dorker.playbooks.scaffold import init_repo
    from dorker.textsafe import printable

    for path in init_repo(args.folder):
        sys.stdout.write(printable(_("created {path}").format(path=path)) + "\n")
    return 0
