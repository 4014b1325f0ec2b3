"""One run of a watch at a time, across processes: a lock in the store.

- SQLite store: an exclusive, non-blocking `flock` on a file beside the store
  (`<store>.watch-locks/<hash of the name>.lock`, owner-only). The operating system releases it
  when the process ends, however it ends, so a killed run never leaves a stale lock.
- PostgreSQL store: a session advisory lock (`pg_try_advisory_lock(DORW, hash of schema and
  name)`) on a connection of its own, released when the run ends or the connection drops.

`try_lock` never waits: an overlapping `watch run --due` (a slow run and the next cron tick)
gets None for a watch that is running and says so. Two different names may, very rarely, share
a 32-bit PostgreSQL key: then one of them waits for the next tick, nothing worse.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from dorker.errors import StoreError

__all__ = ["WatchLock", "lock_key", "try_lock"]

_PG_NAMESPACE = 0x444F5257  # "DORW": the first of the two advisory-lock keys


def lock_key(scope: str, name: str) -> int:
    """A signed 32-bit key for (scope, watch name) (names compare without case)."""
    digest = hashlib.sha256(f"{scope}\0{name.casefold()}".encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


class WatchLock:
    """A held lock; `release()` (or leaving the `with` block) lets the next run in."""

    def __init__(self, name: str, release: Any) -> None:
        self.name = name
        self._release = release

    def release(self) -> None:
        """Give the lock back (idempotent)."""
        release, self._release = self._release, None
        if release is not None:
            release()

    def __enter__(self) -> WatchLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def try_lock(store_url: str, name: str) -> WatchLock | None:
    """The lock of watch `name` in the store at `store_url`, or None if another run holds it."""
    if store_url.startswith("sqlite:///"):
        from dorker.store.url import sqlite_path

        path, _ = sqlite_path(store_url)
        return _file_lock(path.absolute(), name)
    if store_url.startswith(("postgresql://", "postgres://")):
        return _pg_lock(store_url, name)
    raise StoreError("watch runs need a sqlite:/// or postgresql:// store")


def _file_lock(store: Path, name: str) -> WatchLock | None:
    folder = store.with_name(store.name + ".watch-locks")
    key = hashlib.sha256(name.casefold().encode()).hexdigest()[:24]
    path = folder / f"{key}.lock"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot create the watch lock {path}: {exc.strerror}",
                         hint="check the store folder's permissions") from None
    if not _lock_fd(fd):
        os.close(fd)
        return None
    with contextlib.suppress(OSError):  # who holds it, for a person looking at the file
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {name}\n".encode())

    def release() -> None:
        _unlock_fd(fd)
        os.close(fd)

    return WatchLock(name, release)


def _lock_fd(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock_fd(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _pg_lock(store_url: str, name: str) -> WatchLock | None:
    try:
        import psycopg
    except ImportError:
        raise StoreError("the PostgreSQL backend needs psycopg 3",
                         hint="pip install 'dorker[postgres]'") from None
    from dorker.store.postgres import parse_postgres_url, redact_url

    conninfo, options = parse_postgres_url(store_url)
    key = lock_key(options["schema"], name)
    try:
        con = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to {redact_url(store_url)} for the watch lock: "
                         f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc}",
                         hint="check the URL, the server and your password") from None
    try:
        row = con.execute("SELECT pg_try_advisory_lock(%s, %s)", (_PG_NAMESPACE, key)).fetchone()
    except psycopg.Error as exc:
        con.close()
        raise StoreError(f"cannot take the watch lock in {redact_url(store_url)}: {exc}") from None
    if not row or not row[0]:
        con.close()
        return None

    def release() -> None:
        with contextlib.suppress(psycopg.Error):
            con.execute("SELECT pg_advisory_unlock(%s, %s)", (_PG_NAMESPACE, key))
        con.close()

    return WatchLock(name, release)
