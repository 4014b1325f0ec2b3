"""Offline matching of texts against playbook queries (`dorker match`, `playbooks test`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dorker.playbooks.expand import expand_for_matching
from dorker.playbooks.model import Playbook, Query
from dorker.query.matcher import Matcher, PreparedText, compile_matcher, prepare_text

__all__ = ["Hit", "match_text", "query_matchers", "query_matches"]


@dataclass(frozen=True, slots=True)
class Hit:
    """A query that matched."""

    playbook: Playbook
    query: Query

    def to_json(self) -> dict[str, object]:
        """The `matches[]` item of the match JSON shape."""
        return {"playbook": self.playbook.id, "query": self.query.id,
                "pattern": self.playbook.pattern, "title": self.query.title,
                "version": self.playbook.version, "language": self.query.language}


def query_matchers(pb: Playbook, query: Query) -> list[Matcher]:
    """The compiled matchers of every expansion of `query` (cached on the playbook)."""
    key = ("matchers", query.id)
    cached: list[Matcher] | None = pb.cache.get(key)
    if cached is None:
        cached = [compile_matcher(e.node) for e in expand_for_matching(pb, query)
                  if e.node is not None]
        pb.cache[key] = cached
    return cached


def query_matches(pb: Playbook, query: Query, text: PreparedText) -> bool:
    """True when any expansion of the query matches the prepared text."""
    return any(m.matches(text) for m in query_matchers(pb, query))


def match_text(playbooks: Iterable[Playbook], text: str, *, url: str | None = None,
               title: str | None = None, pattern: str | None = None,
               errors: list[str] | None = None) -> list[Hit]:
    """Every query of every playbook that matches; a broken query is noted in `errors`."""
    from dorker.errors import DorkerError

    prepared = prepare_text(text, url=url, title=title)
    hits: list[Hit] = []
    for pb in playbooks:
        if pattern is not None and pb.pattern != pattern:
            continue
        for query in pb.queries:
            try:
                if query_matches(pb, query, prepared):
                    hits.append(Hit(pb, query))
            except DorkerError as exc:
                if errors is not None:
                    errors.append(str(exc))
    return hits
