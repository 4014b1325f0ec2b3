"""Build a playbook: expand its queries and compile each for its engines (the `build` JSON)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from dorker.engines.compiler import Compiled, compile_query
from dorker.engines.plan import AuthoredSearch
from dorker.engines.profile import EngineProfile
from dorker.playbooks.expand import Expansion, expand
from dorker.playbooks.model import Playbook, Query
from dorker.query.ast import Node

__all__ = ["Build", "BuiltQuery", "build", "compile_cached", "engines_for", "load_engine_profiles"]



@dataclass(frozen=True, slots=True)
class BuiltQuery:
    """One expansion compiled for each engine."""

    expansion: Expansion
    engines: dict[str, Compiled]

    def to_json(self, playbook_id: str = "") -> dict[str, object]:
        """The `queries[]` item of the build JSON shape (plan ids start `PLAYBOOK:QUERY`)."""
        exp = self.expansion
        prefix = f"{playbook_id}:{exp.query.id}" if playbook_id else ""
        variables = {name: (list(v) if len(v) != 1 else v[0])
                     for name, v in exp.used_values().items()}
        return {
            "id": exp.query.id, "title": exp.query.title, "variables": variables,
            "sources": list(exp.query.sources),
            "engines": {eid: {**c.to_json(prefix),
                              "diagnostics": [d.to_json() for d in exp.diagnostics]
                              + [d.to_json() for d in c.diagnostics]}
                        for eid, c in self.engines.items()},
        }


@dataclass(slots=True)
class Build:
    """A built playbook, and the queries that were not built (with why)."""

    playbook: Playbook
    queries: list[BuiltQuery] = field(default_factory=list)
    skipped: list[Expansion] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The `build` JSON shape of DESIGN.md (plus version, hash and skipped queries)."""
        pb = self.playbook
        return {
            "playbook": pb.id, "version": pb.version, "pattern": pb.pattern, "sha256": pb.sha256,
            "queries": [q.to_json(pb.id) for q in self.queries],
            "skipped": [{"id": e.query.id, "reason": e.skipped} for e in self.skipped],
        }


def load_engine_profiles(ids: Sequence[str]) -> dict[str, EngineProfile]:
    """Profiles by id, each file loaded once per process (unknown id: UsageError)."""
    from dorker.engines.registry import engine_profiles

    return engine_profiles(tuple(ids))


_SEEN: dict[tuple[str, str], EngineProfile] = {}  # profiles by (id, file), for the cache key


@lru_cache(maxsize=16384)
def _compile(node: Node, engine: str, path: str, max_searches: int | None,
             authored: tuple[AuthoredSearch, ...]) -> Compiled:
    return compile_query(node, _SEEN[(engine, path)], max_searches=max_searches,
                         authored=authored)


def compile_with(node: Node, profile: EngineProfile, max_searches: int | None = None,
                 authored: tuple[AuthoredSearch, ...] = ()) -> Compiled:
    """`compile_query`, cached by (tree, profile file, plan settings): trees are immutable."""
    key = (profile.id, str(profile.path))
    _SEEN.setdefault(key, profile)
    return _compile(node, *key, max_searches, authored)


def compile_cached(node: Node, engine: str, max_searches: int | None = None) -> Compiled:
    """`compile_with` for an engine id."""
    return compile_with(node, load_engine_profiles([engine])[engine], max_searches)


def engines_for(pb: Playbook, query: Query, chosen: Sequence[str] | None = None) -> tuple[str, ...]:
    """-e engines, else the query's, else the playbook's, else the config's defaults."""
    if chosen:
        return tuple(dict.fromkeys(chosen))
    if query.engines:
        return query.engines
    if pb.engines:
        return pb.engines
    from dorker.config import load_config

    return load_config().default_engines


def _check_engines(pb: Playbook) -> None:
    """A playbook naming an engine that does not exist is a located input error."""
    from dorker.config import load_config
    from dorker.engines.profile import available_engines
    from dorker.errors import InputError

    known = available_engines(load_config().catalog_roots)
    places: list[tuple[tuple[str | int, ...], str]]
    places = [(("engines", i), e) for i, e in enumerate(pb.engines or ())]
    places += [(("queries", q.index, "engines", i), e) for q in pb.queries
               for i, e in enumerate(q.engines or ())]
    for at, engine in places:
        if engine not in known:
            raise InputError(f"unknown engine {engine!r}", where=pb.where(*at),
                             hint=f"known engines: {', '.join(sorted(known))}")


def build(pb: Playbook, values: Mapping[str, tuple[str, ...]],
          engines: Sequence[str] | None = None, query_ids: Sequence[str] | None = None,
          max_searches: int | None = None) -> Build:
    """Expand and compile; see `Build`. `max_searches` caps the plans on engines without OR."""
    _check_engines(pb)
    result = Build(pb)
    expansions = expand(pb, values, query_ids)
    wanted = {e.query.id: engines_for(pb, e.query, engines) for e in expansions}
    profiles = load_engine_profiles([i for ids in wanted.values() for i in ids])
    for exp in expansions:
        if exp.node is None:
            result.skipped.append(exp)
            continue
        authored = exp.query.authored_searches()
        result.queries.append(BuiltQuery(exp, {
            e: compile_with(exp.node, profiles[e], max_searches, authored)
            for e in wanted[exp.query.id]}))
    return result
