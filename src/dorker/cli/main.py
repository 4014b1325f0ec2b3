"""Entry point of the `dorker` command: parses arguments and dispatches to command modules.

Each command lives in its own module under `dorker.cli` with a `register(subparsers)` function
that adds its parser and sets `handler`. Modules keep heavy imports inside their handlers so that
`dorker --version` and a one-dork `dorker translate` start fast. A user's mistake
(`DorkerError`) becomes one line on stderr and exit code 2 (or the error's own code); it never
shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from dorker import __version__, i18n
from dorker.errors import DorkerError
from dorker.i18n import _

__all__ = ["COMMAND_MODULES", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

# One module per top-level command (or group of subcommands); order is the help order.
COMMAND_MODULES: tuple[str, ...] = (
    "dorker.cli.tui",
    "dorker.cli.translate",
    "dorker.cli.build",
    "dorker.cli.match",
    "dorker.cli.playbooks",
    "dorker.cli.engines",
    "dorker.cli.case",
    "dorker.cli.check",
    "dorker.cli.evidence",
    "dorker.cli.audit",
    "dorker.cli.store",
    "dorker.cli.catalog",
    "dorker.cli.coverage",
    "dorker.cli.open",
    "dorker.cli.search",
    "dorker.cli.review",
    "dorker.cli.report",
    "dorker.cli.image",
    "dorker.cli.watch",
    "dorker.cli.leads",
    "dorker.cli.pivot",
    "dorker.cli.doctor",
)

# Which module registers each top-level command, so that one command builds only its own
# parser (building all of them costs about 20 ms: start-up time). A test keeps it complete.
COMMAND_OWNERS: dict[str, str] = {
    "tui": "dorker.cli.tui", "translate": "dorker.cli.translate", "build": "dorker.cli.build",
    "match": "dorker.cli.match", "playbooks": "dorker.cli.playbooks",
    "engines": "dorker.cli.engines", "case": "dorker.cli.case", "check": "dorker.cli.check",
    "evidence": "dorker.cli.evidence", "audit": "dorker.cli.audit", "store": "dorker.cli.store",
    "catalog": "dorker.cli.catalog", "coverage": "dorker.cli.coverage", "open": "dorker.cli.open",
    "search": "dorker.cli.search", "review": "dorker.cli.review", "cache": "dorker.cli.review",
    "report": "dorker.cli.report",
    "image": "dorker.cli.image",
    "watch": "dorker.cli.watch",
    "leads": "dorker.cli.leads",
    "pivot": "dorker.cli.pivot",
    "doctor": "dorker.cli.doctor",
}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        from dorker.textsafe import printable

        line = _("{prog}: error: {message} (see: {prog} --help)").format(prog=self.prog,
                                                                         message=message)
        sys.stderr.write(printable(line) + "\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with every command module registered (or only `only`'s module)."""
    parser = _Parser(
        prog="dorker",
        description=_("Build, open and record search dorks for counter-trafficking "
                      "investigations."),
        epilog=_("Without a command, dorker opens the terminal app."),
    )
    parser.add_argument("--version", action="version", version=f"dorker {__version__}",
                        help=_("show dorker's version and exit"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for name in COMMAND_MODULES if only is None else (COMMAND_OWNERS[only],):
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run dorker with `argv` (default: the process arguments); returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:  # the fast path: no parser, no command modules
        print(f"dorker {__version__}")
        return EXIT_OK
    i18n.setup()  # the interface language, before any help text is built
    if i18n.current_language() != i18n.DEFAULT_LANGUAGE:
        i18n.install_argparse()
    first = args_list[0] if args_list else "tui"
    parser = build_parser(first if first in COMMAND_OWNERS else None)
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        args = parser.parse_args(["tui", *args_list])
        handler = args.handler
    if args.command != "tui":  # the terminal app shows it itself (stderr is hidden under it)
        warning = i18n.take_warning()
        if warning:
            sys.stderr.write(warning + "\n")
    from dorker.private import owner_only_umask

    try:
        # Everything a command creates (store, WAL, evidence, cache, exports) is the owner's.
        with owner_only_umask():
            return int(handler(args) or 0)
    except DorkerError as exc:
        from dorker.textsafe import printable

        # File names and values in messages can hold escape sequences: show them, never run them.
        sys.stderr.write(printable(_("dorker: error: {error}").format(error=exc)) + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(_("dorker: interrupted") + "\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`dorker ... | head`); not an error of ours or the user's.
        sys.stderr.close()
        return EXIT_OK
