"""Every playbook of every root, with precedence: the user's > team roots (in order) > bundled.

The same id twice within one level is an error naming both files and lines; a higher level
overriding an id on purpose is allowed (lint reports it as info).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dorker.errors import InputError, Location, UsageError
from dorker.playbooks.loader import first_error, read_playbook
from dorker.playbooks.model import Finding, Playbook

__all__ = ["Library", "Root", "find_files", "load_library", "playbook_roots", "resolve_playbook"]

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Root:
    """A folder of playbooks and its precedence (0 is the highest)."""

    level: int
    name: str
    path: Path


@dataclass(slots=True)
class Library:
    """The playbooks in effect, and what went wrong reading the others."""

    playbooks: dict[str, Playbook] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    duplicates: dict[str, Finding] = field(default_factory=dict)
    broken: list[Path] = field(default_factory=list)
    files: int = 0
    all: list[Playbook] = field(default_factory=list)
    """Every playbook read without error, overridden and duplicated ones included."""

    def get(self, playbook_id: str) -> Playbook:
        """The playbook with this id; a located error for a duplicate, a usage error if none."""
        dup = self.duplicates.get(playbook_id)
        if dup is not None:
            raise InputError(f"{dup.code} {dup.message}",
                             where=Location(dup.path, dup.line, dup.column))
        playbook = self.playbooks.get(playbook_id)
        if playbook is None:
            import difflib

            for path in self.broken:  # the file named after the id is broken: say why
                error = first_error([f for f in self.findings if f.path == str(path)])
                if path.stem == playbook_id and error is not None:
                    raise InputError(f"{error.code} {error.message}",
                                     where=Location(error.path, error.line, error.column))

            near = difflib.get_close_matches(playbook_id, list(self.playbooks), n=1)
            hint = f"did you mean {near[0]!r}?" if near else "see: dorker playbooks list"
            if self.broken:
                hint += f"; {len(self.broken)} playbook file(s) have errors: dorker playbooks lint"
            raise UsageError(f"no playbook {playbook_id!r}", hint=hint)
        return playbook

    def warnings(self) -> list[str]:
        """One-line notes for commands that use the playbooks in effect (list, match)."""
        notes = []
        if self.broken:
            notes.append(f"{len(self.broken)} playbook file(s) with errors were skipped "
                         "(see: dorker playbooks lint)")
        for pid, finding in self.duplicates.items():
            notes.append(f"playbook {pid!r} is defined twice in one root and was skipped "
                         f"({finding.path}:{finding.line})")
        return notes

    def effective(self) -> list[Playbook]:
        """The playbooks in effect, sorted by pattern then id (duplicated ids left out)."""
        return sorted((p for i, p in self.playbooks.items() if i not in self.duplicates),
                      key=lambda p: (p.pattern, p.id))


def playbook_roots() -> list[Root]:
    """The user's folder, the team roots from the config, the bundled folder."""
    from dorker.config import load_config
    from dorker.resources import bundled_dir

    config = load_config()
    roots: list[Root] = []
    if config.user_playbooks_dir is not None:
        roots.append(Root(0, "user", config.user_playbooks_dir))
    for i, path in enumerate(config.playbook_roots, start=1):
        roots.append(Root(i, f"team {path}", path))
    roots.append(Root(len(roots), "bundled", bundled_dir("queries")))
    return roots


def find_files(path: Path) -> list[Path]:
    """The playbook files under `path` (or `path` itself), sorted; hidden folders skipped."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(path).parts))


def load_library(roots: Sequence[Root] | None = None) -> Library:
    """Read every root; each id maps to its highest-precedence playbook."""
    lib = Library()
    by_level: dict[int, dict[str, Playbook]] = {}
    names: dict[int, str] = {}
    for root in playbook_roots() if roots is None else roots:
        names[root.level] = root.name
        level = by_level.setdefault(root.level, {})
        for path in find_files(root.path):
            lib.files += 1
            playbook, findings = read_playbook(path)
            lib.findings.extend(findings)
            if playbook is None or first_error(findings) is not None:
                lib.broken.append(path)
                continue
            playbook.level, playbook.level_name = root.level, root.name
            lib.all.append(playbook)
            other = level.get(playbook.id)
            if other is not None:
                first = other.where("id")
                here = playbook.where("id")
                finding = Finding.at(here, "error", "duplicate-id",
                                     f"playbook id {playbook.id!r} is also defined at "
                                     f"{first.path}:{first.line}:{first.column} (same {root.name} "
                                     f"root); rename one")
                lib.findings.append(finding)
                lib.duplicates.setdefault(playbook.id, finding)
                continue
            level[playbook.id] = playbook
    for level_no in sorted(by_level, reverse=True):  # lowest precedence first, then override
        for pid, playbook in by_level[level_no].items():
            lower = lib.playbooks.get(pid)
            if lower is not None:
                where = lower.where("id")
                lib.findings.append(Finding.at(
                    playbook.where("id"), "info", "override",
                    f"playbook {pid!r} ({names[level_no]}) overrides the one at "
                    f"{where.path}:{where.line} ({names[lower.level]})"))
            lib.playbooks[pid] = playbook
    return lib


def resolve_playbook(target: str, library: Library | None = None) -> Playbook:
    """A playbook by id, or by path when `target` names a file."""
    path = Path(target)
    if target.endswith(SUFFIXES) or path.is_file():
        from dorker.playbooks.loader import load_playbook

        if not path.exists():
            raise InputError("file not found", where=Location(path))
        return load_playbook(path)
    return (library or load_library()).get(target)


def iter_paths(paths: Iterable[Path]) -> list[Path]:
    """Every playbook file under the given paths, in order, once."""
    out: list[Path] = []
    for path in paths:
        out.extend(find_files(path))
    return list(dict.fromkeys(out))
