"""What every part of the terminal app's adapter to the core shares: the config, the lock, the
store (opened on first use) and the caches.

`dorker.tui.services.Services` is made of one part per kind of work (playbooks, catalog,
record, results), each a subclass of `ServicesBase`. Every method is blocking and is called
from a thread worker, never from a handler. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dorker.config import Config

if TYPE_CHECKING:
    from dorker.tui.models import PlaybookSummary
    from dorker.tui.services_catalog import CatalogFile

__all__ = ["ServicesBase"]


class ServicesBase:
    """The state the parts of `Services` share (blocking calls; use them from thread workers)."""

    def __init__(self, config: Config, *, playbook_dirs: Sequence[Path] | None = None,
                 catalog_paths: Sequence[Path] | None = None) -> None:
        self.config = config
        self._playbook_dirs = list(playbook_dirs) if playbook_dirs is not None else None
        self._catalog_paths = list(catalog_paths) if catalog_paths is not None else None
        self._lock = threading.RLock()
        self._store: Any = None
        self._playbooks: dict[str, PlaybookSummary] | None = None
        self._paths: dict[str, str] = {}
        self._recent: dict[str, Any] = {}
        self._catalog_problems: list[str] = []
        self._playbook_errors: list[str] = []
        self._profiles: dict[str, Any] = {}
        self._engines: list[str] | None = None
        self._catalog_lock = threading.Lock()
        self._catalog_files: dict[Path, CatalogFile] = {}
        self._shared: dict[Any, Any] = {}
        """One copy of each kind and of each tuple of codes, shared by every row using it."""
        self._leads: Any = None

    @property
    def actor(self) -> str:
        """Who is acting (recorded on every event)."""
        return self.config.actor

    @property
    def leads(self) -> Any:
        """The leads part's adapter (`dorker.tui.leads_service.LeadsService`), made on first use."""
        if self._leads is None:
            from dorker.tui.leads_service import LeadsService

            self._leads = LeadsService(self.config)
        return self._leads

    # -- the store -------------------------------------------------------------------------

    def _open(self) -> Any:
        if self._store is None:
            from dorker.store.session import open_configured_store

            self._store = open_configured_store(self.config, create=True)
        return self._store

    def close(self) -> None:
        """Release the store."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
