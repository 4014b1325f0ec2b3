"""TARGET resolution for `open` and `search`: a playbook (or one of its queries) or a raw dork.

`PLAYBOOK_ID` or `PLAYBOOK_ID:QUERY_ID` names a playbook when one with that id exists; anything
else is read as a raw dork (Google syntax). `--dork` forces the raw reading. Each resolved item
carries what the record needs: engine, exact query and URL, and for a playbook its id, version
and content hash. On an engine without OR an item also carries its search plan;
`PLAYBOOK_ID:QUERY_ID#N` picks the plan's search N (see dorker.engines.plan).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from dorker.errors import UsageError

if TYPE_CHECKING:
    from dorker.engines.plan import PlanSearch

__all__ = ["SearchItem", "resolve_target", "split_search_number"]


@dataclass(frozen=True, slots=True)
class SearchItem:
    """One query for one engine, ready to open or fetch."""

    engine: str
    query: str | None
    url: str | None
    diagnostics: tuple[dict[str, Any], ...] = ()
    playbook: str | None = None
    playbook_version: int | None = None
    playbook_sha256: str | None = None
    query_id: str | None = None
    pattern: str | None = None
    sources: tuple[str, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)
    dork: str | None = None
    searches: tuple[PlanSearch, ...] = ()
    """The search plan, on an engine without OR (empty elsewhere)."""
    search_id: str | None = None
    """The plan search this item stands for (`PLAYBOOK:QUERY#N`, `#N` for a dork)."""
    plan_engine: str | None = None
    """The planned engine whose plan holds this search (a web companion names its own engine)."""

    @property
    def search_prefix(self) -> str:
        """What plan ids of this item start with: `PLAYBOOK:QUERY`, or nothing for a dork."""
        return f"{self.playbook}:{self.query_id}" if self.playbook else ""

    def plan_item(self, number: int) -> SearchItem:
        """The plan's search `number` (1-based) as an item of its own."""
        search = self.searches[number - 1]
        return replace(self, engine=search.engine, query=search.query, url=search.url,
                       searches=(), search_id=search.id(self.search_prefix),
                       plan_engine=self.engine)

    def plan_items(self) -> list[SearchItem]:
        """Every search of the plan as an item ([self] when there is no plan)."""
        if not self.searches:
            return [self]
        return [self.plan_item(n) for n in range(1, len(self.searches) + 1)]

    def first(self) -> SearchItem:
        """The plan's first search (self when there is no plan)."""
        return self.plan_item(1) if self.searches else self

    def record(self) -> dict[str, Any]:
        """The payload fields that describe this search in an event."""
        payload: dict[str, Any] = {"engine": self.engine, "query": self.query, "url": self.url}
        if self.search_id:
            payload["search_id"] = self.search_id
            payload["plan_engine"] = self.plan_engine
        if self.playbook:
            payload.update(
                {
                    "playbook": self.playbook,
                    "playbook_version": self.playbook_version,
                    "playbook_sha256": self.playbook_sha256,
                    "query_id": self.query_id,
                    "pattern": self.pattern,
                    "sources": list(self.sources),
                    "variables": dict(self.variables),
                }
            )
        else:
            payload["dork"] = self.dork
        return payload


def split_search_number(target: str) -> tuple[str, str | None]:
    """`PLAYBOOK:QUERY#N` -> (`PLAYBOOK:QUERY`, `N`); any other target -> (target, None).

    The number is returned as written (checked once the plan is known).
    """
    base, sep, number = target.rpartition("#")
    if sep and base and ":" in base and " " not in target and "/" not in target:
        return base, number
    return target, None


def resolve_target(
    target: str,
    *,
    engines: Sequence[str] = (),
    values: Sequence[str] = (),
    force_dork: bool = False,
    max_searches: int | None = None,
) -> list[SearchItem]:
    """Every (query, engine) a TARGET stands for; `PB:Q#N` gives plan search N of each engine."""
    if not target.strip():
        raise UsageError("the target is empty", hint="give a playbook id or a dork")
    if not force_dork:
        base, number = split_search_number(target)
        _refuse_a_plan_number_without_its_query(target)
        playbook_id, _, query_id = base.partition(":")
        if playbook_id and " " not in base:
            from dorker.playbooks.library import load_library

            library = load_library()
            if playbook_id in library.playbooks or playbook_id in library.duplicates:
                items = _from_playbook(library.get(playbook_id), query_id or None, engines,
                                       values, max_searches)
                return items if number is None else _pick(items, base, number)
    if values:
        raise UsageError("-V applies to playbooks only", hint=f"no playbook named {target!r}")
    return _from_dork(target, engines, max_searches)


def _refuse_a_plan_number_without_its_query(target: str) -> None:
    """`PLAYBOOK#3` (the query forgotten) would otherwise be searched as a dork of its id."""
    head, sep, number = target.rpartition("#")
    if not sep or ":" in head or " " in target or not head:
        return
    from dorker.playbooks.library import load_library

    library = load_library()
    if head in library.playbooks or head in library.duplicates:
        raise UsageError(f"{target!r} names a plan search without its query",
                         hint=f"plan ids are PLAYBOOK:QUERY#N, e.g. {head}:"
                              f"{library.get(head).queries[0].id}#{number or 1}; "
                              f"or give --dork to search the text as written")


def _pick(items: list[SearchItem], base: str, number: str) -> list[SearchItem]:
    """Search `number` of each item's plan; a clear error for an engine without a plan or an
    unknown number."""
    from dorker.engines.registry import engine_profiles

    picked = []
    for item in items:
        if not item.searches:
            planned = sorted(e for e, p in engine_profiles(_known_engines()).items()
                             if p.makes_plan)
            raise UsageError(f"{item.engine} makes no search plan (it has OR), so "
                             f"{base}#{number} means nothing there",
                             hint=f"plans exist on: {', '.join(planned)}; or open {base}")
        labels = [s.label or str(s.number) for s in item.searches]
        if number not in labels:
            raise UsageError(f"{item.engine} has no plan search #{number} for {base}",
                             hint=f"its plan holds {_ranges(labels)}; see them with: dorker "
                                  f"build {base} -e {item.engine}")
        picked.append(item.plan_item(labels.index(number) + 1))
    return picked


def _ranges(labels: list[str]) -> str:
    """`#1 to #7 and #w1 to #w3`: the ids a plan holds, for a message."""
    own = [x for x in labels if not x.startswith("w")]
    web = [x for x in labels if x.startswith("w")]
    parts = [f"#{group[0]}" if len(group) == 1 else f"#{group[0]} to #{group[-1]}"
             for group in (own, web) if group]
    return " and ".join(parts)


def _known_engines() -> list[str]:
    from dorker.config import load_config
    from dorker.engines.profile import available_engines

    return sorted(available_engines(load_config().catalog_roots))


def _from_playbook(
    pb: Any, query_id: str | None, engines: Sequence[str], values: Sequence[str],
    max_searches: int | None = None,
) -> list[SearchItem]:
    from dorker.cli.build import parse_assignments
    from dorker.playbooks.build import build
    from dorker.playbooks.expand import resolve_values

    if query_id and pb.query(query_id) is None:
        raise UsageError(
            f"playbook {pb.id!r} has no query {query_id!r}",
            hint=f"its queries: {', '.join(q.id for q in pb.queries)}",
        )
    result = build(
        pb,
        resolve_values(pb, parse_assignments(list(values))),
        list(engines) or None,
        [query_id] if query_id else None,
        max_searches,
    )
    items = []
    for built in result.queries:
        exp = built.expansion
        used = {k: list(v) for k, v in exp.used_values().items()}
        for engine, compiled in built.engines.items():
            items.append(
                SearchItem(
                    engine,
                    compiled.query,
                    compiled.url,
                    tuple(d.to_json() for d in (*exp.diagnostics, *compiled.diagnostics)),
                    pb.id,
                    pb.version,
                    pb.sha256,
                    exp.query.id,
                    pb.pattern,
                    tuple(exp.query.sources),
                    used,
                    searches=compiled.searches,
                )
            )
    if not items:
        reasons = "; ".join(f"{e.query.id}: {e.skipped}" for e in result.skipped)
        raise UsageError(f"playbook {pb.id!r} built no query", hint=reasons or None)
    return items


def _from_dork(dork: str, engines: Sequence[str], max_searches: int | None) -> list[SearchItem]:
    from dorker.translate import Translator

    if not engines:
        from dorker.config import load_config

        engines = load_config().default_engines
    translator = Translator.for_engines(list(engines), max_searches=max_searches)
    result = translator.translate(dork)
    return [
        SearchItem(
            engine,
            c["query"],
            c["url"],
            tuple(result["diagnostics"]) + tuple(c["diagnostics"]),
            dork=dork,
            searches=translator.plans.get(engine, ()),
        )
        for engine, c in result["engines"].items()
    ]
