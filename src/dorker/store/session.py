"""What commands share: the configured store, the actor, and the current case (a small file).

The current case is personal working state, not part of the record: it lives in
`<data dir>/current-case` and `dorker case use ID` rewrites it without an event. Every event still
names its case explicitly, so the record never depends on this file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from dorker.config import Config, load_config
from dorker.errors import StoreError, UsageError
from dorker.private import make_private_dir, warn_if_exposed
from dorker.store.base import EventStore
from dorker.store.cases import normalise_case_id, require_case
from dorker.store.url import open_store, sqlite_path

__all__ = ["current_case_file", "open_configured_store", "read_current_case", "resolve_case",
           "store_paths", "write_current_case"]


def open_configured_store(config: Config | None = None, *, create: bool = False) -> EventStore:
    """The store named by the config (`DORKER_STORE`, `store`, or the default under the data dir).

    With `create`, a missing store file is created; the default data folder too (a custom
    folder must already exist, so a typo in a path is an error, not a new empty record).
    """
    config = config or load_config()
    if create and config.store.startswith("sqlite:///") and config.locations is not None:
        path, _ = sqlite_path(config.store)
        if path.parent == config.locations.data_dir:
            try:
                make_private_dir(path.parent)
            except OSError as exc:
                raise StoreError(f"cannot create the data folder {path.parent}: "
                                 f"{exc.strerror}") from None
    store = open_store(config.store, create=create)
    warn_if_exposed(store_paths(store, config))
    return store


def store_paths(store: EventStore, config: Config) -> list[Path]:
    """What must be the owner's alone: the store file (and its journals), its folder when it is
    dorker's data folder, the evidence folder and the current-case file."""
    paths: list[Path] = []
    if store.url.startswith("sqlite:///"):
        path, _ = sqlite_path(store.url)
        paths += [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    paths.append(store.evidence_dir)
    if config.locations is not None:
        paths += [config.locations.data_dir, current_case_file(config)]
    return paths


def current_case_file(config: Config) -> Path:
    """Where `dorker case use` keeps the current case id."""
    assert config.locations is not None
    return config.locations.data_dir / "current-case"


def read_current_case(config: Config) -> str | None:
    """The current case id, if one was chosen."""
    try:
        text = current_case_file(config).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {current_case_file(config)}: {exc.strerror}") from None
    return text or None


def write_current_case(config: Config, case_id: str) -> None:
    """Make `case_id` the current case (atomically)."""
    path = current_case_file(config)
    tmp = path.with_name(path.name + ".tmp")
    try:
        make_private_dir(path.parent)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(case_id + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"cannot write {path}: {exc.strerror}") from None


def resolve_case(store: EventStore, config: Config, given: str | None) -> str:
    """`--case ID` if given, else the current case; it must exist in the record."""
    if given is not None:
        case_id = normalise_case_id(given)
    else:
        current = read_current_case(config)
        if current is None:
            raise UsageError("no case given and no current case",
                             hint="pass --case ID or choose one with: dorker case use ID")
        case_id = normalise_case_id(current)
    return require_case(store, case_id).id
