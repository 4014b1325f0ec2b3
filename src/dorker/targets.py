"""TARGET resolution for `open` and `search`: a playbook (or one of its queries) or a raw dork.

`PLAYBOOK_ID` or `PLAYBOOK_ID:QUERY_ID` names a playbook when one with that id exists; anything
else is read as a raw dork (Google syntax). `--dork` forces the raw reading. Each resolved item
carries what the record needs: engine, exact query and URL, and for a playbook its id, version
and content hash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dorker.errors import UsageError

__all__ = ["SearchItem", "resolve_target"]


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

    def record(self) -> dict[str, Any]:
        """The payload fields that describe this search in an event."""
        payload: dict[str, Any] = {"engine": self.engine, "query": self.query, "url": self.url}
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


def resolve_target(
    target: str,
    *,
    engines: Sequence[str] = (),
    values: Sequence[str] = (),
    force_dork: bool = False,
) -> list[SearchItem]:
    """Every (query, engine) a TARGET stands for."""
    if not target.strip():
        raise UsageError("the target is empty", hint="give a playbook id or a dork")
    if not force_dork:
        playbook_id, _, query_id = target.partition(":")
        if playbook_id and " " not in target:
            from dorker.playbooks.library import load_library

            library = load_library()
            if playbook_id in library.playbooks or playbook_id in library.duplicates:
                return _from_playbook(library.get(playbook_id), query_id or None, engines, values)
    if values:
        raise UsageError("-V applies to playbooks only", hint=f"no playbook named {target!r}")
    return _from_dork(target, engines)


def _from_playbook(
    pb: Any, query_id: str | None, engines: Sequence[str], values: Sequence[str]
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
                )
            )
    if not items:
        reasons = "; ".join(f"{e.query.id}: {e.skipped}" for e in result.skipped)
        raise UsageError(f"playbook {pb.id!r} built no query", hint=reasons or None)
    return items


def _from_dork(dork: str, engines: Sequence[str]) -> list[SearchItem]:
    from dorker.translate import Translator

    if not engines:
        from dorker.config import load_config

        engines = load_config().default_engines
    result = Translator.for_engines(list(engines)).translate(dork)
    return [
        SearchItem(
            engine,
            c["query"],
            c["url"],
            tuple(result["diagnostics"]) + tuple(c["diagnostics"]),
            dork=dork,
        )
        for engine, c in result["engines"].items()
    ]
