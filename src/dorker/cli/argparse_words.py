"""argparse's own words, marked so that `pybabel extract` puts them in dorker's catalog.

argparse looks these up with its module's `_` and `ngettext` (`dorker.i18n.install_argparse`
points them at dorker's catalog), so `dorker --help` reads "ব্যবহার:" rather than "usage:" in
Bengali. Nothing imports this module at run time; the strings are argparse's, copied as written
(Python 3.11-3.13).
"""

from __future__ import annotations

from dorker.i18n import N_, ngettext

__all__ = ["ARGPARSE_WORDS"]

ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    ngettext("expected %s argument", "expected %s arguments", 1),
)
