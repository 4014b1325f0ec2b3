"""`dorker pivot LEAD_OR_VALUE`: search a lead (a number, a handle, an e-mail...) in every form
it is written, with the matching selector-pivot playbook, through `open` or `search`; each
search is recorded like theirs, with the lead id in the event."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dorker.i18n import _

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    parser = sub.add_parser("pivot", help=_("search a lead (number, handle, e-mail...) in every "
                              "form it is written, with its selector-pivot playbook"))
    parser.add_argument("lead", metavar="LEAD_OR_VALUE",
                        help=_("a lead id (phone:+8801712345678) or a value as written "
                          "(01712-345678, @name, t.me/name, name@example.com)"))
    parser.add_argument("-e", "--engine", dest="engines", action="append", default=[],
                        metavar="ENGINE", help=_("engine (repeatable; default: the playbook's)"))
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--print", dest="how", action="store_const", const="printed",
                     help=_("print the URLs instead of opening them"))
    how.add_argument("--copy", dest="how", action="store_const", const="copied",
                     help=_("copy the URLs to the clipboard"))
    how.add_argument("--search", dest="how", action="store_const", const="search",
                     help=_("fetch results through a provider (like dorker search)"))
    parser.add_argument("--provider", metavar="NAME", help=_("with --search: the provider"))
    parser.add_argument("--all", action="store_true", help=_("open more than 10 tabs"))
    parser.add_argument("--region", metavar="CC", help=_("country for numbers without +code"))
    parser.add_argument("--case", metavar="ID",
                        help=_("the case (default: the current case, if any)"))
    parser.set_defaults(handler=run, how=None)


def run(args: argparse.Namespace) -> int:
    from dorker.cli.leads import region_of
    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.leads.ids import candidate_ids
    from dorker.leads.pivot import plan_pivot
    from dorker.textsafe import printable

    if args.provider and args.how != "search":
        raise UsageError(_("--provider applies to --search"))
    if args.how == "search" and len(args.engines) > 1:
        raise UsageError(_("--search fetches through one engine, as dorker search does"),
                         hint=_("give one -e, or open the pivot in every engine without "
                                "--search"))
    config = load_config()
    region = region_of(args, config)
    ids = candidate_ids(args.lead, region)
    if not ids:
        raise UsageError(_("{lead!r} holds no phone, handle, e-mail, link or licence number "
                           "to search for").format(lead=printable(args.lead)),
                         hint=_("give a lead id such as phone:+8801712345678 (see: dorker leads "
                                "list)"))
    plans: dict[tuple[str, tuple[str, ...]], Any] = {}
    for lead_id in ids:
        plan = plan_pivot(lead_id)
        plans.setdefault((plan.target, plan.values), plan)
    if len(plans) > 1:
        raise UsageError(_("{lead!r} holds several leads: {leads}").format(
            lead=printable(args.lead), leads=", ".join(ids)),
            hint=_("pivot on one of them at a time"))
    (plan,) = plans.values()
    sys.stderr.write(printable(_("dorker: pivot on {what}").format(what=plan.describe()))
                     + "\n")
    extra = {"lead": plan.lead_id}
    if args.how == "search":
        from dorker.cli import search

        return search.run(argparse.Namespace(
            target=plan.target, provider=args.provider,
            engine=args.engines[0] if args.engines else None, pages=1, values=list(plan.values),
            dork=plan.dork, refresh=False, case=args.case, format="text", record_extra=extra))
    from dorker.cli import open as open_command

    return open_command.run(argparse.Namespace(
        target=plan.target, engines=args.engines, values=list(plan.values), how=args.how,
        all=args.all, dork=plan.dork, case=args.case, record_extra=extra))
