"""`dorker engines`: the engines and platforms dorker can write queries for."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dorker.engines.profile import EngineProfile

from dorker.i18n import N_, _


def register(sub: Any) -> None:
    parser = sub.add_parser("engines",
                            help=_("list the engines and platforms, with operator support"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


_SHORT = {"supported": "+", "partial": "~", "unsupported": "-", "deprecated": "x"}
LEGEND = N_("  + supported      ~ partial (written, but the engine may not honour it)\n"
            "  - unsupported (approximated or dropped, always with a diagnostic)      x "
            "deprecated")
# The operators in three tables with full names as column headers (one wide table of 21
# abbreviated columns was unreadable: `in` stood for four different operators). Operator
# names are codes: the headers stay as written in every language.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Query structure"), ("phrase", "or", "not", "group", "plus", "wildcard")),
    (N_("Where the words must appear"), ("site", "intitle", "allintitle", "inurl", "allinurl",
                                         "intext", "allintext", "inanchor", "filetype")),
    (N_("Dates, distance, language and place"), ("after", "before", "range", "around", "lang",
                                                 "loc")),
)


def run(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.engines.profile import load_profiles

    profiles = load_profiles(None, extra_roots=load_config().catalog_roots)
    if args.format == "json":
        data = [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "homepage": p.homepage,
                "checked": p.checked,
                "url_template": p.template,
                "requires": list(p.requires),
                "limits": {
                    "words": p.limits.words,
                    "chars": p.limits.chars,
                    "operators": p.limits.operators,
                    "url_length": p.max_url_length,
                },
                "operators": {
                    name: {"support": r.support, "note": r.note, "source": r.source}
                    for name, r in p.operators.items()
                },
                "sources": list(p.sources),
                "note": p.note,
                "path": str(p.path),
            }
            for p in profiles
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    write_table(profiles, sys.stdout)
    return 0


def write_table(profiles: Sequence[EngineProfile], out: IO[str]) -> None:
    """The engines as three readable tables (full operator names) under one legend."""
    from dorker.textwidth import cell_width, ljust

    engine, kind, checked, name = _("engine"), _("kind"), _("profile checked"), _("name")
    width = max(cell_width(engine), *(cell_width(p.id) for p in profiles)) + 2
    checked_width = max(cell_width(checked) + 2, 17)
    out.write(_("Operator support:") + f"\n{_(LEGEND)}\n")
    out.write(f"\n{ljust(engine, width)}{ljust(kind, 10)}{ljust(checked, checked_width)}"
              f"{name}\n")
    for p in profiles:
        out.write(f"{ljust(p.id, width)}{ljust(p.kind, 10)}{ljust(p.checked, checked_width)}"
                  f"{p.name}\n")
    for title, operators in GROUPS:
        out.write(f"\n{_(title)}\n{ljust(engine, width)}" + "  ".join(operators) + "\n")
        for p in profiles:
            cells = "  ".join(f"{_SHORT[p.rule(op).support]:^{len(op)}}" for op in operators)
            out.write(f"{ljust(p.id, width)}{cells}".rstrip() + "\n")
    out.write("\n" + _("cache:, related:, link: and info: (retired by the engines) are not "
                       "shown.") + "\n"
              + _("Each operator's notes and sources: dorker engines --format json") + "\n")
