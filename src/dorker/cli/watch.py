"""`dorker watch add|list|remove|run`: saved sweeps that re-run on a schedule and report only
results the watch never saw. Watches are events in the store (a team on PostgreSQL shares them);
`watch run --due` is what cron or a systemd timer calls (docs/watch.md)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from dorker.i18n import _

__all__ = ["register", "run_add", "run_list", "run_remove", "run_run"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def register(sub: Any) -> None:
    parser = sub.add_parser("watch", help=_("saved sweeps re-run on a schedule (only new results)"))
    watch_sub = parser.add_subparsers(dest="watch_command", metavar=_("COMMAND"))
    parser.set_defaults(handler=_usage)

    add = watch_sub.add_parser("add", help=_("save a sweep to re-run (recorded)"))
    add.add_argument("name", metavar="NAME", help=_("letters, digits, '.', '_' and '-'"))
    add.add_argument("targets", metavar="TARGET", nargs="+",
                     help=_("PLAYBOOK_ID, PLAYBOOK_ID:QUERY_ID, or a raw dork"))
    add.add_argument("-e", "--engine", dest="engines", action="append", default=[],
                     metavar="ENGINE", help=_("engine (repeatable; default: the playbook's)"))
    add.add_argument("--provider", metavar="P", help=_("searxng, brave or google-cse "
                       "(default: the first configured)"))
    add.add_argument("--every", default="1d", metavar="DURATION",
                     help=_("how often: 1d (default), 12h, 30m, 1w, 1d12h"))
    add.add_argument("--pages", type=int, default=1, metavar="N", help=_("pages per search (1)"))
    add.add_argument("-V", dest="values", action="append", default=[], metavar="NAME=VALUE")
    add.add_argument("--dork", action="store_true", help=_("read each TARGET as a dork"))
    add.add_argument("--case", metavar="ID", help=_("the case (default: the current case, if any)"))
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.set_defaults(handler=run_add)

    show = watch_sub.add_parser("list", help=_("watches: owner, next due, last run, new counts"))
    show.add_argument("--case", metavar="ID", help=_("only this case's watches"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_list)

    remove = watch_sub.add_parser("remove", help=_("stop a watch (recorded; its runs stay)"))
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--force", action="store_true",
                        help=_("remove a watch someone else owns (recorded with its owner)"))
    remove.set_defaults(handler=run_remove)

    run = watch_sub.add_parser("run", help=_("run watches now: fresh fetch, only new results"))
    run.add_argument("names", metavar="NAME", nargs="*", help=_("watches to run now"))
    run.add_argument("--due", action="store_true",
                     help=_("the due watches you added (what cron or a timer runs)"))
    run.add_argument("--all-actors", action="store_true",
                     help=_("with --due: every actor's due watches"))
    run.add_argument("--now", action="store_true", help=_("with --due: run them even if not due"))
    run.add_argument("--format", choices=("text", "json"), default="text")
    run.set_defaults(handler=run_run)


def _usage(args: argparse.Namespace) -> int:
    from dorker.errors import UsageError
    from dorker.i18n import _

    raise UsageError(_("missing watch command"), hint="dorker watch add|list|remove|run")


def _json(doc: Any) -> None:
    import json

    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def run_add(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.i18n import _
    from dorker.providers.service import get_provider
    from dorker.store.base import HeadMovedError
    from dorker.store.session import open_configured_store, read_current_case, resolve_case
    from dorker.textsafe import printable
    from dorker.watch.events import WATCH_ADDED, get_watch, new_command_id
    from dorker.watch.schedule import format_duration, parse_duration
    from dorker.watch.searches import plan_searches

    if not _NAME.match(args.name):
        raise UsageError(_("watch name {name} is not usable").format(name=repr(args.name)),
                         hint=_("use letters, digits, '.', '_' and '-' (64 at most), "
                                "e.g. gulf-ads"))
    every = parse_duration(args.every)
    config = load_config()
    plan = plan_searches(args.targets, args.engines, values=args.values, dork=args.dork,
                         provider=args.provider, config=config)
    if plan.provider is not None:
        most = get_provider(plan.provider).max_pages
        if not 1 <= args.pages <= most:
            raise UsageError(_("--pages must be 1 to {most} for {provider}").format(
                most=most, provider=plan.provider))
    payload = {"name": args.name, "targets": list(args.targets), "engines": list(args.engines),
               "planned_engines": plan.engines, "playbook_targets": plan.playbook_targets,
               "provider": plan.provider, "every": args.every,
               "every_seconds": every, "pages": args.pages, "values": list(args.values),
               "dork": args.dork, "command_id": new_command_id()}
    with open_configured_store(config, create=True) as store:
        case_id = (resolve_case(store, config, args.case)
                   if (args.case or read_current_case(config)) else None)
        for _attempt in range(5):  # a teammate adding the same name at the same moment
            head = store.head()
            existing = get_watch(store, args.name)
            if existing is not None:
                raise UsageError(
                    _("a watch called {name} already exists (owner {owner}, case {case})")
                    .format(name=repr(existing.name), owner=existing.owner,
                            case=existing.case_id or "-"),
                    hint=_("choose another name, or: dorker watch remove {name}").format(
                        name=existing.name))
            try:
                event = store.append(WATCH_ADDED, payload, actor=config.actor, case_id=case_id,
                                     expect_seq=head.seq if head else 0)
                break
            except HeadMovedError:
                continue
        else:
            raise UsageError(_("the record kept moving while adding the watch"),
                             hint=_("try again"))
    if args.format == "json":
        _json({"watch": args.name, "id": event.seq, "case": case_id, "owner": config.actor,
               "engines": plan.engines, "provider": plan.provider, "left_out": plan.left_out,
               "every_seconds": every,
               "searches": [{"target": s.target, "engine": s.engine, "query": s.item.query,
                             "manual": s.manual} for s in plan.searches]})
        return 0
    auto = sorted({s.engine for s in plan.searches if not s.manual})
    manual = sorted({s.engine for s in plan.searches if s.manual})
    how = "; ".join(part for part in (
        _("{engines} via {provider}").format(engines=", ".join(auto), provider=plan.provider)
        if auto else "",
        _("{engines} listed to open (no provider fetches platforms)").format(
            engines=", ".join(manual)) if manual else "") if part)
    added = (_("added watch {name} (event {seq}) for {case}: {n} search(es), {how}; every "
               "{every}; due now") if case_id else
             _("added watch {name} (event {seq}) (no case: use --case or dorker case use): {n} "
               "search(es), {how}; every {every}; due now"))
    out = [added.format(name=args.name, seq=event.seq, case=case_id, n=len(plan.searches),
                        how=how, every=format_duration(every)),
           *("  " + _("{engine}: left out ({provider} does not search it; name engines with "
                      "-e)").format(engine=e, provider=plan.provider) for e in plan.left_out),
           _("run the due watches from cron or a timer: dorker watch run --due "
             "(docs/watch.md)")]
    sys.stdout.write("".join(printable(line) + "\n" for line in out))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from dorker.config import load_config
    from dorker.store.cases import normalise_case_id
    from dorker.store.session import open_configured_store
    from dorker.watch.display import render_list
    from dorker.watch.events import load_watches

    config = load_config()
    now = datetime.now(UTC)
    with open_configured_store(config, create=True) as store:
        case_id = normalise_case_id(args.case) if args.case else None
        watches = load_watches(store, case_id=case_id)
    if args.format == "json":
        _json({"watches": [w.to_json(now) for w in sorted(watches, key=lambda w: w.name)]})
    else:
        sys.stdout.write(render_list(watches, now))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.i18n import _
    from dorker.store.session import open_configured_store
    from dorker.textsafe import printable
    from dorker.watch.events import WATCH_REMOVED, new_command_id

    config = load_config()
    with open_configured_store(config, create=True) as store:
        watch = _require(store, args.name, history=True)
        payload: dict[str, Any] = {"name": watch.name, "watch": watch.id,
                                   "command_id": new_command_id()}
        if watch.owner != config.actor:
            if not args.force:
                raise UsageError(
                    _("watch {name} belongs to {owner}, not to you ({actor})").format(
                        name=watch.name, owner=watch.owner, actor=config.actor),
                    hint=_("to remove it anyway: dorker watch remove {name} --force "
                           "(recorded with its owner)").format(name=watch.name))
            payload.update({"forced": True, "forced_by": config.actor, "owner": watch.owner})
        event = store.append(WATCH_REMOVED, payload, actor=config.actor, case_id=watch.case_id)
    sys.stdout.write(printable(_("removed watch {name} (event {seq}); its {runs} run(s) stay "
                                 "in the record").format(name=watch.name, seq=event.seq,
                                                         runs=watch.runs)) + "\n")
    return 0


def _require(store: Any, name: str, *, history: bool = False) -> Any:
    from dorker.errors import UsageError
    from dorker.i18n import _
    from dorker.watch.events import get_watch, load_watches

    watch = get_watch(store, name, history=history)
    if watch is None:
        known = ", ".join(sorted(w.name for w in load_watches(store))) or _("none yet")
        raise UsageError(_("no watch called {name}").format(name=repr(name)),
                         hint=_("watches: {names}").format(names=known))
    return watch


def run_run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.i18n import _
    from dorker.store.session import open_configured_store
    from dorker.watch.display import RichProgress, render_report
    from dorker.watch.events import load_watches
    from dorker.watch.run import Runner

    if args.names and args.due:
        raise UsageError(_("name watches or use --due, not both"))
    if args.all_actors and not args.due:
        raise UsageError(_("--all-actors goes with --due"))
    if not args.names and not args.due:
        raise UsageError(_("which watches?"), hint=_("name them, or run the due ones with --due"))
    config = load_config()
    now = datetime.now(UTC)
    with open_configured_store(config, create=True) as store:
        if args.names:
            chosen = list({w.id: w for w in (_require(store, n) for n in args.names)}.values())
        else:
            chosen = [w for w in load_watches(store, history=False)
                      if (args.all_actors or w.owner == config.actor)
                      and (args.now or w.is_due(now))]
        trigger = "named" if args.names else "due"
        force = bool(args.names) or args.now
        show = args.format == "text" and chosen and sys.stderr.isatty()
        if show:
            with RichProgress(len(chosen), sys.stderr) as bars:
                report = Runner(store, config, progress=bars).run(chosen, trigger=trigger,
                                                                  force=force)
        else:
            report = Runner(store, config).run(chosen, trigger=trigger, force=force)
    if args.format == "json":
        _json(report.to_json())
    elif report.outcomes or report.skipped or sys.stdout.isatty():
        sys.stdout.write(render_report(report))
    return report.exit_code
