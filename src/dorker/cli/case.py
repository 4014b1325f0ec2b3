"""`dorker case new|list|show|use` and `dorker case source add`: cases, from the record."""

from __future__ import annotations

import argparse
from typing import Any

from dorker.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser("case", help=_("create, list, show and choose cases"))
    commands = parser.add_subparsers(dest="case_command", metavar=_("COMMAND"), required=True)

    new = commands.add_parser("new", help=_("create a case (its id is the next C-NNNN)"))
    new.add_argument("title", metavar="TITLE", help=_("what the case is about, e.g. Op Sundarban"))
    new.add_argument(
        "--pattern",
        metavar="P",
        action="append",
        default=[],
        help=_("a crime pattern under investigation (repeatable), e.g. fake-jobs"),
    )
    new.add_argument("--use", action="store_true", help=_("also make it the current case"))
    new.add_argument("--format", choices=("text", "json"), default="text")
    new.set_defaults(handler=run_new)

    lst = commands.add_parser("list",
                              help=_("all cases, oldest first (* marks the current one)"))
    lst.add_argument("--format", choices=("text", "json"), default="text")
    lst.set_defaults(handler=run_list)

    show = commands.add_parser("show", help=_("one case: patterns, sources, activity"))
    show.add_argument("case_id", metavar="ID", help=_("the case id, e.g. C-0001"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_show)

    use = commands.add_parser("use", help=_("make ID the current case (kept in a local file)"))
    use.add_argument("case_id", metavar="ID", help=_("the case id, e.g. C-0001"))
    use.set_defaults(handler=run_use)

    source = commands.add_parser("source", help=_("case-local sources"))
    source_commands = source.add_subparsers(dest="source_command", metavar=_("COMMAND"),
                                            required=True)
    add = source_commands.add_parser("add",
                                     help=_("add a group, channel or page found in the case"))
    add.add_argument("url", metavar="URL", help=_("its address"))
    add.add_argument("--name", metavar="N", help=_("a name to show for it"))
    add.add_argument("--kind", metavar="K",
                     help=_("e.g. facebook-group, telegram-channel, website"))
    add.add_argument("--case", metavar="ID", help=_("the case (default: the current case)"))
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.set_defaults(handler=run_source_add)


def run_new(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.cases import create_case
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store, write_current_case

    config = load_config()
    with open_configured_store(config, create=True) as store:
        event = create_case(store, args.title, _known_patterns(args.pattern), actor=config.actor)
    case_id = str(event.case_id)
    if args.use:
        write_current_case(config, case_id)
    if args.format == "json":
        print(json.dumps({"id": case_id, **event.to_json()}, ensure_ascii=False))
    else:
        print(safe_text(_("created {case}: {title}").format(case=case_id,
                                                            title=event.payload["title"])))
    return 0


def run_list(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.cases import list_cases
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store, read_current_case

    config = load_config()
    with open_configured_store(config) as store:
        cases = list_cases(store)
    current = read_current_case(config)
    if args.format == "json":
        print(
            json.dumps(
                [{**c.to_json(), "current": c.id == current} for c in cases],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not cases:
        print(_("no cases yet (create one with: dorker case new TITLE --pattern P)"))
        return 0
    from dorker.textwidth import ljust, rjust

    ident, created, by, checks, patterns, title = (_("ID"), _("CREATED (UTC)"), _("BY"),
                                                   _("CHECKS"), _("PATTERNS"), _("TITLE"))
    print(f"  {ljust(ident, 7)}  {ljust(created, 16)}  {ljust(by, 14)}  "
          f"{rjust(checks, 6)}  {ljust(patterns, 28)}  {title}")
    for c in cases:
        mark = "*" if c.id == current else " "
        print(
            safe_text(
                f"{mark} {ljust(c.id, 7)}  {ljust(c.created_at[:16].replace('T', ' '), 16)}  "
                f"{ljust(c.created_by, 14)}  {c.checks:>6}  "
                f"{ljust(','.join(c.patterns) or '-', 28)}  {c.title}"
            )
        )
    return 0


def run_show(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.cases import normalise_case_id, require_case
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store, read_current_case

    config = load_config()
    case_id = normalise_case_id(args.case_id)
    with open_configured_store(config) as store:
        case = require_case(store, case_id)
    current = read_current_case(config) == case.id
    if args.format == "json":
        print(json.dumps({**case.to_json(), "current": current}, ensure_ascii=False, indent=2))
        return 0
    lines = [
        f"{case.id}: {case.title}" + ("  (" + _("current") + ")" if current else ""),
        _("patterns: {patterns}").format(patterns=", ".join(case.patterns) or "-"),
        _("created: {time} by {actor} (event {seq})").format(
            time=case.created_at, actor=case.created_by, seq=case.seq),
        _("activity: {events} events, {checks} checks, {evidence} evidence files; last "
          "{last}").format(events=case.events, checks=case.checks, evidence=case.evidence,
                           last=case.last_activity),
        _("case-local sources: {count}").format(count=len(case.sources)),
    ]
    lines += [f"  {s.id}  {s.name or ''}  {s.kind or ''}".rstrip() for s in case.sources]
    for line in lines:
        print(safe_text(line))
    return 0


def run_use(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.store.cases import normalise_case_id, require_case
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store, write_current_case

    config = load_config()
    with open_configured_store(config) as store:
        case = require_case(store, normalise_case_id(args.case_id))
    write_current_case(config, case.id)
    print(safe_text(_("current case: {case}: {title}").format(case=case.id, title=case.title)))
    return 0


def run_source_add(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.cases import add_case_source
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store, resolve_case

    config = load_config()
    with open_configured_store(config, create=True) as store:
        case_id = resolve_case(store, config, args.case)
        source, new = add_case_source(
            store, case_id, args.url, actor=config.actor, name=args.name, kind=args.kind
        )
    if args.format == "json":
        print(json.dumps({**source.to_json(), "case": case_id, "new": new}, ensure_ascii=False))
    elif new:
        print(safe_text(_("added {source} to {case}").format(source=source.id, case=case_id)))
    else:
        print(safe_text(_("{source} is already a source of {case} (nothing recorded)").format(
            source=source.id, case=case_id)))
    return 0


def _known_patterns(patterns: list[str]) -> list[str]:
    """The crime-pattern ids, each known (a typo would leave the case's coverage empty)."""
    import difflib

    from dorker.catalog.vocab import PATTERNS
    from dorker.errors import UsageError

    for pattern in patterns:
        if pattern not in PATTERNS:
            near = difflib.get_close_matches(pattern, sorted(PATTERNS), n=1)
            hint = (
                _("did you mean {near!r}?").format(near=near[0]) if near
                else _("patterns: {patterns}").format(patterns=", ".join(sorted(PATTERNS)))
            )
            raise UsageError(_("unknown pattern {pattern!r}").format(pattern=pattern), hint=hint)
    return patterns
