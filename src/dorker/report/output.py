"""Where a report may be written: a one-line error for a bad path, before any work is done.

The file itself is written by `dorker.store.exports.write_export`: owner-only (a case report
names victims and suspects), whole or not at all, and recorded as an export first.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["check_destination"]


def check_destination(path: Path) -> None:
    """Fail early, before any work, when `path` cannot be a report file."""
    from dorker.store.exports import check_export_path

    check_export_path(path)
