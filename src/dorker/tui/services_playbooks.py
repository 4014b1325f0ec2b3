"""Playbooks and engines for the terminal app: the picker's list, a picked playbook, values
checked, queries built and raw dorks translated (a platform's plan as one row per search).

Part of `dorker.tui.services.Services` (blocking; used from thread workers). Where the core has
no finished API yet, the adapter says so in its docstring (`ADAPTER:`). Nothing here imports
Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dorker.tui.models import (
    BuildResult,
    CompiledRow,
    PlaybookInfo,
    PlaybookSummary,
    split_values,
)
from dorker.tui.plans import opened_plan_searches, plan_rows, with_opened
from dorker.tui.services_base import ServicesBase

if TYPE_CHECKING:
    from dorker.tui.models import VariableInfo

__all__ = ["PlaybookServices"]


class PlaybookServices(ServicesBase):
    """Playbooks, engines, building and translating (part of `Services`)."""

    def _roots(self) -> list[Any]:
        from dorker.playbooks.library import Root, playbook_roots

        if self._playbook_dirs is None:
            return sorted(playbook_roots(), key=lambda r: r.level)
        return [Root(i, f"root {path}", path) for i, path in enumerate(self._playbook_dirs)]

    def _load_playbooks(self) -> dict[str, PlaybookSummary]:
        """Read every root once, keeping only what the picker shows and each file's path.

        ADAPTER: the same precedence as `dorker.playbooks.library.load_library` (the first root
        that defines an id wins), but file by file, so 1,000 parsed playbooks (with the YAML
        positions kept for errors) are never all in memory at once; a pick re-reads one file.
        """
        with self._lock:
            if self._playbooks is None:
                from dorker.playbooks.library import find_files
                from dorker.playbooks.loader import first_error, read_playbook

                found: dict[str, PlaybookSummary] = {}
                share = self._shared.setdefault
                for root in self._roots():
                    for path in find_files(root.path):
                        # Value checks (and the phone-number library) wait for the pick, which
                        # reads the file again in full: a bad value is reported then.
                        playbook, findings = read_playbook(path, check_values=False)
                        if playbook is None or first_error(findings) is not None:
                            self._playbook_errors.append(str(path))
                        elif playbook.id not in found:
                            engines = playbook.engines
                            found[playbook.id] = PlaybookSummary(
                                playbook.id, playbook.title, share(playbook.pattern,
                                                                   playbook.pattern),
                                playbook.version, engines and share(engines, engines))
                            self._paths[playbook.id] = str(path)
                self._playbooks = found
            return self._playbooks

    def _playbook(self, playbook_id: str) -> Any:
        """The full playbook (read again from its file; the last few are kept)."""
        with self._lock:
            cached = self._recent.pop(playbook_id, None)
            if cached is None:
                from dorker.playbooks.loader import load_playbook

                self._load_playbooks()
                path = self._paths.get(playbook_id)
                if path is None:
                    raise LookupError(f"no playbook {playbook_id!r} in the library")
                cached = load_playbook(Path(path))
            self._recent[playbook_id] = cached
            while len(self._recent) > 8:
                self._recent.pop(next(iter(self._recent)))
            return cached

    def playbooks(self) -> list[PlaybookSummary]:
        """Every usable playbook, by pattern then id."""
        return sorted(self._load_playbooks().values(), key=lambda p: (p.pattern, p.id))

    def playbook(self, playbook_id: str) -> PlaybookInfo:
        """A picked playbook, read from its file (its variables, queries and content hash)."""
        return _info(self._playbook(playbook_id))

    def playbook_errors(self) -> list[str]:
        """Files that could not be used (shown once, never fatal)."""
        self._load_playbooks()
        return list(self._playbook_errors)

    def engines(self) -> list[str]:
        """Every engine id with a profile."""
        if self._engines is None:
            from dorker.engines.profile import available_engines

            self._engines = sorted(available_engines(self.config.catalog_roots))
        return self._engines

    def default_engines(self, playbook: PlaybookInfo | PlaybookSummary | None) -> tuple[str, ...]:
        """The playbook's own engines, else the config's defaults."""
        if playbook is not None and playbook.engines:
            return playbook.engines
        return self.config.default_engines

    def _profile(self, engine: str) -> Any:
        with self._lock:
            if engine not in self._profiles:
                from dorker.engines.profile import load_profiles

                self._profiles[engine] = load_profiles([engine], self.config.catalog_roots)[0]
            return self._profiles[engine]

    def source_for(self, row: CompiledRow) -> str:
        """The catalog source a compiled query searches (for "mark checked")."""
        if row.sources:
            return row.sources[0]
        sources = tuple(getattr(self._profile(row.engine), "sources", ()) or ())
        return str(sources[0]) if sources else row.engine

    def check_value(self, variable: VariableInfo, text: str) -> str | None:
        """Why `text` is not a valid value of `variable` (None when it is)."""
        from dorker.playbooks.values import ValueError_, normalise

        values = split_values(text) if variable.multiple or variable.matrix else [text.strip()]
        for value in values:
            if not value:
                continue
            try:
                normalise(variable.type, value, choices=variable.choices, region=variable.region)
            except ValueError_ as exc:
                return str(exc)
        return None

    def translate(self, text: str, engines: Sequence[str],
                  case_id: str | None = None) -> BuildResult:
        """A raw dork compiled for each engine (a platform's plan as one row per search)."""
        from dorker.engines.compiler import compile_query
        from dorker.query.parser import parse

        parsed = parse(text)
        problems = tuple(d.message for d in parsed.diagnostics if d.severity == "error")
        rows: list[CompiledRow] = []
        if not parsed.empty:
            read = tuple(d.to_json() for d in parsed.diagnostics)
            cap = self.config.max_searches
            for engine in engines:
                compiled = compile_query(parsed.node, self._profile(engine), {},
                                         max_searches=cap)
                rows.extend(plan_rows(
                    CompiledRow("dork", text, engine, compiled.query, compiled.url,
                                read + tuple(d.to_json() for d in compiled.diagnostics)),
                    compiled.searches, ""))
        return BuildResult(tuple(self._with_opened(rows, case_id)), problems, raw=text)

    def build(self, playbook_id: str, values: Mapping[str, str],
              engines: Sequence[str], case_id: str | None = None) -> BuildResult:
        """Every query of a playbook with these form values, for each engine.

        `engines` equal to the playbook's defaults means "each query's own engines" (as
        `dorker build` without -e); any other list builds every query for those engines.
        """
        from dorker.errors import DorkerError
        from dorker.playbooks.build import build
        from dorker.playbooks.expand import resolve_values

        pb = self._playbook(playbook_id)
        info = _info(pb)
        given: dict[str, list[str]] = {}
        for name, var in pb.variables.items():
            text = values.get(name, "")
            found = split_values(text) if (var.multiple or var.matrix) else (
                [text.strip()] if text.strip() else [])
            if found:
                given[name] = found
        chosen = None if tuple(engines) == self.default_engines(info) else list(engines)
        try:
            resolved = resolve_values(pb, given)
            built = build(pb, resolved, chosen, max_searches=self.config.max_searches)
        except DorkerError as exc:
            return BuildResult((), (exc.message,), playbook=info)
        rows: list[CompiledRow] = []
        for item in built.queries:
            exp = item.expansion
            read = tuple(d.to_json() for d in exp.diagnostics)
            for engine, compiled in item.engines.items():
                rows.extend(plan_rows(
                    CompiledRow(exp.query.id, exp.query.title, engine, compiled.query,
                                compiled.url,
                                read + tuple(d.to_json() for d in compiled.diagnostics),
                                exp.used_values(), exp.query.sources),
                    compiled.searches, f"{pb.id}:{exp.query.id}"))
        problems = tuple(f"{e.query.id}: {e.skipped}" for e in built.skipped
                         if e.skipped and "has no value" not in e.skipped)
        return BuildResult(tuple(self._with_opened(rows, case_id)), problems, playbook=info)

    def _with_opened(self, rows: list[CompiledRow], case_id: str | None) -> list[CompiledRow]:
        """Plan rows with how many of their plan's searches this case has opened."""
        if case_id is None or not any(r.search_id for r in rows):
            return rows
        return with_opened(rows, self.opened_plan_searches(case_id))

    def opened_plan_searches(self, case_id: str) -> dict[tuple[str | None, str], set[str]]:
        """The plan searches opened for a case (see `dorker.tui.plans.opened_plan_searches`)."""
        with self._lock:
            return opened_plan_searches(self._open(), case_id)



def _info(pb: Any) -> PlaybookInfo:
    variables = tuple(pb.variables.values())
    sources = tuple(dict.fromkeys(s for q in pb.queries for s in q.sources))
    return PlaybookInfo(pb.id, pb.title, pb.pattern, pb.version, pb.sha256, pb.engines,
                        variables, tuple((q.id, q.title) for q in pb.queries), sources)
