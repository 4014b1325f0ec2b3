"""Owner-only files: case data names victims and suspects, so nobody else on the machine reads it.

Everything dorker creates under its folders (`DORKER_HOME` or the platform's config, data and
cache folders) is made owner-only on POSIX — folders 0700, files 0600 — whatever the umask:
the CLI runs each command under umask 077 (`owner_only_umask`), and the places that create the
store, evidence copies, the current-case file and exports also set the mode explicitly, so
library use is covered too. `exposed_paths` finds what others can reach (for the one-line
warning and `dorker doctor`), `fix_paths` takes group and other bits away.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "OWNER_ONLY_UMASK",
    "Exposure",
    "exposed",
    "exposed_paths",
    "fix_paths",
    "make_private_dir",
    "owner_only_umask",
    "posix",
    "warn_if_exposed",
]

OWNER_ONLY_UMASK = 0o077
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def posix() -> bool:
    """Whether POSIX permission bits mean anything here (not on Windows)."""
    return os.name == "posix"


@contextlib.contextmanager
def owner_only_umask() -> Iterator[None]:
    """Run the block under umask 077 (files 0600, folders 0700 at most), then restore it.

    The umask is per process: the CLI wraps a whole command in this, so files made by
    libraries (SQLite's WAL and shared-memory files, diskcache's folders) are covered too.
    """
    if not posix():
        yield
        return
    old = os.umask(OWNER_ONLY_UMASK)
    try:
        yield
    finally:
        os.umask(old)


def make_private_dir(path: Path) -> None:
    """Create `path` and any missing parents as 0700 folders (existing ones are left alone)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        if posix():
            folder.chmod(0o700)  # mkdir's mode is filtered by the umask; be exact


def exposed(path: Path) -> bool:
    """Whether group or others have any permission bit on `path` (never for symlinks)."""
    if not posix():
        return False
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return not stat.S_ISLNK(mode) and bool(mode & _OTHERS)


@dataclass(frozen=True, slots=True)
class Exposure:
    """A path that others can reach, with its mode (for messages and `doctor`)."""

    path: Path
    mode: int

    def __str__(self) -> str:
        return f"{self.path} ({stat.filemode(self.mode)})"


def _walk(root: Path) -> Iterator[Path]:
    yield root
    if root.is_symlink() or not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in dirs + files:
            yield base / name


def exposed_paths(roots: Iterable[Path], *, limit: int | None = None) -> list[Exposure]:
    """Every path under `roots` (themselves included) that grants group or other any bit."""
    found: list[Exposure] = []
    if not posix():
        return found
    for root in roots:
        if not root.exists():
            continue
        for path in _walk(root):
            with contextlib.suppress(OSError):
                mode = path.lstat().st_mode
                if not stat.S_ISLNK(mode) and mode & _OTHERS:
                    found.append(Exposure(path, mode))
                    if limit is not None and len(found) >= limit:
                        return found
    return found


def fix_paths(roots: Iterable[Path]) -> tuple[int, list[str]]:
    """Take group and other bits off everything under `roots`: (paths changed, problems)."""
    changed = 0
    problems: list[str] = []
    for exposure in exposed_paths(roots):
        try:
            os.chmod(exposure.path, stat.S_IMODE(exposure.mode) & ~_OTHERS)
            changed += 1
        except OSError as exc:
            problems.append(f"{exposure.path}: {exc.strerror}")
    return changed, problems


_warned = False


def warn_if_exposed(paths: Iterable[Path]) -> bool:
    """Warn once per process (one line on stderr) when any of `paths` is open to others."""
    global _warned
    if _warned or not posix():
        return False
    loose = [p for p in paths if exposed(p)]
    if not loose:
        return False
    _warned = True
    from dorker.textsafe import printable

    more = f" and {len(loose) - 1} more" if len(loose) > 1 else ""
    sys.stderr.write(printable(
        f"dorker: warning: {loose[0]}{more} can be read by other users of this machine "
        "(case data names victims and suspects); fix with: dorker doctor --fix") + "\n")
    return True
