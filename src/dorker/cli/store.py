"""`dorker store init`: create the event store (SQLite now; PostgreSQL in a later release)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("store", help="create and manage the event store (the record)")
    commands = parser.add_subparsers(dest="store_command", metavar="COMMAND", required=True)
    init = commands.add_parser("init",
                               help="create the store named by the config (or DORKER_STORE)")
    init.add_argument("--postgres", metavar="URL",
                      help="a PostgreSQL team store (not yet available)")
    init.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.store.session import open_configured_store
    from dorker.store.url import open_store

    if args.postgres:
        open_store(args.postgres, create=True)  # raises: not available yet
    config = load_config()
    with open_configured_store(config, create=True) as store:
        head = store.head()
        count = head.seq if head else 0
        print(f"store ready: {store.url} ({count} event{'s' if count != 1 else ''})")
    return 0
