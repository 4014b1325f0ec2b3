"""What build, open and translate share about search plans: `--max-searches` and the plan's
lines in text output (plans: dorker.engines.plan)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from dorker.i18n import _

__all__ = ["add_max_searches", "max_searches", "plan_lines"]

_LOW, _HIGH = 1, 1000  # as the help of --max-searches says


def _count(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        value = 0
    if not _LOW <= value <= _HIGH:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a number of searches from {low} to {high}").format(
                value=text, low=_LOW, high=_HIGH))
    return value


def add_max_searches(parser: Any) -> None:
    """`--max-searches N`: the cap of each search plan (engines without OR)."""
    parser.add_argument(
        "--max-searches", type=_count, default=None, metavar="N",
        help=_("searches per query in a platform's search plan (1-1000; default: the config's "
               "[platforms] max_searches, else 10)"))


def max_searches(args: argparse.Namespace) -> int:
    """The cap given on the command line, else the config's."""
    given: int | None = getattr(args, "max_searches", None)
    if given is not None:
        return given
    from dorker.config import load_config

    return load_config().max_searches


def plan_lines(searches: Sequence[Any], prefix: str, indent: str) -> list[str]:
    """One line per plan search: its id, its engine when another's, and its words."""
    from dorker.textwidth import cell_width, ljust

    width = max((cell_width(s.id(prefix)) for s in searches), default=0)
    lines = []
    for search in searches:
        via = ("" if search.origin != "web"
               else "  " + _("(via {engine})").format(engine=search.engine))
        lines.append(f"{indent}{ljust(search.id(prefix), width)}  {search.query}{via}")
    return lines
