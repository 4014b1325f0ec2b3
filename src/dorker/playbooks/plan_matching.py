"""Which search of a query's plan would find a text (`match -e ENGINE`, `playbooks test`).

A plan search on a platform is a handful of words that must all be present; this module asks,
offline and with the matcher's folding, which search of a query's plan for an engine finds a
text. Only the plan's own searches count (authored and combinations): a web companion is the
whole query through a web engine, which the query's own match already answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from dorker.playbooks.expand import expand_for_matching
from dorker.playbooks.model import Playbook, Query
from dorker.query.matcher import Matcher, PreparedText, compile_matcher
from dorker.query.parser import parse

__all__ = ["PlanRate", "plan_hit", "plan_matchers", "plan_rates"]


def plan_matchers(pb: Playbook, query: Query, engine: str,
                  max_searches: int | None = None) -> list[tuple[str, Matcher]]:
    """(search id, matcher) for each own search of the query's plan on `engine`.

    Empty when the engine makes no plan. Cached on the playbook.
    """
    key = ("plan-matchers", query.id, engine, max_searches)
    cached: list[tuple[str, Matcher]] | None = pb.cache.get(key)
    if cached is not None:
        return cached
    from dorker.playbooks.build import compile_with, load_engine_profiles

    profile = load_engine_profiles([engine])[engine]
    out: list[tuple[str, Matcher]] = []
    if profile.makes_plan:
        prefix = f"{pb.id}:{query.id}"
        for expansion in expand_for_matching(pb, query):
            if expansion.node is None:
                continue
            compiled = compile_with(expansion.node, profile, max_searches,
                                    query.authored_searches())
            for search in compiled.searches:
                if search.origin == "web" or not search.query:
                    continue
                parsed = parse(search.query)
                if not parsed.empty:
                    out.append((search.id(prefix), compile_matcher(parsed.node)))
    pb.cache[key] = out
    return out


def plan_hit(pb: Playbook, query: Query, engine: str, text: PreparedText,
             max_searches: int | None = None) -> str | None:
    """The id of the first plan search that finds `text`, or None."""
    for search_id, matcher in plan_matchers(pb, query, engine, max_searches):
        if matcher.matches(text):
            return search_id
    return None


@dataclass(frozen=True, slots=True)
class PlanRate:
    """How a playbook's plans on one engine do on its own examples."""

    engine: str
    found: int
    must_match: int
    touched: int
    must_not_match: int

    @property
    def recall(self) -> float | None:
        """Share of must-match examples some plan search finds."""
        return self.found / self.must_match if self.must_match else None

    @property
    def touch_rate(self) -> float | None:
        """Share of must-not-match examples some plan search finds."""
        return self.touched / self.must_not_match if self.must_not_match else None


def plan_rates(pb: Playbook, engine: str, max_searches: int | None = None) -> PlanRate:
    """Recall and touch rate of the playbook's plans on `engine` over its own examples."""
    from dorker.query.matcher import prepare_text

    found = touched = must = must_not = 0
    for query in pb.queries:
        for example in query.match:
            must += 1
            text = prepare_text(example.text, url=example.url, title=example.title)
            found += plan_hit(pb, query, engine, text, max_searches) is not None
        for example in query.no_match:
            must_not += 1
            text = prepare_text(example.text, url=example.url, title=example.title)
            touched += plan_hit(pb, query, engine, text, max_searches) is not None
    return PlanRate(engine, found, must, touched, must_not)
