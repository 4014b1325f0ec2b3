"""`dorker doctor [--fix]`: permissions, store and cache health, provider settings (no secrets)."""

from __future__ import annotations

import argparse
from typing import Any

from dorker.i18n import _

__all__ = ["register", "run"]

_MARK = {"ok": "ok", "fixed": "FIXED", "warning": "WARN", "problem": "PROBLEM"}


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "doctor", help=_("check permissions, the store, the caches and provider settings"))
    parser.add_argument("--fix", action="store_true",
                        help=_("make dorker's files owner-only and repair the caches' indexes"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.doctor import run_checks
    from dorker.textsafe import printable

    findings = run_checks(load_config(), fix=args.fix)
    problems = [f for f in findings if f.status == "problem"]
    if args.format == "json":
        print(json.dumps({"ok": not problems, "checks": [f.to_json() for f in findings]},
                         ensure_ascii=False, indent=2))
    else:
        for f in findings:
            hint = f" ({f.hint})" if f.hint else ""
            print(printable(f"{_MARK[f.status]:<8}{f.check}: {f.message}{hint}"))
    return 1 if problems else 0
