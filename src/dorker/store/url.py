"""Open a store from its URL: `sqlite:///relative/path`, `sqlite:////absolute/path`, `postgresql://...`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote

from dorker.errors import StoreError
from dorker.store.base import EventStore

__all__ = ["open_store", "sqlite_path"]


def sqlite_path(url: str) -> tuple[Path, dict[str, str]]:
    """The file and query options of a `sqlite:///` URL (four slashes: an absolute path)."""
    rest = url[len("sqlite:///"):]
    rest, _, query = rest.partition("?")
    if not rest:
        raise StoreError(f"store URL {url!r} names no file", hint="e.g. sqlite:////srv/dorker.sqlite3")
    path = Path(unquote(rest)).expanduser()
    if str(path) == ":memory:":  # also ./:memory: and :memory:/, which Path tidies into it
        raise StoreError("an in-memory store keeps nothing: every recorded event would be lost "
                         "when dorker exits", hint="name a file, e.g. sqlite:////srv/dorker.sqlite3")
    options = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    return path, options


def open_store(url: str, *, create: bool = False) -> EventStore:
    """Open the store at `url`; with `create`, make an empty one if the file does not exist.

    Options: `sqlite:///path?timeout=SECONDS` (how long to wait for another writer; default 10);
    `postgresql://user@host/db?schema=NAME&evidence_dir=PATH` (see docs/team-mode.md).
    """
    if url.startswith("sqlite:///"):
        from dorker.store.sqlite import DEFAULT_TIMEOUT, SqliteEventStore

        path, options = sqlite_path(url)
        unknown = set(options) - {"timeout"}
        if unknown:
            raise StoreError(f"unknown store URL option(s): {', '.join(sorted(unknown))}",
                             hint="known: timeout")
        try:
            timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
        except ValueError:
            raise StoreError("store URL option timeout must be a number of seconds") from None
        return SqliteEventStore(path, create=create, timeout=timeout)
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from dorker.store.postgres import PostgresEventStore
        except ImportError:
            raise StoreError("the PostgreSQL backend needs psycopg 3",
                             hint="pip install 'dorker[postgres]'") from None
        return PostgresEventStore(url, create=create)
    shown = url.split("://", 1)[0] + "://..." if "://" in url else url
    raise StoreError(f"unsupported store URL {shown!r}", hint="use sqlite:///path or postgresql://...")
