"""`dorker catalog lint`: every problem of every file at once, then cross-file duplicate ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dorker.catalog.loader import FileResult, duplicate_problems, find_files, read_file
from dorker.catalog.validate import Problem

__all__ = ["LintReport", "lint_paths"]


@dataclass(frozen=True, slots=True)
class LintReport:
    """The files checked, the problems found (in file order) and whether any was unreadable."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]
    sources: int
    unreadable: bool

    @property
    def exit_code(self) -> int:
        """2 when a file could not be read, 1 when there are findings, else 0."""
        return 2 if self.unreadable else 1 if self.problems else 0


def lint_paths(paths: Sequence[Path]) -> LintReport:
    """Lint the files and folders in `paths` as one catalog (duplicate ids span them all)."""
    files = find_files(paths)
    results: list[FileResult] = [read_file(path) for path in files]
    problems = [p for r in results for p in r.problems] + duplicate_problems(results)
    order = {str(path): index for index, path in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.path, len(order)), p.line, p.column))
    return LintReport(tuple(files), tuple(problems), sum(len(r.sources) for r in results),
                      any(r.unreadable for r in results))
