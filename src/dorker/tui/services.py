"""The one place the terminal app touches the core: playbooks, engines, catalog, store, search.

Every method here is blocking and is called from a thread worker, never from a handler. Where the
core has no finished API yet, the adapter says so in its docstring (`ADAPTER:`) so the wiring can
be fixed in this one file. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dorker.config import Config
from dorker.store.events import new_command_id
from dorker.tui.models import (
    ACTION_CHECKED,
    ACTION_OPENED,
    ACTION_REVIEWED,
    ACTION_SEARCHED,
    OUTCOMES,
    VERDICTS,
    BuildResult,
    CaseInfo,
    CheckInfo,
    CompiledRow,
    EventRow,
    HistoryFilter,
    PlaybookInfo,
    PlaybookSummary,
    ReviewInfo,
    SearchPage,
    ServiceUnavailable,
    SourceRow,
    split_values,
)
from dorker.tui.plans import opened_plan_searches, plan_rows, with_opened

if TYPE_CHECKING:
    from dorker.tui.models import VariableInfo

__all__ = ["Services"]


@dataclass(frozen=True, slots=True)
class _CatalogFile:
    """The rows read from one catalog file, and the (mtime, size) they were read at."""

    stamp: tuple[int, int] | None
    rows: tuple[SourceRow, ...]
    problem: str | None


class Services:
    """The core as the terminal app sees it (blocking calls; use them from thread workers)."""

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
        self._catalog_files: dict[Path, _CatalogFile] = {}
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

    # -- playbooks and engines -------------------------------------------------------------

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

    # -- catalog ---------------------------------------------------------------------------

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
            cache: dict[Path, _CatalogFile] = {}
            for path in files:
                cache[path] = self._catalog_file(path)
            self._catalog_files = cache  # files gone from the roots are forgotten
            first: dict[str, SourceRow] = {}  # a dict: half a set's size at 10,000 ids
            for entry in cache.values():
                for row in entry.rows:
                    first.setdefault(row.id, row)
            self._catalog_problems = [e.problem for e in cache.values() if e.problem]
            return list(first.values())

    def _catalog_file(self, path: Path) -> _CatalogFile:
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
        return _CatalogFile(stamp, rows, problem)

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

    def coverage_matrix(self, case_id: str) -> dict[str, Any]:
        """The case's sources × playbook queries, as the case report draws it
        (`dorker.report.matrix.build_matrix`): catalog rows, the case's playbooks, the record."""
        from dorker.coverage import PlannedQuery, case_coverage
        from dorker.report.matrix import build_matrix
        from dorker.store.cases import get_case

        sources = self.sources()
        with self._lock:
            case = get_case(self._open(), case_id)
        if case is None:
            raise LookupError(f"no case {case_id}")
        wanted = set(case.patterns)
        queries = [PlannedQuery(f"{pb.id}:{q.id}", pb.pattern, tuple(q.sources), q.title)
                   for summary in self.playbooks() if not wanted or summary.pattern in wanted
                   for pb in (self._playbook(summary.id),) for q in pb.queries]
        with self._lock:
            coverage = case_coverage(self._open(), case, sources, queries)
        return build_matrix(coverage)

    # -- store: cases, checks, history -----------------------------------------------------

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

    def is_empty(self) -> bool:
        """True when the record holds no event yet (first launch)."""
        from dorker.store.base import EventFilter

        with self._lock:
            return int(self._open().count(EventFilter())) == 0

    def cases(self) -> list[CaseInfo]:
        """Every case, oldest first."""
        from dorker.store.cases import list_cases

        with self._lock:
            found = list_cases(self._open())
        return [CaseInfo(c.id, c.title, c.patterns, c.created_at, c.created_by, c.checks)
                for c in found]

    def create_case(self, title: str, patterns: Sequence[str] = ()) -> CaseInfo:
        """Record a new case and make it current."""
        from dorker.store.cases import create_case

        with self._lock:
            event = create_case(self._open(), title, list(patterns), actor=self.actor)
        self.use_case(str(event.case_id))
        return CaseInfo(str(event.case_id), title.strip(), tuple(patterns), event.ts, event.actor)

    def current_case(self) -> CaseInfo | None:
        """The current case (personal working state), if it exists in the record."""
        from dorker.store.cases import get_case, normalise_case_id
        from dorker.store.session import read_current_case

        current = read_current_case(self.config)
        if current is None:
            return None
        with self._lock:
            case = get_case(self._open(), normalise_case_id(current))
        if case is None:
            return None
        return CaseInfo(case.id, case.title, case.patterns, case.created_at, case.created_by,
                        case.checks)

    def use_case(self, case_id: str) -> None:
        """Make `case_id` current (no event: working state, like `dorker case use`)."""
        from dorker.store.session import write_current_case

        write_current_case(self.config, case_id)

    def record_open(self, case_id: str | None, row: CompiledRow,
                    playbook: PlaybookInfo | None, how: str = "browser") -> int:
        """Record that a compiled query was handed over (`how`: browser or copied).

        The payload has the fields of `dorker open` (`dorker.targets.SearchItem.record`), so
        coverage and reports read both alike.
        """
        payload: dict[str, Any] = {"engine": row.engine, "query": row.query, "url": row.url}
        if playbook is None:
            payload["dork"] = row.title  # the dork as typed (as `dorker open` records it)
        else:
            payload.update({
                "playbook": playbook.id, "playbook_version": playbook.version,
                "playbook_sha256": playbook.sha256, "query_id": row.query_id,
                "pattern": playbook.pattern, "sources": list(row.sources),
                "variables": {k: list(v) for k, v in row.variables.items()},
            })
        if row.search_id:
            payload.update({"search_id": row.search_id, "plan_engine": row.plan_engine})
        payload.update({"how": how, "via": "tui", "command_id": new_command_id()})
        with self._lock:
            return int(self._open().append(ACTION_OPENED, payload, actor=self.actor,
                                           case_id=case_id).seq)

    def record_check(self, case_id: str, source_id: str, outcome: str,
                     note: str | None = None, query: str | None = None) -> CheckInfo:
        """Record that a source was checked for a case (same payload as `dorker check`)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self._lock:
            event = self._open().append(ACTION_CHECKED, {"source": source_id, "outcome": outcome,
                                                         "query": query, "note": note},
                                        actor=self.actor, case_id=case_id)
        return CheckInfo(outcome, event.actor, event.ts, note)

    def coverage(self, case_id: str) -> dict[str, CheckInfo]:
        """The latest check of each source in a case."""
        from dorker.store.base import EventFilter

        out: dict[str, CheckInfo] = {}
        with self._lock:
            for event in self._open().iter_events(EventFilter(case_id=case_id,
                                                              action=ACTION_CHECKED)):
                p = event.payload
                out[str(p.get("source"))] = CheckInfo(str(p.get("outcome")), event.actor,
                                                      event.ts, p.get("note"))
        return out

    @staticmethod
    def _spec(where: HistoryFilter) -> Any:
        """The store filter for the history filter (`source` means every `source.*` action)."""
        from dorker.store.base import EventFilter
        from dorker.store.display import parse_time_bound

        since = parse_time_bound(where.since, upper=False, option="since") if where.since else None
        until = parse_time_bound(where.until, upper=True, option="until") if where.until else None
        action = where.action
        if action and not action.endswith("*") and "." not in action:
            action += "*"  # a family (`case` is case.*); also the dot-less `export`
        return EventFilter(case_id=where.case_id or None, actor=where.actor or None,
                           action=action or None, since=since, until=until)

    def events(self, where: HistoryFilter, limit: int = 2000) -> list[EventRow]:
        """Events matching `where`, newest first."""
        from dorker.store.display import payload_summary

        spec = self._spec(where)
        with self._lock:
            found = list(self._open().iter_events(spec, reverse=True, limit=limit))
        return [EventRow(e.seq, e.ts, e.actor, e.case_id, e.action,
                         payload_summary(e.payload), dict(e.payload)) for e in found]

    def verify(self) -> tuple[bool, str]:
        """Check the hash chain: (intact, one line)."""
        from dorker.i18n import _, ngettext
        from dorker.store.verify import verify

        with self._lock:
            report = verify(self._open(), evidence=False)
        if report.ok:
            intact = ngettext("chain intact: {count} event", "chain intact: {count} events",
                              report.checked).format(count=report.checked)
            if report.head is None:
                return True, intact
            head = _("head {head}").format(head=f"{report.head.seq}:{report.head.hash[:12]}")
            return True, f"{intact} {head}"
        assert report.problem is not None
        return False, _("BROKEN at {seq}: {problem}").format(seq=report.problem.seq,
                                                            problem=report.problem.message)

    def export(self, where: HistoryFilter, path: Path) -> int:
        """Write the matching events as JSONL (the `audit log --format jsonl` shape).

        The file is owner-only and the export is recorded (`export`), unless this login may
        only read the record (a team store's auditor)."""
        import json

        from dorker.private import make_private_dir
        from dorker.store.exports import write_export

        spec = self._spec(where)
        count = 0

        def write(out: Any) -> None:
            nonlocal count
            for event in store.iter_events(spec):
                out.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
                count += 1

        make_private_dir(path.parent)
        with self._lock:
            store = self._open()
            write_export(store if store.can_append() else None, path, write, what="audit log",
                         case_id=spec.case_id, actor=self.actor)
        return count

    # -- results and review ----------------------------------------------------------------

    def reviews(self, urls: Sequence[str]) -> dict[str, ReviewInfo]:
        """Earlier verdicts on these URLs (latest wins), keyed by the URL as given.

        Read from the record itself (the reviewed-URL index is a cache of it), so the screen
        is right even when the index was deleted and not yet rebuilt.
        """
        from dorker.store.base import EventFilter

        wanted = {_norm(u): u for u in urls}
        out: dict[str, ReviewInfo] = {}
        with self._lock:
            for event in self._open().iter_events(EventFilter(action=ACTION_REVIEWED)):
                key = _norm(str(event.payload.get("url", "")))
                if key in wanted:
                    out[wanted[key]] = ReviewInfo(
                        str(event.payload.get("verdict")), event.actor, event.ts,
                        event.payload.get("note"),
                        tuple(str(t) for t in event.payload.get("tags") or ()))
        return out

    def record_verdict(self, case_id: str | None, url: str, verdict: str,
                       note: str | None = None, tags: Sequence[str] = ()) -> ReviewInfo:
        """Record a verdict on a result (with an optional note and tags)."""
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        from dorker.results.reviewed import ReviewedIndex

        key = _norm(url)
        with self._lock:
            event = self._open().append(ACTION_REVIEWED, {
                "url": key, "original_url": url, "verdict": verdict, "note": note or "",
                "tags": list(tags), "via": "tui"}, actor=self.actor, case_id=case_id)
            with ReviewedIndex.default() as index:  # the same index `dorker search` reads
                index.mark(key, verdict, event.actor, event.ts, note or "", tags)
        return ReviewInfo(verdict, event.actor, event.ts, note, tuple(tags))

    def search(self, row: CompiledRow, pages: int, cancelled: Callable[[], bool],
               case_id: str | None = None) -> Iterator[SearchPage]:
        """Fetch result pages through the first configured provider, page by page.

        Each page is recorded as `search.run` with the payload `dorker search` writes.
        A failed page (blocked, CAPTCHA, quota...) ends the run with its one-line reason.
        """
        from dorker.i18n import _
        from dorker.providers.service import PROVIDERS, Searcher

        provider = next((p for p in PROVIDERS.values() if p.missing(self.config) is None), None)
        if provider is None:
            raise ServiceUnavailable(_("no result provider is configured (DORKER_SEARXNG_URL, "
                                       "DORKER_BRAVE_API_KEY...): open the query in the "
                                       "browser instead (o)"))
        if not row.query:
            raise ServiceUnavailable(_("nothing to search"))
        engine = row.engine if provider.name == "searxng" else None
        command_id = new_command_id()  # the pages of one run count as one command
        with Searcher(self.config) as searcher:
            for number in range(1, min(pages, provider.max_pages) + 1):
                if cancelled():
                    return
                outcome = searcher.search(provider.name, row.query, engine, number)
                with self._lock:
                    self._open().append(ACTION_SEARCHED, {
                        "engine": row.engine, "query": row.query, "url": row.url,
                        "query_id": row.query_id or None, "provider": provider.name,
                        "page": number, "outcome": outcome.to_dict(), "via": "tui",
                        "command_id": command_id},
                        actor=self.actor, case_id=case_id)
                yield SearchPage(number, tuple(r.to_dict() for r in outcome.results),
                                 "ok" if outcome.ok else outcome.status, outcome.message)
                if not outcome.ok or not outcome.results:
                    return

    def open_url(self, url: str) -> str:
        """Open `url` in the system browser, or say why it was not (then copy it)."""
        from dorker.browser import open_urls

        result = open_urls([url])
        return "opened in the browser" if result.opened else result.reason


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


def _norm(url: str) -> str:
    try:
        from dorker.results.normalize import normalize_url

        return normalize_url(url)
    except Exception:  # a URL the normaliser refuses still matches itself
        return url.strip()


def _info(pb: Any) -> PlaybookInfo:
    variables = tuple(pb.variables.values())
    sources = tuple(dict.fromkeys(s for q in pb.queries for s in q.sources))
    return PlaybookInfo(pb.id, pb.title, pb.pattern, pb.version, pb.sha256, pb.engines,
                        variables, tuple((q.id, q.title) for q in pb.queries), sources)
