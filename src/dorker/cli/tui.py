"""`dorker tui` (and bare `dorker`): the terminal app."""

from __future__ import annotations

import argparse
from typing import Any

from dorker.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser("tui", help=_("open the terminal app (the default)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        from dorker.tui.app import run_app  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        # Until the terminal app is built, show the command-line help instead.
        from dorker.cli.main import build_parser

        build_parser().print_help()
        return 0
    return int(run_app() or 0)
