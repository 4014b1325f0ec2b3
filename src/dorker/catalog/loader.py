"""Finds and reads catalog files from every root: bundled, the user's, then configured roots."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dorker.catalog.model import Source
from dorker.catalog.validate import Problem, check_document
from dorker.errors import InputError, Location
from dorker.yamlsafe import DEFAULT_MAX_BYTES, load_yaml_text

__all__ = ["Catalog", "FileResult", "catalog_roots", "find_files", "load_catalog", "read_file",
           "user_catalog_dir"]

SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 4 * DEFAULT_MAX_BYTES  # an imported catalog file may be large


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file read: its valid sources, its problems, and whether it could be read at all."""

    path: Path
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    unreadable: bool = False


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every source of every root, in load order, with the files it came from."""

    sources: tuple[Source, ...]
    files: tuple[Path, ...]

    def get(self, source_id: str) -> Source | None:
        """The source with this id, if any."""
        for source in self.sources:
            if source.id == source_id:
                return source
        return None


def user_catalog_dir() -> Path:
    """The user's own catalog folder (imports go here by default): `<config>/catalog/sources`."""
    from dorker.paths import locations

    return locations().config_dir / "catalog" / "sources"


def catalog_roots() -> list[Path]:
    """Bundled sources, then the user's folder (if any), then `[catalog] roots` from the config.

    A configured root that does not exist is an error, so a typo never silently drops a team's
    sources; the bundled and user folders may be absent.
    """
    from dorker.config import load_config
    from dorker.resources import bundled_dir

    config = load_config()
    roots = [p for p in (bundled_dir("catalog") / "sources", user_catalog_dir()) if p.is_dir()]
    for root in config.catalog_roots:
        if not root.is_dir():
            raise InputError("catalog root is not a folder", where=Location(root),
                             hint=f"fix [catalog] roots in {config.source or 'the config file'}")
        roots.append(root / "sources" if (root / "sources").is_dir() else root)
    return roots


def find_files(paths: Iterable[Path]) -> list[Path]:
    """The catalog files at `paths` (a folder gives its *.yaml/*.yml, recursively, sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES
                                and p.is_file() and "engines" not in p.relative_to(path).parts))
        else:
            found.append(path)  # a missing file is reported by read_file
    return found


def read_file(path: Path) -> FileResult:
    """Read and check one file; never raises for the file's own faults."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _unreadable(path, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
        raw = path.read_bytes()
    except FileNotFoundError:
        return _unreadable(path, "file not found")
    except IsADirectoryError:
        return _unreadable(path, "is a folder, not a file")
    except OSError as exc:
        return _unreadable(path, f"cannot read file: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return _unreadable(path, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line)
    try:
        doc = load_yaml_text(text, path=path, max_bytes=MAX_FILE_BYTES)
    except InputError as exc:
        where = exc.where or Location(path)
        return FileResult(path, (), (Problem(str(path), where.line or 1, where.column or 1,
                                             "yaml", exc.message),))
    problems, sources = check_document(doc)
    return FileResult(path, tuple(s for s, _ in sources), tuple(problems))


def _unreadable(path: Path, message: str, line: int = 1) -> FileResult:
    return FileResult(path, (), (Problem(str(path), line, 1, "unreadable", message),), True)


def duplicate_problems(results: Sequence[FileResult]) -> list[Problem]:
    """A problem at each later use of an id, naming the first place it was defined."""
    first: dict[str, Source] = {}
    problems: list[Problem] = []
    for result in results:
        for source in result.sources:
            seen = first.get(source.id)
            if seen is None:
                first[source.id] = source
                continue
            path, line, col = _split_origin(source.origin or str(result.path))
            problems.append(Problem(path, line, col, "duplicate-id",
                                    f"id {source.id!r} is already defined at {seen.origin}"))
    return problems


def _split_origin(origin: str) -> tuple[str, int, int]:
    path, _, rest = origin.rpartition(":")
    path2, _, line = path.rpartition(":")
    try:
        return path2, int(line), int(rest)
    except ValueError:
        return origin, 1, 1


def load_catalog(paths: Sequence[Path] | None = None) -> Catalog:
    """Load every source; a bad file is one located error naming its first problem."""
    files = find_files(catalog_roots() if paths is None else paths)
    results = [read_file(path) for path in files]
    problems = [p for r in results for p in r.problems] + duplicate_problems(results)
    if problems:
        first = problems[0]
        more = f"; {len(problems) - 1} more" if len(problems) > 1 else ""
        raise InputError(f"bad catalog file: {first.code} {first.message}",
                         where=Location(first.path, first.line, first.column),
                         hint=f"run `dorker catalog lint`{more}")
    sources = tuple(s for r in results for s in r.sources)
    return Catalog(sources, tuple(files))
