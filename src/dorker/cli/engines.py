"""`dorker engines`: the engines and platforms dorker can write queries for."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dorker.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser("engines",
                            help=_("list the engines and platforms, with operator support"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


_SHORT = {"supported": "+", "partial": "~", "unsupported": "-", "deprecated": "x"}


def run(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.engines.profile import load_profiles
    from dorker.query.ast import NEUTRAL_OPERATORS

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
    shown = [op for op in NEUTRAL_OPERATORS if op not in ("cache", "related", "link", "info")]
    out = sys.stdout
    out.write(_("support: + supported  ~ partial  - unsupported (approximated or dropped)  x "
                "deprecated") + "\n\n")
    from dorker.textwidth import cell_width, ljust

    width = max(cell_width(p.id) for p in profiles) + 2
    header = "".join(f"{op[:2]:>3}" for op in shown)
    engine, kind, checked = _("engine"), _("kind"), _("checked")
    out.write(f"{ljust(engine, width)}{ljust(kind, 10)}{header}   {checked}\n")
    for p in profiles:
        row = "".join(f"{_SHORT[p.rule(op).support]:>3}" for op in shown)
        out.write(f"{ljust(p.id, width)}{ljust(p.kind, 10)}{row}   {p.checked}\n")
    out.write("\n" + _("columns: {columns}").format(
        columns=", ".join(f"{op[:2]}={op}" for op in shown)) + "\n")
    out.write(_("details: dorker engines --format json") + "\n")
    return 0
