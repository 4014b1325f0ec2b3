"""Evidence files: a content-addressed copy under the store and an `evidence.added` event.

A copy lives at `<evidence dir>/sha256/<first two hex>/<full hex>`, read-only and owner-only. It
is written and flushed to disk before the event is committed, so the record never names a copy
that a crash lost. On a team store (PostgreSQL, schema 2) the copy is also shared through the
store's `add_blob` function before the event: the local folder is then a cache, and
`open_evidence` gives any member the file, checked by hash. `check_evidence` re-hashes every
copy the record names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from dorker.errors import InputError, Location, StoreError, UsageError
from dorker.private import make_private_dir
from dorker.store.base import EventFilter, EventStore
from dorker.store.events import Event
from dorker.store.problems import Problem

__all__ = ["ACTION", "EvidenceError", "add_evidence", "check_evidence", "copy_path",
           "find_evidence", "keep_evidence", "open_evidence"]

ACTION = "evidence.added"


class EvidenceError(StoreError):
    """A copy of evidence no longer has its recorded SHA-256 (a finding: exit 1)."""

    exit_code = 1

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
    return store.append(ACTION, keep_evidence(store, file, url=url, note=note), actor=actor,
                        case_id=case_id)


def keep_evidence(store: EventStore, file: Path, *, url: str | None = None,
                  note: str | None = None) -> dict[str, Any]:
    """Keep a copy of `file` (shared with the team where the store does) and return the
    `evidence.added` payload, for a caller that appends it together with its own events in
    one transaction (`image add`: the evidence and its image event, all or none)."""
    if not file.is_file():
        raise InputError("not a readable file", where=Location(file))
    try:
        sha, size = _keep_copy(store, file)
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=Location(file)) from None
    payload: dict[str, Any] = {"sha256": sha, "size": size, "file": file.name, "url": url,
                               "note": note, "copy": f"sha256/{sha[:2]}/{sha}"}
    if store.team_evidence():
        # Shared before the event is appended: the record never names a copy the team lacks.
        payload["shared"] = store.put_blob(sha, copy_path(store, sha))
    return payload


def find_evidence(store: EventStore, text: str) -> Event:
    """The first `evidence.added` event whose SHA-256 is `text` or starts with it (8+ hex)."""
    wanted = text.strip().lower()
    if len(wanted) < 8 or len(wanted) > 64 or any(c not in "0123456789abcdef" for c in wanted):
        raise UsageError(f"{text!r} is not a SHA-256 (or its first 8 or more hex digits)",
                         hint="see: dorker audit log --action evidence.added")
    found: dict[str, Event] = {}
    for event in store.iter_events(EventFilter(action=ACTION)):
        sha = str(event.payload.get("sha256", ""))
        if sha.startswith(wanted) and sha not in found:
            found[sha] = event
    if not found:
        raise UsageError(f"no evidence with SHA-256 {wanted} in the record",
                         hint="see: dorker audit log --action evidence.added")
    if len(found) > 1:
        raise UsageError(f"{wanted} starts {len(found)} evidence hashes",
                         hint="give more of the SHA-256")
    return next(iter(found.values()))


def open_evidence(store: EventStore, sha: str) -> Path:
    """A local copy of the evidence with this SHA-256, checked by hash: this machine's copy if
    intact, else the team store's (re-hashed, then kept here as the cache).

    Raises EvidenceError (exit 1) when the only copy there is no longer has its SHA-256.
    """
    path = copy_path(store, sha)
    local_problem = None
    try:
        if _hash_file(path)[0] == sha:
            return path
        local_problem = f"this machine's copy {path} no longer has its SHA-256"
    except FileNotFoundError:
        pass
    except OSError as exc:
        local_problem = f"this machine's copy {path} cannot be read: {exc.strerror}"
    content = store.get_blob(sha)
    if content is None:
        if local_problem is not None:
            raise EvidenceError(f"evidence {sha}: {local_problem}, and the store holds no copy",
                                hint="restore it from a backup")
        where = ("on this machine or in the team store" if store.team_evidence()
                 else "on this machine")
        raise InputError(f"evidence {sha} is named by the record but there is no copy {where}",
                         hint="add it from the original file: dorker evidence add FILE")
    if hashlib.sha256(content).hexdigest() != sha:
        raise EvidenceError(f"evidence {sha}: the team store's copy no longer has its SHA-256 "
                            "(it was altered in the database); refused",
                            hint="tell the store's owner; run: dorker audit verify")
    _cache_copy(store, sha, content)
    return path


def _cache_copy(store: EventStore, sha: str, content: bytes) -> None:
    """Keep a checked team copy in the local evidence folder (read-only, owner-only)."""
    final = copy_path(store, sha)
    make_private_dir(final.parent)
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o400)
        with contextlib.suppress(FileNotFoundError):
            final.chmod(0o600)  # a damaged cached copy is replaced
        os.replace(tmp, final)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"cannot keep the evidence copy {final}: {exc.strerror}") from None


def check_evidence(store: EventStore) -> tuple[int, tuple[Problem, ...]]:
    """Re-hash every evidence copy the record names: (copies checked, problems).

    On a team store the shared copy is the one that counts (re-hashed by the database server);
    a file not shared (added before the store kept evidence, or too large) is checked here.
    """
    events = [(e.seq, str(e.payload.get("sha256", "")))
              for e in store.iter_events(EventFilter(action=ACTION))]
    shared = store.check_blobs(sha for _seq, sha in events)
    seen: dict[str, Problem | None] = {}
    problems: list[Problem] = []
    for seq, sha in events:
        if sha not in seen:
            if sha in shared:
                seen[sha] = None if shared[sha] else Problem(
                    seq, "evidence-changed", f"the team store's copy of {sha} (event {seq}) no "
                                             "longer has its recorded SHA-256")
            else:
                seen[sha] = _check_one(store, seq, sha)
        problem = seen[sha]
        if problem is not None:
            problems.append(Problem(seq, problem.kind, problem.message))
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
