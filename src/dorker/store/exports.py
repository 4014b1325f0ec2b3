"""Exports in the record: an `export` event says what left dorker, for which case, to where.

Case data that leaves the store (a case report, a leads export, an audit export to a file, an
evidence copy) is what an auditor asks about first, so every command that writes one records an
`export` event with `what` (e.g. "case report", "audit log", "evidence"), the case (or none when
the export spans the store) and `destination` (the absolute path written, or "stdout"). The
event is appended before the file is made visible (see `write_export`), so a crash can leave an
export recorded that never appeared, but never an export that is not recorded.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from dorker.errors import InputError, Location
from dorker.store.base import EventStore
from dorker.store.events import Event

__all__ = [
    "ACTION",
    "check_export_path",
    "export_destination",
    "record_export",
    "write_export",
]

ACTION = "export"


def export_destination(path: Path | str | None) -> str:
    """How a destination is written in the record: an absolute path, or `stdout`."""
    if path is None or str(path) == "-":
        return "stdout"
    return str(Path(path).expanduser().absolute())


def record_export(store: EventStore, *, what: str, case_id: str | None, destination: str,
                  actor: str | None = None) -> None:
    """Append an `export` event (`actor` defaults to the configured actor)."""
    _record(store, what=what, case_id=case_id, destination=destination, actor=actor)


def _record(store: EventStore, *, what: str, case_id: str | None, destination: str,
            actor: str | None) -> Event:
    if actor is None:
        from dorker.config import load_config

        actor = load_config().actor
    payload = {"what": what, "destination": destination}
    return store.append(ACTION, payload, actor=actor, case_id=case_id)


def check_export_path(path: Path | str) -> Path:
    """The file an export may be written to, or a one-line error, before anything is recorded:
    not `-` or empty (leave out -o for standard output), not a folder or a device, in a folder
    that exists and that we may write into."""
    if str(path) in ("", "-"):
        raise InputError("not a file name", where=Location(str(path) or "''"),
                         hint="leave out -o to write to standard output")
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the folder to write into does not exist", where=Location(target))
    if target.is_dir():
        raise InputError("is a folder, not a file", where=Location(target),
                         hint="give a file name inside it")
    if target.exists() and not target.is_file():
        raise InputError("is not a regular file", where=Location(target))
    if not os.access(target if target.exists() else folder, os.W_OK):
        raise InputError("cannot write here: permission denied", where=Location(target))
    return target


def write_export(store: EventStore | None, path: Path, write: Callable[[IO[Any]], None], *,
                 what: str, case_id: str | None, actor: str | None = None,
                 binary: bool = False) -> Event | None:
    """Write an export to `path` owner-only (0600), recording it first when `store` is given.

    The text goes to a private temporary file beside `path`; the `export` event is appended;
    then the file is moved into place. If writing or recording fails, nothing appears at `path`.
    Returns the event (None when `store` is None: the caller decided it is not recorded).
    `write` gets a text file (UTF-8), or a binary one with `binary`.
    """
    target = check_export_path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", where=Location(target)) from None
    tmp = Path(tmp_name)
    try:
        # mkstemp creates the file 0600 whatever the umask: case data stays the owner's.
        out: IO[Any]
        with (os.fdopen(fd, "wb") if binary
              else os.fdopen(fd, "w", encoding="utf-8", newline="")) as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        event = None
        if store is not None:
            event = _record(store, what=what, case_id=case_id,
                            destination=export_destination(target), actor=actor)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError(f"cannot write the file: {exc.strerror}", where=Location(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return event
