"""Evidence files: a content-addressed copy under the store and an `evidence.added` event.

A copy lives at `<evidence dir>/sha256/<first two hex>/<full hex>`, read-only. It is written and
flushed to disk before the event is committed, so the record never names a copy that a crash
lost. `check_evidence` re-hashes every copy the record names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from dorker.errors import InputError, Location, StoreError
from dorker.private import make_private_dir
from dorker.store.base import EventFilter, EventStore
from dorker.store.events import Event
from dorker.store.problems import Problem

__all__ = ["ACTION", "add_evidence", "check_evidence", "copy_path"]

ACTION = "evidence.added"
_CHUNK = 1 << 20


def copy_path(store: EventStore, sha256: str) -> Path:
    """Where the copy of the file with this SHA-256 is kept."""
    return store.evidence_dir / "sha256" / sha256[:2] / sha256


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _keep_copy(store: EventStore, source: Path) -> tuple[str, int]:
    """Copy `source` into the evidence folder while hashing it; returns (sha256, size)."""
    tmp_dir = store.evidence_dir / "tmp"
    try:
        make_private_dir(tmp_dir)
    except OSError as exc:
        raise StoreError(f"cannot create the evidence folder {tmp_dir}: {exc.strerror}") from None
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="incoming-")
    tmp = Path(tmp_name)
    try:
        with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        sha = digest.hexdigest()
        final = copy_path(store, sha)
        make_private_dir(final.parent)
        if final.exists() and _hash_file(final)[0] == sha:
            tmp.unlink()
        else:
            tmp.chmod(0o400)  # read-only, and the owner's alone
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        return sha, size
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the file itself is already synced
    finally:
        os.close(fd)


def add_evidence(store: EventStore, file: Path, *, actor: str, case_id: str | None,
                 url: str | None = None, note: str | None = None) -> Event:
    """Keep a copy of `file` and record its SHA-256, size, name, URL and note."""
    if not file.is_file():
        raise InputError("not a readable file", where=Location(file))
    try:
        sha, size = _keep_copy(store, file)
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=Location(file)) from None
    payload: dict[str, Any] = {"sha256": sha, "size": size, "file": file.name, "url": url,
                               "note": note, "copy": f"sha256/{sha[:2]}/{sha}"}
    return store.append(ACTION, payload, actor=actor, case_id=case_id)


def check_evidence(store: EventStore) -> tuple[int, tuple[Problem, ...]]:
    """Re-hash every evidence copy the record names: (copies checked, problems)."""
    seen: dict[str, Problem | None] = {}
    problems: list[Problem] = []
    for event in store.iter_events(EventFilter(action=ACTION)):
        sha = str(event.payload.get("sha256", ""))
        if sha not in seen:
            seen[sha] = _check_one(store, event.seq, sha)
        problem = seen[sha]
        if problem is not None:
            problems.append(Problem(event.seq, problem.kind, problem.message))
    return len(seen), tuple(problems)


def _check_one(store: EventStore, seq: int, sha: str) -> Problem | None:
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        return Problem(seq, "evidence-changed", f"event {seq} names no valid SHA-256")
    path = copy_path(store, sha)
    try:
        actual, _ = _hash_file(path)
    except FileNotFoundError:
        return Problem(seq, "evidence-missing",
                       f"the evidence copy {path} (event {seq}) is missing")
    except OSError as exc:
        return Problem(seq, "evidence-missing",
                       f"the evidence copy {path} (event {seq}) cannot be read: {exc.strerror}")
    if actual != sha:
        return Problem(seq, "evidence-changed",
                       f"the evidence copy {path} (event {seq}) no longer has its recorded SHA-256")
    return None
