"""Writing a report to a file: owner-only (a case report names victims and suspects), whole or
not at all (written beside the target, then renamed), and a one-line error for a bad path.
"""

from __future__ import annotations

import os
from pathlib import Path

from dorker.errors import InputError, Location

__all__ = ["check_destination", "write_report"]


def check_destination(path: Path) -> None:
    """Fail early, before any work, when `path` cannot be a report file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the folder does not exist", where=Location(folder),
                         hint="create it first, or write the report elsewhere with -o")
    if path.is_dir():
        raise InputError("is a folder, not a file", where=Location(path),
                         hint="give a file name, e.g. -o report.html")


def write_report(path: Path, text: str) -> None:
    """Write `text` to `path` with mode 0600; the old file stays until the new one is whole."""
    check_destination(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InputError(f"cannot write the report: {exc.strerror}",
                         where=Location(path)) from None
