"""`dorker translate`: read dorks (Google syntax) and write them for other engines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from dorker.errors import UsageError
from dorker.i18n import _

READERS = ("google",)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "translate",
        help=_("translate a dork (or one dork a line from stdin with '-') for other engines"),
        description=_("Read a dork in Google syntax and write it for each engine, with what "
                      "was translated, approximated or dropped."),
    )
    parser.add_argument(
        "query",
        nargs="?",
        default="-",
        metavar="QUERY",
        help=_("the dork, or '-' to read one dork a line from standard input"),
    )
    parser.add_argument(
        "--from",
        dest="source",
        default="google",
        metavar="SYNTAX",
        help=_("syntax of the input (default: google)"),
    )
    parser.add_argument(
        "-e",
        "--engine",
        action="append",
        dest="engines",
        metavar="ENGINE",
        help=_("target engine (repeatable; default: the config's default engines)"),
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default=None,
        help=_("output format (default: text for one dork, jsonl for '-')"),
    )
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=_("a URL parameter an engine needs, e.g. channel=NAME for telegram"),
    )
    from dorker.cli.plans import add_max_searches

    add_max_searches(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dorker.translate import Translator

    if args.source not in READERS:
        raise UsageError(
            _("cannot read {syntax!r} syntax").format(syntax=args.source),
            hint=_("readers: {readers}").format(readers=", ".join(READERS))
        )
    params = _params(args.param)
    engines = args.engines
    if not engines:
        from dorker.config import load_config

        engines = list(load_config().default_engines)
    from dorker.cli.plans import max_searches

    translator = Translator.for_engines(engines, params=params, max_searches=max_searches(args))
    out = sys.stdout
    if args.query != "-":
        result = translator.translate(args.query)
        fmt = args.format or "text"
        if fmt == "text":
            _write_text(result, out)
        else:
            indent = 2 if fmt == "json" else None
            out.write(json.dumps(result, ensure_ascii=False, indent=indent) + "\n")
        return 0
    fmt = args.format or "jsonl"
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    lines = stream if stream is not None else (line.encode("utf-8") for line in sys.stdin)
    results = (translator.translate_bytes(number, raw) for number, raw in enumerate(lines, start=1))
    if fmt == "json":  # one JSON array of all results (still in input order)
        out.write("[")
        for index, result in enumerate(results):
            out.write(("," if index else "") + "\n" + json.dumps(result, ensure_ascii=False))
        out.write("\n]\n")
        return 0
    for result in results:
        if fmt == "jsonl":
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            _write_text(result, out)
            out.write("\n")
        out.flush()
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(
                _("--param {pair!r} is not NAME=VALUE").format(pair=pair),
                hint=_("e.g. --param channel=news")
            )
        params[name.strip()] = value.strip()
    return params


_MARK = {"info": "·", "warning": "!", "error": "✗"}


def _write_text(result: dict[str, Any], out: TextIO) -> None:
    from dorker.textsafe import printable

    word_input, word_query, word_url = _("input"), _("query"), _("url")
    out.write(f"{word_input}  {printable(result['input'])}\n")
    for d in result["diagnostics"]:
        span = f" [{d['span'][0]}:{d['span'][1]}]" if d.get("span") else ""
        out.write(f"  {_MARK[d['severity']]} {d['code']}{span}: {printable(d['message'])}\n")
    for engine, compiled in result["engines"].items():
        out.write(f"\n{engine}\n")
        query = compiled["query"]
        shown = printable(query) if query is not None else _("(none)")
        out.write(f"  {word_query}  {shown}\n")
        if compiled["url"]:
            out.write(f"  {word_url}    {compiled['url']}\n")
        for search in compiled.get("searches", ()):
            via = ("" if search["engine"] == engine
                   else " " + _("(via {engine})").format(engine=search["engine"]))
            out.write(f"  {search['id']:<6} {printable(search['query'] or '')}{via}\n")
        for d in compiled["diagnostics"]:
            out.write(f"  {_MARK[d['severity']]} {d['code']}: {printable(d['message'])}\n")
