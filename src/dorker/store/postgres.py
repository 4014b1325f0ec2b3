"""The PostgreSQL team backend (psycopg 3): one shared chain, append-only enforced by the database.

An append is one statement: the client encodes each event's canonical bytes up to `payload` (with
dorker.store.events, exactly as SQLite's), and the SECURITY DEFINER function `append_events`
takes the store's advisory lock, reads the last event, adds `prev`, `seq` and `ts`, hashes and
stamps `session_user` into the row: many writers keep one linear chain; none can forge a link.
That transaction commits without waiting for the disk (the lock is released at once); a small
synchronous commit right after returns when the log is flushed past it, so `append` still returns
only once its events are durable, and concurrent writers share the flushes.
See pg_schema.py for the SQL and docs/team-mode.md for roles and the set-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dorker.errors import StoreError
from dorker.store.base import CHAIN_PAGE, EventFilter, EventStore, HeadMovedError
from dorker.store.events import GENESIS_HASH, Event, Head, NewEvent, event_hash, seal
from dorker.store.pg_schema import (
    MAX_BLOB,
    ROLE_STATEMENTS,
    SCHEMA_STATEMENTS,
    SCHEMA_VERSION,
    UPGRADES,
)

if TYPE_CHECKING:
    import psycopg

__all__ = ["DEFAULT_SCHEMA", "PostgresEventStore", "parse_postgres_url", "redact_url"]

DEFAULT_SCHEMA = "dorker"
PAGE = 2000
"""Rows fetched per query when streaming (keyset pages: the connection stays free in between)."""
_OPTIONS = ("schema", "evidence_dir")
_INIT_LOCK = 0x444F524B  # advisory lock key while creating a schema ("DORK")
_TS_MARK = "-"
_TAIL = b',"prev":"%s","seq":0,"ts":"%s"}' % (GENESIS_HASH.encode(), _TS_MARK.encode())


def redact_url(url: str) -> str:
    """The URL without its password (for messages and the record)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def parse_postgres_url(url: str) -> tuple[str, dict[str, str]]:
    """The libpq URL (dorker's own options removed) and dorker's options (`schema`, ...)."""
    parts = urlsplit(url)
    ours: dict[str, str] = {}
    theirs: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        (ours.__setitem__(key, value) if key in _OPTIONS else theirs.append((key, value)))
    schema = ours.get("schema", DEFAULT_SCHEMA)
    if not schema.isidentifier() or not schema.isascii() or len(schema) > 63:
        raise StoreError(f"store URL option schema={schema!r} is not a plain identifier",
                         hint="use letters, digits and _ (e.g. schema=dorker)")
    ours["schema"] = schema.lower()
    return urlunsplit(parts._replace(query=urlencode(theirs))), ours


def _message(exc: Exception) -> str:
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    if primary:
        return str(primary)
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class PostgresEventStore(EventStore):
    """An event store in a PostgreSQL schema. Use from one thread at a time."""

    def __init__(self, url: str, *, create: bool = False,
                 evidence_root: Path | None = None) -> None:
        try:
            import psycopg
            from psycopg import sql
        except ImportError:
            raise StoreError("the PostgreSQL backend needs psycopg 3",
                             hint="pip install 'dorker[postgres]'") from None
        self.url = redact_url(url)
        conninfo, options = parse_postgres_url(url)
        self.schema = options["schema"]
        self._sql = sql
        if "evidence_dir" in options:
            self.evidence_dir = Path(options["evidence_dir"]).expanduser()
        else:
            if evidence_root is None:
                from dorker.paths import locations

                evidence_root = locations().data_dir / "evidence"
            self.evidence_dir = evidence_root
        try:
            self._con: psycopg.Connection[Any] = psycopg.connect(conninfo, autocommit=True,
                                                                  connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to the PostgreSQL store {self.url}: "
                             f"{_message(exc)}",
                             hint="check the URL, the server and your password") from None
        try:
            with self._errors():
                self.session_user = str(self._one("SELECT session_user")[0])
                self._setup(create)
        except BaseException:
            self._con.close()
            raise

    # -- plumbing ----------------------------------------------------------------------------

    def _q(self, text: str) -> Any:
        # The schema is a checked plain identifier (parse_postgres_url), quoted here.
        return self._sql.SQL(text.replace("{s}", f'"{self.schema}"'))

    def _one(self, text: str, params: Any = None) -> Any:
        return self._con.execute(self._q(text), params).fetchone()

    @contextmanager
    def _errors(self, *, owner: bool = False) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.Error as exc:
            state = getattr(exc, "sqlstate", None)
            if state == "DKHMV":
                raise HeadMovedError(f"the record moved on: {_message(exc)}",
                                     hint="retry") from None
            if state == "42501":
                hint = ("run it as the store's owner (the login that ran dorker store init)"
                        if owner else "your database user needs the dorker_investigator role "
                                      "(or dorker_auditor to read)")
                raise StoreError(f"PostgreSQL store {self.url}: {_message(exc)}",
                                 hint=hint) from None
            raise StoreError(f"PostgreSQL store {self.url}: {_message(exc)}") from None

    def _setup(self, create: bool) -> None:
        exists = self._one("SELECT to_regclass(%s)", (f"{self.schema}.events",))[0]
        if exists is None:
            if not create:
                raise StoreError(f"no dorker store in schema {self.schema!r} of {self.url}",
                                 hint="create it with: dorker store init --postgres URL")
            self._create()
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.url} was written by a newer dorker (schema {version})",
                             hint="upgrade dorker")
        self.schema_version = version

    def _version(self) -> int:
        row = self._one("SELECT value FROM {s}.meta WHERE key = 'schema_version'")
        return int(row[0]) if row else 0

    def _create(self) -> None:
        with self._con.transaction():
            self._con.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            if self._one("SELECT to_regclass(%s)", (f"{self.schema}.events",))[0] is not None:
                return  # another process created it while we waited
            for statement in ROLE_STATEMENTS:
                self._con.execute(statement)
            for statement in SCHEMA_STATEMENTS:
                self._con.execute(self._q(statement))
            for version in range(1, SCHEMA_VERSION):
                for statement in UPGRADES[version]:
                    self._con.execute(self._q(statement))

    def upgrade(self) -> tuple[int, int]:
        """Bring an existing store's schema to this dorker's version (as its owner):
        (version before, version after). Each step runs in one transaction."""
        before = self._version()
        with self._errors(owner=True), self._con.transaction():
            self._con.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            version = self._version()
            while version < SCHEMA_VERSION:
                for statement in UPGRADES[version]:
                    self._con.execute(self._q(statement))
                version += 1
        self.schema_version = self._version()
        return before, self.schema_version

    # -- writing -----------------------------------------------------------------------------

    def append(self, action: str, payload: Mapping[str, Any], *, actor: str,
               case_id: str | None = None, expect_seq: int | None = None) -> Event:
        return self.append_many([NewEvent(action, payload, actor, case_id)],
                                expect_seq=expect_seq)[0]

    def append_many(self, items: Iterable[NewEvent], *,
                    expect_seq: int | None = None) -> list[Event]:
        # The client encodes the canonical {"action","actor","case","payload" part; the server
        # adds "prev","seq","ts" under the store's lock in one statement (its own transaction), so
        # the lock is held for that statement and its commit only, never for a network round
        # trip. Each returned hash is re-computed here: the bytes are exactly what seal() makes.
        parts: list[tuple[NewEvent, bytes]] = []
        for item in items:
            _sealed, body = seal(0, GENESIS_HASH, item, _TS_MARK)
            parts.append((item, body[:-len(_TAIL)]))
        if not parts:
            return []
        with self._errors():
            rows = self._con.execute(self._q("SELECT * FROM {s}.append_events(%s, %s)"),
                                     (expect_seq, [prefix for _item, prefix in parts])).fetchall()
            # The append committed without waiting for the disk (the store's lock is held only
            # while the events are made); this synchronous commit returns once the write-ahead
            # log is flushed past it, which makes the events above durable too.
            self._con.execute("SELECT pg_current_xact_id()")
        events: list[Event] = []
        for (item, prefix), (seq, ts, prev, digest) in zip(parts, rows, strict=True):
            body = prefix + b',"prev":"%s","seq":%d,"ts":"%s"}' % (prev.encode(), seq, ts.encode())
            if event_hash(body) != digest:
                raise StoreError(f"the PostgreSQL store returned hash {digest} for event {seq}, "
                                 "which does not match its bytes",
                                 hint="run: dorker audit verify")
            events.append(Event(int(seq), ts, item.actor, item.case_id, item.action,
                                item.payload, prev, digest))
        return events

    # -- reading -----------------------------------------------------------------------------

    def _where(self, where: EventFilter | None) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if where is None:
            return clauses, params
        if where.case_id is not None:
            clauses.append("case_id = %s")
            params.append(where.case_id)
        if where.actor is not None:
            clauses.append("actor = %s")
            params.append(where.actor)
        if where.action is not None:
            if where.action.endswith("*"):
                prefix = where.action[:-1]
                clauses.append("action >= %s AND action < %s")
                params += [prefix, prefix + "\U0010ffff"]
            else:
                clauses.append("action = %s")
                params.append(where.action)
        if where.since is not None:
            clauses.append("ts >= %s")
            params.append(where.since)
        if where.until is not None:
            clauses.append("ts < %s")
            params.append(where.until)
        if where.after_seq:
            clauses.append("seq > %s")
            params.append(where.after_seq)
        return clauses, params

    def _pages(self, columns: str, where: EventFilter | None, *, reverse: bool = False,
               limit: int | None = None, start: int = 0) -> Iterator[tuple[Any, ...]]:
        for rows in self._page_lists(columns, where, reverse=reverse, limit=limit, start=start):
            yield from rows

    def _page_lists(self, columns: str, where: EventFilter | None, *, reverse: bool = False,
                    limit: int | None = None, start: int = 0) -> Iterator[list[tuple[Any, ...]]]:
        clauses, params = self._where(where)
        left = limit
        cursor: int | None = None
        if start:
            clauses.append("seq >= %s")
            params.append(start)
        while left is None or left > 0:
            page = PAGE if left is None else min(PAGE, left)
            extra = list(clauses)
            args = list(params)
            if cursor is not None:
                extra.append("seq < %s" if reverse else "seq > %s")
                args.append(cursor)
            text = (f"SELECT {columns} FROM {{s}}.events"
                    + (" WHERE " + " AND ".join(extra) if extra else "")
                    + f" ORDER BY seq {'DESC' if reverse else 'ASC'} LIMIT {page:d}")
            with self._errors():
                rows = self._con.execute(self._q(text), args).fetchall()
            if rows:
                yield rows
            if len(rows) < page:
                return
            cursor = int(rows[-1][0])
            if left is not None:
                left -= len(rows)

    def iter_events(self, where: EventFilter | None = None, *, reverse: bool = False,
                    limit: int | None = None) -> Iterator[Event]:
        for _seq, body, stored in self._pages("seq, body, hash", where, reverse=reverse,
                                              limit=limit):
            yield _event(bytes(body), stored)

    def count(self, where: EventFilter | None = None) -> int:
        clauses, params = self._where(where)
        text = "SELECT count(*) FROM {s}.events" + (" WHERE " + " AND ".join(clauses)
                                                     if clauses else "")
        with self._errors():
            return int(self._one(text, params)[0])

    def head(self) -> Head | None:
        with self._errors():
            row = self._one("SELECT seq, hash FROM {s}.events ORDER BY seq DESC LIMIT 1")
        return Head(int(row[0]), str(row[1])) if row else None

    def get(self, seq: int) -> Event | None:
        with self._errors():
            row = self._one("SELECT body, hash FROM {s}.events WHERE seq = %s", (seq,))
        return _event(bytes(row[0]), row[1]) if row else None

    def db_user(self, seq: int) -> str | None:
        """The database login (`session_user`) that appended event `seq`, stamped by the server."""
        with self._errors():
            row = self._one("SELECT db_user FROM {s}.events WHERE seq = %s", (seq,))
        return str(row[0]) if row else None

    def can_append(self) -> bool:
        """Whether this login may call `append_events` (dorker_investigator), not only read."""
        with self._errors():
            row = self._one("SELECT has_function_privilege(%s, %s, 'EXECUTE')",
                            (self.session_user,
                             f'"{self.schema}".append_events(bigint, bytea[])'))
        return bool(row[0])

    def team_evidence(self) -> bool:
        return self.schema_version >= 2

    def put_blob(self, sha256: str, path: Path) -> bool:
        if not self.team_evidence():
            return False
        with self._errors():
            if self._one("SELECT 1 FROM {s}.blobs WHERE sha256 = %s", (sha256,)) is not None:
                return True  # content-addressed: the team has it already
        try:
            size = path.stat().st_size
            if size > MAX_BLOB:
                return False
            content = path.read_bytes()
        except OSError as exc:
            raise StoreError(f"cannot read the evidence copy {path}: {exc.strerror}") from None
        with self._errors():
            self._one("SELECT {s}.add_blob(%s, %s)", (sha256, content))
        return True

    def get_blob(self, sha256: str) -> bytes | None:
        if not self.team_evidence():
            return None
        with self._errors():
            row = self._one("SELECT content FROM {s}.blobs WHERE sha256 = %s", (sha256,))
        return bytes(row[0]) if row else None

    def check_blobs(self, sha256s: Iterable[str]) -> dict[str, bool]:
        wanted = sorted(set(sha256s))
        if not self.team_evidence() or not wanted:
            return {}
        found: dict[str, bool] = {}
        for start in range(0, len(wanted), 500):  # re-hashed by the server: no transfer
            with self._errors():
                rows = self._con.execute(self._q(
                    "SELECT sha256, encode(sha256(content), 'hex') = sha256 FROM {s}.blobs "
                    "WHERE sha256 = ANY(%s)"), (wanted[start:start + 500],)).fetchall()
            found.update((str(sha), bool(ok)) for sha, ok in rows)
        return found

    def iter_chain(self, start_seq: int = 1) -> Iterator[tuple[int, bytes, str]]:
        for seq, body, stored in self._pages("seq, body, hash", None, start=start_seq):
            yield int(seq), bytes(body), str(stored)

    def iter_chain_pages(self, start_seq: int = 1) -> Iterator[list[tuple[int, bytes, str]]]:
        for page in self._page_lists("seq, body, hash", None, start=start_seq):
            rows = [(int(seq), bytes(body), str(stored)) for seq, body, stored in page]
            for at in range(0, len(rows), CHAIN_PAGE):  # fetched in large pages, handed on small
                yield rows[at:at + CHAIN_PAGE]

    def close(self) -> None:
        self._con.close()


def _event(body: bytes, stored: str) -> Event:
    try:
        return Event.from_body(body, stored)
    except (ValueError, KeyError, TypeError):
        raise StoreError("the record holds an unreadable event (edited or corrupt)",
                         hint="run: dorker audit verify") from None
