"""Compiler: neutral query × engine profile → query string, search URL and diagnostics.

Meaning is never lost silently. An operator the engine writes differently is translated (info),
one it only half supports is kept with a warning, one it lacks is approximated (`fallback`) or
dropped, each with a diagnostic that names it. Conditions the engine only accepts as URL
parameters (Google's language, Bing's date filter) move to the URL when they apply to the whole
query. Quotes and parentheses are written so that each engine reads the same structure: an OR
group inside an AND, or an AND inside an OR, is always parenthesised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from dorker.engines.context import AND_PART, ATOM, CompileContext
from dorker.engines.limits import build_url, check_limits
from dorker.engines.profile import EngineProfile
from dorker.engines.render import render_node
from dorker.engines.render_words import wrap_part
from dorker.engines.whole_query import lift_whole_query_conditions
from dorker.query.ast import And, Node
from dorker.query.diagnostics import Diagnostic

if TYPE_CHECKING:
    from dorker.engines.authored import AuthoredSearch
    from dorker.engines.companions import ProfileLoader
    from dorker.engines.plan import PlanSearch

__all__ = ["Compiled", "compile_query", "render_node", "start_context"]

_ATOM, _AND = ATOM, AND_PART


@dataclass(frozen=True, slots=True)
class Compiled:
    """One engine's form of a query."""

    engine: str
    query: str | None
    url: str | None
    diagnostics: tuple[Diagnostic, ...]
    url_params: dict[str, str] = field(default_factory=dict)
    searches: tuple[PlanSearch, ...] = ()
    """The search plan, on an engine without OR (`query`/`url` repeat its first search)."""

    def to_json(self, search_prefix: str = "") -> dict[str, object]:
        """The `engines.<id>` object of DESIGN.md's JSON shapes (with `searches` on a plan).

        `search_prefix` is `PLAYBOOK:QUERY` for a playbook's query, empty for a raw dork.
        """
        out: dict[str, object] = {
            "query": self.query,
            "url": self.url,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }
        if self.searches:
            out["searches"] = [s.to_json(search_prefix) for s in self.searches]
        return out


def compile_query(
    node: Node,
    profile: EngineProfile,
    params: dict[str, str] | None = None,
    today: date | None = None,
    *,
    max_searches: int | None = None,
    authored: Sequence[AuthoredSearch] = (),
    load_profile: ProfileLoader | None = None,
) -> Compiled:
    """Compile `node` for `profile`. Never raises for any tree; problems become diagnostics.

    On an engine without OR (`profile.makes_plan`) the result is a search plan (see
    dorker.engines.plan): `max_searches` caps it, `authored` searches come first, and
    `load_profile` finds the web companions' profiles (default: the configured engines).
    """
    if profile.makes_plan:
        from dorker.engines.plan import DEFAULT_MAX_SEARCHES, plan_query
        from dorker.engines.registry import find_profile

        return plan_query(node, profile, params, today,
                          max_searches=max_searches or DEFAULT_MAX_SEARCHES,
                          authored=authored, load_profile=load_profile or find_profile)
    try:
        return _compile_query(node, profile, params, today)
    except RecursionError:  # a tree built elsewhere (a playbook, the API) nested too deeply
        error = Diagnostic(
            "too-deep", "error", "the query is nested too deeply to be written", None
        )
        return Compiled(profile.id, None, None, (error,), {})


def start_context(profile: EngineProfile, params: dict[str, str] | None) -> CompileContext:
    """A compile context holding the caller's URL template parameters (unused ones noted)."""
    ctx = CompileContext(profile)
    ctx.template_params.update(params or {})
    for name in sorted(set(params or {}) - set(profile.requires)):
        ctx.say(
            "unused-parameter",
            "info",
            f"{profile.name} takes no {name} parameter; it was not used",
            None,
        )
    return ctx


def _compile_query(
    node: Node, profile: EngineProfile, params: dict[str, str] | None, today: date | None
) -> Compiled:
    ctx = start_context(profile, params)
    conjuncts: list[Node] = list(node.children) if isinstance(node, And) else [node]
    conjuncts, date_text = lift_whole_query_conditions(
        conjuncts, ctx, today or datetime.now(UTC).date()
    )
    parts = [r for r in (render_node(c, ctx) for c in conjuncts) if r is not None]
    if date_text:
        parts.append((date_text, _ATOM))
    query = " ".join(
        wrap_part(text, kind, ctx, inside=_AND) if len(parts) > 1 else text for text, kind in parts
    )
    if not query.strip():
        if conjuncts or ctx.url_params:
            ctx.say(
                "empty-result",
                "error",
                f"nothing of this query can be written for {profile.name}",
                None,
            )
        return Compiled(profile.id, None, None, tuple(ctx.diags), ctx.url_params)
    check_limits(query, ctx)
    url = build_url(query, ctx)
    return Compiled(profile.id, query, url, tuple(ctx.diags), ctx.url_params)
