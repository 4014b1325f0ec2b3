"""`dorker store init|migrate`: create the event store (SQLite or PostgreSQL) and move records."""

from __future__ import annotations

import argparse
from typing import Any

from dorker.i18n import _, ngettext


def register(sub: Any) -> None:
    parser = sub.add_parser("store", help=_("create and manage the event store (the record)"))
    commands = parser.add_subparsers(dest="store_command", metavar=_("COMMAND"), required=True)
    init = commands.add_parser("init",
                               help=_("create the store named by the config (or DORKER_STORE)"))
    init.add_argument("--postgres", metavar="URL",
                      help=_("create a PostgreSQL team store (schema, roles dorker_investigator "
                             "and dorker_auditor) at URL instead; see docs/team-mode.md"))
    init.set_defaults(handler=run_init)

    migrate = commands.add_parser(
        "migrate", help=_("re-append this store's events (or one case's) into another store; "
                          "without --to, upgrade this store's schema (team evidence)"))
    migrate.add_argument("--to", metavar="URL",
                         help=_("the target store (e.g. the team's postgresql://... store)"))
    migrate.add_argument("--case", metavar="ID", help=_("only this case's events"))
    migrate.add_argument("--format", choices=("text", "json"), default="text")
    migrate.set_defaults(handler=run_migrate)


def _events(count: int) -> str:
    return ngettext("{count} event", "{count} events", count).format(count=count)


def run_init(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.store.session import open_configured_store
    from dorker.store.url import open_store

    if args.postgres:
        if not args.postgres.startswith(("postgresql://", "postgres://")):
            from dorker.errors import UsageError

            raise UsageError(_("--postgres needs a postgresql:// URL"),
                             hint=_("e.g. postgresql://owner@db.example/dorker"))
        with open_store(args.postgres, create=True) as store:
            head = store.head()
            print(_("store ready: {url} ({events}); grant dorker_investigator (append, read) or "
                    "dorker_auditor (read) to users").format(
                url=store.url, events=_events(head.seq if head else 0)))
        return 0
    config = load_config()
    with open_configured_store(config, create=True) as store:
        head = store.head()
        print(_("store ready: {url} ({events})").format(url=store.url,
                                                        events=_events(head.seq if head else 0)))
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.cases import normalise_case_id
    from dorker.store.migrate import migrate
    from dorker.store.session import open_configured_store
    from dorker.store.url import open_store

    config = load_config()
    if args.to is None:
        return _upgrade(config, args)
    case_id = normalise_case_id(args.case) if args.case is not None else None
    with open_configured_store(config) as source, open_store(args.to) as target:
        done = migrate(source, target, actor=config.actor, case_id=case_id)
        if args.format == "json":
            print(json.dumps(done.to_json(), ensure_ascii=False))
        else:
            message = (_("migrated case {case}: {events} from {source} (verified head {head}) "
                         "to {target}") if case_id else
                       _("migrated the store: {events} from {source} (verified head {head}) to "
                         "{target}"))
            print(message.format(case=case_id, events=_events(done.moved), source=source.url,
                                 head=done.source_head, target=target.url))
            print(_("provenance event {seq}:{hash}").format(seq=done.provenance.seq,
                                                            hash=done.provenance.hash))
    return 0


def _upgrade(config: Any, args: argparse.Namespace) -> int:
    """`store migrate` without `--to`: bring the configured store's schema up to date."""
    import json

    from dorker.errors import UsageError
    from dorker.store.session import open_configured_store

    if args.case is not None:
        raise UsageError(_("--case needs --to"),
                         hint=_("--case moves one case into another store"))
    with open_configured_store(config) as store:
        upgrade = getattr(store, "upgrade", None)
        if upgrade is None:
            before = after = 1
            note = _("an embedded SQLite store keeps its evidence beside it; nothing to "
                     "upgrade")
        else:
            before, after = upgrade()
            note = (_("team evidence: the blobs table and add_blob function") if after > before
                    else _("already up to date"))
        url = store.url
    if args.format == "json":
        print(json.dumps({"store": url, "schema_before": before, "schema_after": after}))
    else:
        print(_("{url}: schema {before} -> {after} ({note})").format(
            url=url, before=before, after=after, note=note) if after > before
              else _("{url}: schema {after} ({note})").format(url=url, after=after, note=note))
    return 0
