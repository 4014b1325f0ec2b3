"""`dorker open TARGET`: hand searches to the investigator's browser (or print/copy them), and
record each one with its exact engine, query and URL."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dorker.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "open", help=_("open a playbook's (or a dork's) searches in the browser and record them")
    )
    parser.add_argument(
        "target", metavar="TARGET",
        help=_("PLAYBOOK_ID, PLAYBOOK_ID:QUERY_ID, PLAYBOOK_ID:QUERY_ID#N (search N of a "
               "platform's plan), or a raw dork"),
    )
    parser.add_argument(
        "-e",
        "--engine",
        dest="engines",
        action="append",
        default=[],
        metavar="ENGINE",
        help=_("engine (repeatable; default: the playbook's)"),
    )
    parser.add_argument(
        "-V",
        dest="values",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=_("a playbook variable's value (repeatable)"),
    )
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--print",
        dest="how",
        action="store_const",
        const="printed",
        help=_("print the URLs instead of opening them"),
    )
    how.add_argument(
        "--copy",
        dest="how",
        action="store_const",
        const="copied",
        help=_("copy the URLs to the clipboard"),
    )
    parser.add_argument(
        "--all", action="store_true",
        help=_("open whole search plans on platforms (default: each plan's first search) and "
               "more than 10 tabs"))
    from dorker.cli.plans import add_max_searches

    add_max_searches(parser)
    parser.add_argument(
        "--dork", action="store_true", help=_("read TARGET as a dork, never a playbook")
    )
    parser.add_argument("--case", metavar="ID",
                        help=_("the case (default: the current case, if any)"))
    parser.set_defaults(handler=run, how=None)


def run(args: argparse.Namespace) -> int:
    from dorker.browser import browser_takes, can_copy, copy_text, open_urls
    from dorker.cli.plans import max_searches
    from dorker.config import load_config
    from dorker.coverage import QUERY_OPENED
    from dorker.errors import UsageError
    from dorker.store.session import open_configured_store, read_current_case, resolve_case
    from dorker.targets import resolve_target
    from dorker.textsafe import printable

    resolved = resolve_target(
        args.target, engines=args.engines, values=args.values, force_dork=args.dork,
        max_searches=max_searches(args),
    )
    # On a platform, a query is a plan of short searches: its first search, or all with --all.
    items = [one for item in resolved
             for one in (item.plan_items() if args.all else [item.first()])]
    usable = [i for i in items if i.url]
    for item in items:
        if not item.url:
            why = next(
                (d["message"] for d in item.diagnostics if d["severity"] == "error"),
                _("no URL could be built"),
            )
            sys.stderr.write(printable(_("dorker: {engine}: not opened: {why}").format(
                engine=item.engine, why=why)) + "\n")
    if not usable:
        return 2
    from dorker.store.events import new_command_id

    config = load_config()
    how = args.how or "browser"
    if how == "copied" and not can_copy():  # before anything is recorded
        raise UsageError(_("no clipboard is available here"), hint=_("use --print instead"))
    # What will really happen to each search, known before it is recorded: the browser takes
    # the first ones (10 unless --all), the rest are printed.
    taken = browser_takes(len(usable), allow_all=args.all) if how == "browser" else 0
    command_id = new_command_id()  # the events of this one command, e.g. a whole plan
    with open_configured_store(config, create=True) as store:
        case_id = (
            resolve_case(store, config, args.case)
            if (args.case or read_current_case(config))
            else None
        )
        for index, item in enumerate(usable):  # recorded (committed) before the hand-off
            item_how = how if how != "browser" or index < taken else "printed"
            store.append(
                QUERY_OPENED,
                {**item.record(), "how": item_how, "command_id": command_id,
                 **(getattr(args, "record_extra", None) or {})},
                actor=config.actor, case_id=case_id,
            )
    urls = [i.url for i in usable if i.url]
    printed: list[str] = []
    note = ""
    if how == "copied":
        via = copy_text("\n".join(urls))
        note = _("copied {count} URL(s) via {via}").format(count=len(urls), via=via)
    elif how == "printed":
        printed = urls
    else:
        result = open_urls(urls, allow_all=args.all)
        printed, note = result.printed, result.reason
        if result.opened:
            note = _("opened {count} in the browser").format(count=len(result.opened)) + (
                f"; {note}" if note else "")
    for item in usable:
        if item.url in printed:
            label = f"{item.search_id} ({item.engine})" if item.search_id else item.engine
            sys.stdout.write(printable(f"{label:<11} {item.url}") + "\n")
    recorded = (_("recorded {count} search(es) for {case}").format(count=len(usable),
                                                                    case=case_id)
                if case_id else
                _("recorded {count} search(es) (no case: use --case or dorker case use)").format(
                    count=len(usable)))
    sys.stderr.write(printable(f"dorker: {recorded}" + (f"; {note}" if note else "")) + "\n")
    return 0
