"""The embedded SQLite backend: WAL, `synchronous=FULL`, one `BEGIN IMMEDIATE` per append.

Rows keep the exact canonical bytes (`body`) and the hash. The columns that filters use (ts,
actor, case, action) are *generated* from `body` by SQLite itself, so they can never disagree
with what was hashed; they are indexed for filtered history. Triggers refuse UPDATE and DELETE
(they stop accidents, not an attacker with the file: the hash chain and an anchor catch those).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dorker.errors import StoreError
from dorker.store.base import CHAIN_PAGE, EventFilter, EventStore, HeadMovedError
from dorker.store.events import GENESIS_HASH, Event, Head, NewEvent, seal, utc_now

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SqliteEventStore", "create_schema"]

APPLICATION_ID = 0x444F524B  # "DORK": marks the file as a dorker store (PRAGMA application_id)
SCHEMA_VERSION = 1
DEFAULT_TIMEOUT = 10.0

_GEN = "GENERATED ALWAYS AS (json_extract(CAST(body AS TEXT), '$.{}')) VIRTUAL"
SCHEMA = (f"""
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    body BLOB NOT NULL,
    hash TEXT NOT NULL,
    ts TEXT {_GEN.format("ts")},
    actor TEXT {_GEN.format("actor")},
    case_id TEXT {_GEN.format("case")},
    action TEXT {_GEN.format("action")}
)""",
    "CREATE INDEX IF NOT EXISTS events_case ON events(case_id, seq)",
    "CREATE INDEX IF NOT EXISTS events_case_action ON events(case_id, action, seq)",
    "CREATE INDEX IF NOT EXISTS events_actor ON events(actor, seq)",
    "CREATE INDEX IF NOT EXISTS events_action ON events(action, seq)",
    "CREATE INDEX IF NOT EXISTS events_ts ON events(ts)",
    """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the dorker record is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the dorker record is append-only'); END""",
)
"""The tables, indexes and triggers of a store, one statement each."""

_INSERT = "INSERT INTO events (seq, body, hash) VALUES (?, ?, ?)"
_HEAD = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
_HEAD_TS = "SELECT seq, hash, ts FROM events ORDER BY seq DESC LIMIT 1"
_FIRST_AT = "SELECT seq FROM events WHERE ts >= ? ORDER BY ts, seq LIMIT 1"


def create_schema(con: sqlite3.Connection) -> None:
    """Create the tables, indexes and triggers in `con` (inside the caller's transaction)."""
    for statement in SCHEMA:
        con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def translate_error(exc: sqlite3.Error, path: Path, timeout: float) -> StoreError:
    """One clear line for what went wrong with the SQLite file."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreError(f"store {path} is locked by another process (waited {timeout:g} s)",
                          hint="retry when the other dorker command has finished")
    if "not a database" in low:
        return StoreError(f"store {path} is not a SQLite database "
                          "(corrupt, or another kind of file)",
                          hint="restore the store from a backup")
    if "malformed" in low or "corrupt" in low:
        return StoreError(f"store {path} is corrupt: {msg}", hint="restore the store from a backup")
    if "unable to open" in low:
        return StoreError(f"cannot open store {path}: {msg}", hint="check the path and permissions")
    return StoreError(f"store {path}: {msg}")


class SqliteEventStore(EventStore):
    """An event store in one SQLite file. Use from one thread at a time."""

    def __init__(self, path: Path, *, create: bool = False, timeout: float = DEFAULT_TIMEOUT):
        self.path = path
        self.url = f"sqlite:///{path}"
        self.timeout = timeout
        self.evidence_dir = path.parent / "evidence"
        if not path.exists() and not create:
            raise StoreError(f"no store at {path}", hint="create one with: dorker store init")
        if not path.parent.is_dir():
            raise StoreError(f"store folder {path.parent} does not exist",
                             hint="create the folder or fix DORKER_STORE / the config's store")
        if create and not path.exists():
            _create_private(path)
        try:
            # An absolute path: no file name can then mean SQLite's in-memory database.
            self._con = sqlite3.connect(path.absolute(), timeout=timeout, isolation_level=None,
                                        check_same_thread=False)
        except sqlite3.Error as exc:
            raise translate_error(exc, path, timeout) from None
        try:
            with self._errors():
                self._setup(create)
        except BaseException:
            self._con.close()
            raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path, self.timeout) from None

    def _setup(self, create: bool) -> None:
        con = self._con
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"store {self.path} was written by a newer dorker "
                                 f"(schema {version})", hint="upgrade dorker")
            return
        tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != 0 or tables:
            raise StoreError(f"{self.path} is a SQLite database but not a dorker store",
                             hint="point DORKER_STORE at a dorker store")
        if not create:
            raise StoreError(f"store {self.path} is empty (not initialised)",
                             hint="initialise it with: dorker store init")
        con.execute("BEGIN IMMEDIATE")
        try:
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                create_schema(con)
            con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self._con.in_transaction:
            # SQLite may already have rolled back (or the connection is closing): fine.
            with contextlib.suppress(sqlite3.Error):
                self._con.execute("ROLLBACK")

    # -- writing -----------------------------------------------------------------------------

    def append(self, action: str, payload: Mapping[str, Any], *, actor: str,
               case_id: str | None = None, expect_seq: int | None = None) -> Event:
        return self.append_many([NewEvent(action, payload, actor, case_id)],
                                expect_seq=expect_seq)[0]

    def append_many(self, items: Iterable[NewEvent], *,
                    expect_seq: int | None = None) -> list[Event]:
        con = self._con
        with self._errors():
            con.execute("BEGIN IMMEDIATE")  # the write lock first: the head cannot move under us
            try:
                row = con.execute(_HEAD_TS).fetchone()
                seq, prev, last_ts = (row[0], row[1], row[2]) if row else (0, GENESIS_HASH, "")
                if expect_seq is not None and seq != expect_seq:
                    raise HeadMovedError(f"the record moved on (head {seq}, expected {expect_seq})",
                                         hint="retry")
                events: list[Event] = []
                rows: list[tuple[int, bytes, str]] = []
                for item in items:
                    seq += 1
                    # Time never runs backwards along the chain (time filters rely on it): if
                    # the clock stepped back, the event keeps the previous event's time.
                    now = utc_now()
                    last_ts = now if now > last_ts else last_ts
                    event, body = seal(seq, prev, item, last_ts)
                    events.append(event)
                    rows.append((seq, body, event.hash))
                    prev = event.hash
                con.executemany(_INSERT, rows)
                con.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        return events

    # -- reading -----------------------------------------------------------------------------

    def _first_seq_at(self, ts: str) -> int | None:
        with self._errors():
            row = self._con.execute(_FIRST_AT, (ts,)).fetchone()
        return int(row[0]) if row else None

    def _where(self, where: EventFilter | None) -> tuple[str, list[Any]]:
        if where is None:
            return "", []
        clauses: list[str] = []
        params: list[Any] = []
        if where.case_id is not None:
            clauses.append("case_id = ?")
            params.append(where.case_id)
        if where.actor is not None:
            # Within a case, walk the case's own index (a case is smaller than an actor's whole
            # history); `+actor` keeps the planner from choosing the actor index instead.
            clauses.append("+actor = ?" if where.case_id is not None else "actor = ?")
            params.append(where.actor)
        if where.action is not None:
            if where.action.endswith("*"):
                prefix = where.action[:-1]
                clauses.append("action >= ? AND action < ?")
                params += [prefix, prefix + "\U0010ffff"]
            else:
                clauses.append("action = ?")
                params.append(where.action)
        # Times are turned into a range of sequence numbers through the ts index (the time of
        # events never decreases along the chain), so a time window is a cheap rowid range and
        # combines with the other indexes; `+ts` keeps the exact test without steering the
        # query planner onto the ts index (and a sort) instead.
        if where.since is not None:
            first = self._first_seq_at(where.since)
            clauses.append("seq >= ? AND +ts >= ?")
            params += [first if first is not None else (1 << 62), where.since]
        if where.until is not None:
            first = self._first_seq_at(where.until)
            clauses.append("+ts < ?")
            params.append(where.until)
            if first is not None:
                clauses.append("seq < ?")
                params.append(first)
        if where.after_seq:
            clauses.append("seq > ?")
            params.append(where.after_seq)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def iter_events(self, where: EventFilter | None = None, *, reverse: bool = False,
                    limit: int | None = None) -> Iterator[Event]:
        sql, params = self._where(where)
        sql = f"SELECT body, hash FROM events{sql} ORDER BY seq {'DESC' if reverse else 'ASC'}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._errors():
            for body, stored in self._con.execute(sql, params):
                yield _event(body, stored)

    def count(self, where: EventFilter | None = None) -> int:
        sql, params = self._where(where)
        with self._errors():
            return int(self._con.execute(f"SELECT count(*) FROM events{sql}", params).fetchone()[0])

    def head(self) -> Head | None:
        with self._errors():
            row = self._con.execute(_HEAD).fetchone()
        return Head(row[0], row[1]) if row else None

    def get(self, seq: int) -> Event | None:
        with self._errors():
            row = self._con.execute("SELECT body, hash FROM events WHERE seq = ?",
                                    (seq,)).fetchone()
        return _event(row[0], row[1]) if row else None

    def iter_chain(self, start_seq: int = 1) -> Iterator[tuple[int, bytes, str]]:
        with self._errors():
            yield from self._con.execute(
                "SELECT seq, body, hash FROM events WHERE seq >= ? ORDER BY seq", (start_seq,))

    def iter_chain_pages(self, start_seq: int = 1) -> Iterator[list[tuple[int, bytes, str]]]:
        with self._errors():
            cursor = self._con.execute(
                "SELECT seq, body, hash FROM events WHERE seq >= ? ORDER BY seq", (start_seq,))
            try:
                while page := cursor.fetchmany(CHAIN_PAGE):
                    yield page
            finally:
                cursor.close()

    def close(self) -> None:
        self._con.close()


def _create_private(path: Path) -> None:
    """Create the empty store file owner-only (0600) whatever the umask: SQLite gives its WAL
    and shared-memory files the mode of the database file."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first
    except OSError as exc:
        raise StoreError(f"cannot create the store {path}: {exc.strerror}",
                         hint="check the folder's permissions") from None
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def _event(body: bytes, stored: str) -> Event:
    try:
        return Event.from_body(body, stored)
    except (ValueError, KeyError, TypeError):
        raise StoreError("the record holds an unreadable event (edited or corrupt)",
                         hint="run: dorker audit verify") from None
