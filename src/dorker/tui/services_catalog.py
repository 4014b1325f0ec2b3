"""The source catalog for the terminal app: every catalog source (cached per file while the
file is unchanged) and a case's own sources.

Part of `dorker.tui.services.Services` (blocking; used from thread workers). Nothing here
imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dorker.tui.models import SourceRow
from dorker.tui.services_base import ServicesBase

__all__ = ["CatalogFile", "CatalogServices"]


@dataclass(frozen=True, slots=True)
class CatalogFile:
    """The rows read from one catalog file, and the (mtime, size) they were read at."""

    stamp: tuple[int, int] | None
    rows: tuple[SourceRow, ...]
    problem: str | None




class CatalogServices(ServicesBase):
    """Catalog sources and case-local sources (part of `Services`)."""

    def sources(self) -> list[SourceRow]:
        """Every catalog source (bundled, the user's, configured roots), first id wins.

        ADAPTER: read file by file (not `load_catalog`, which refuses the whole catalog for one
        bad file and holds every parsed file at once); files with problems are listed by
        `catalog_problems` and their valid sources are still shown. A file is parsed again only
        when its size or modification time changed, so coming back to the catalog is cheap.
        """
        from dorker.catalog.loader import catalog_roots, find_files

        given = self._catalog_paths
        roots = [p for p in catalog_roots() if p.exists()] if given is None else list(given)
        with self._catalog_lock:  # not the store's lock: a check is never kept waiting
            files = find_files(roots)
            cache: dict[Path, CatalogFile] = {}
            for path in files:
                cache[path] = self._catalog_file(path)
            self._catalog_files = cache  # files gone from the roots are forgotten
            first: dict[str, SourceRow] = {}  # a dict: half a set's size at 10,000 ids
            for entry in cache.values():
                for row in entry.rows:
                    first.setdefault(row.id, row)
            self._catalog_problems = [e.problem for e in cache.values() if e.problem]
            return list(first.values())

    def _catalog_file(self, path: Path) -> CatalogFile:
        """One catalog file's rows, from the cache while the file is unchanged."""
        from dorker.catalog.loader import read_file

        try:
            info = path.stat()
            stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = None  # read_file says why
        cached = self._catalog_files.get(path)
        if cached is not None and stamp is not None and cached.stamp == stamp:
            return cached
        result = read_file(path)
        problem = None
        if result.problems:
            first = result.problems[0]
            problem = f"{first.path}:{first.line}: {first.message}"
        share = self._shared.setdefault
        rows = tuple(
            SourceRow(src.id, src.name, share(src.kind, src.kind),
                      share(src.countries, src.countries), share(src.languages, src.languages),
                      share(src.patterns, src.patterns), _address(src), _blob(src))
            for src in result.sources)
        return CatalogFile(stamp, rows, problem)

    def catalog_problems(self) -> list[str]:
        """Catalog files that had problems at the last `sources()` (never fatal here)."""
        return list(self._catalog_problems)

    def case_sources(self, case_id: str) -> list[SourceRow]:
        """The case-local sources of a case."""
        from dorker.store.cases import get_case

        with self._lock:
            case = get_case(self._open(), case_id)
        if case is None:
            return []
        return [SourceRow(s.id, s.name or s.url, s.kind or "local", (), (), (), s.url,
                          f"{s.id}\n{s.name or ''}\n{s.url}".casefold(), local=True)
                for s in case.sources]

    def add_case_source(self, case_id: str, url: str, name: str | None) -> SourceRow:
        """Add a case-local source (re-adding the same URL records nothing)."""
        from dorker.store.cases import add_case_source

        with self._lock:
            source, _new = add_case_source(self._open(), case_id, url, actor=self.actor,
                                           name=name or None)
        return SourceRow(source.id, source.name or source.url, source.kind or "local", (), (),
                         (), source.url, f"{source.id}\n{source.url}".casefold(), local=True)



def _address(source: Any) -> str | None:
    """What a row keeps to make the source's URL: the written URL, else the first domain."""
    return source.url or (source.domains[0] if source.domains else None)


def _blob(source: Any) -> str:
    """The lowercase text a catalog filter word is looked for in (see `SourceRow`).

    The catalog's own search text (`Source.search_parts`) without the id, and without the first
    domain when that is the row's address (no URL written): the row keeps both, already
    lowercase, and the filter looks in them too. A written URL stays here, lowercased.
    """
    parts = source.search_parts()
    skip = {0, 2} if source.domains and not source.url else {0}  # id; name is 1, domains 2...
    return "\n".join(p for i, p in enumerate(parts) if p and i not in skip).casefold()
