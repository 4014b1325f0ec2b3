"""Search plans: a query for an engine without OR becomes a ranked list of short searches.

Facebook, Instagram, TikTok, Telegram (and Mojeek) have no OR, no exact phrases and no
exclusion, and their search box wants a few words. Writing a query's alternatives side by side
would ask for all of them at once, which no ad holds. A plan instead lists faithful
conjunctions: each search takes one alternative from every OR group, phrases are written as the
engine approximates them, exclusions are dropped with the compiler's diagnostic.

Order (deterministic): authored platform searches first (`platform_searches` in a playbook),
then combinations by the sum of their alternatives' authored positions (authors list the most
common alternative first); on a tie, the combination using more alternatives that no earlier
search used, then fewer words, then authored order. At most `max_searches` are kept (a plan's
own searches; default 10) and none over the profile's `plan.max_words`. One diagnostic says how
many combinations exist, how many were kept and which alternatives no kept search uses.

A platform also gets *web companions* (profile `plan.companions`): the whole query with
`site:<platform>` through a web engine that has OR and phrases (Telegram without a channel:
`site:t.me/s` through Google, Bing and Yandex), split to fit that engine's word limit, so that
the full query is never lost. They come after the plan's own searches and are not counted in
the cap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dorker.engines.authored import AuthoredSearch
from dorker.engines.combos import Alternative, Choice, Group, expand_groups, ranked_levels
from dorker.engines.companions import ProfileLoader, companions
from dorker.engines.compiler import Compiled, start_context
from dorker.engines.context import CompileContext
from dorker.engines.limits import build_url, quote
from dorker.engines.profile import EngineProfile
from dorker.engines.render import render_node
from dorker.engines.whole_query import lift_whole_query_conditions
from dorker.query.ast import And, Node, Or
from dorker.query.diagnostics import Diagnostic
from dorker.safeformat import safe_format

__all__ = ["DEFAULT_MAX_SEARCHES", "MAX_SEARCHES_LIMIT", "AuthoredSearch", "PlanSearch",
           "plan_query"]

DEFAULT_MAX_SEARCHES = 10
MAX_SEARCHES_LIMIT = 1000
RANKINGS = ("coverage", "position")
DEFAULT_RANKING = "coverage"
"""The rule chosen by measurement (docs/query-language.md): `bench/bench_plans.py --rules`."""
_HASHTAG = re.compile(r"^#[^\s#]{1,100}$")
_FALLBACK_BUDGET = 200  # candidates looked at to replace a sweep search over the word limit
_BUDGET = 5000  # combinations looked at, at most, per plan



@dataclass(frozen=True, slots=True)
class _Candidate:
    """A combination that may join the plan: its words as the engine writes them."""

    words: tuple[str, ...]
    choices: frozenset[Choice]
    cost: int
    order: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PlanSearch:
    """One search of a plan: `number` is its 1-based place in the plan, `label` its name in
    the plan's ids (`3` for the platform's own third search, `w1` for the first web
    companion), `engine` the engine whose URL it is."""

    number: int
    engine: str
    query: str | None
    url: str | None
    origin: str  # "authored", "combination" or "web"
    label: str = ""

    def id(self, prefix: str = "") -> str:
        """`PLAYBOOK:QUERY#N` (`#wN` for a web companion), or `#N` for a raw dork.

        Own searches are numbered in rank order, so a smaller cap keeps the same ids for the
        searches it keeps; web companions are numbered apart, so the cap never renumbers them.
        """
        return f"{prefix}#{self.label or self.number}"

    def to_json(self, prefix: str = "") -> dict[str, object]:
        """The `searches[]` item of DESIGN.md's build/translate JSON."""
        return {"id": self.id(prefix), "engine": self.engine, "query": self.query,
                "url": self.url, "origin": self.origin}


def plan_query(
    node: Node,
    profile: EngineProfile,
    params: dict[str, str] | None = None,
    today: date | None = None,
    *,
    max_searches: int = DEFAULT_MAX_SEARCHES,
    authored: Sequence[AuthoredSearch] = (),
    load_profile: ProfileLoader | None = None,
) -> Compiled:
    """The plan of `node` for `profile` (which makes plans), as a `Compiled` with `searches`.

    `query` and `url` repeat the plan's first search. `load_profile` gives the web companions'
    profiles (None: no companions).
    """
    try:
        return _Planner(profile, params, today, max_searches, load_profile).plan(node, authored)
    except RecursionError:
        error = Diagnostic("too-deep", "error", "the query is nested too deeply to be written",
                           None)
        return Compiled(profile.id, None, None, (error,), {})


class _Planner:
    """The state of one plan: the compile context (diagnostics said once), rendered leaves."""

    def __init__(self, profile: EngineProfile, params: dict[str, str] | None,
                 today: date | None, max_searches: int, load_profile: ProfileLoader | None):
        self.profile = profile
        self.ctx: CompileContext = start_context(profile, params)
        self.today = today
        self.max_searches = max_searches
        self.load_profile = load_profile
        self.texts: dict[Node, str | None] = {}
        self.searches: list[PlanSearch] = []
        self.seen: set[tuple[str, ...]] = set()
        self.ranking = DEFAULT_RANKING
        self.over: set[tuple[int, ...]] = set()
        self.own = 0  # the plan's own searches so far (web companions not counted)
        self.leaf_words: dict[Node, tuple[str, ...]] = {}
        self.date_text: str | None = None
        self.plain_words = profile.rule("phrase").support == "unsupported"

    # -- the plan -------------------------------------------------------------------------

    def plan(self, node: Node, authored: Sequence[AuthoredSearch]) -> Compiled:
        profile, ctx = self.profile, self.ctx
        conjuncts: list[Node] = list(node.children) if isinstance(node, And) else [node]
        from datetime import UTC, datetime

        today = self.today or datetime.now(UTC).date()
        parts, date_text = lift_whole_query_conditions(conjuncts, ctx, today)
        self.date_text = date_text
        missing = [p for p in profile.requires if not ctx.template_params.get(p)]
        for search in authored:
            if search.applies_to(profile.id) and not missing:
                self._add_authored(search)
        groups, children = expand_groups(parts)
        total = 1
        for group in groups:
            total *= group.total
        used: set[Choice] = set()
        kept = 0
        if missing:
            ctx.say("plan-no-channel", "info",
                    f"{profile.name} searches one {missing[0]} at a time (add site:"
                    f"{_prefix(profile)}NAME); without one, the searches below reach its public "
                    "pages through web engines", None)
        else:
            kept = self._add_combinations(groups, used)
            self._summarise(total, kept, used, children)
        if profile.kind == "platform":
            self._add_companions(node)
        if not self.searches:
            if not any(d.severity == "error" for d in ctx.diags):
                ctx.say("empty-result", "error",
                        f"nothing of this query can be written for {profile.name}", None)
            return Compiled(profile.id, None, None, tuple(ctx.diags), ctx.url_params)
        first = self.searches[0]
        return Compiled(profile.id, first.query, first.url, tuple(ctx.diags), ctx.url_params,
                        tuple(self.searches))

    def _own_count(self) -> int:
        return self.own

    def _add(self, text: str, engine: str, url: str | None, origin: str) -> None:
        web = origin == "web"
        self.own += not web
        label = f"w{len(self.searches) - self.own + 1}" if web else str(self.own)
        self.searches.append(PlanSearch(len(self.searches) + 1, engine, text, url, origin,
                                        label))

    def _add_authored(self, search: AuthoredSearch) -> None:
        text = " ".join(search.text.split())
        words = len(text.split())
        if not text:
            return
        if words > self.profile.plan.max_words:
            self.ctx.say("plan-over-limit", "warning",
                         f"the authored search {text!r} has {words} words, over "
                         f"{self.profile.name}'s {self.profile.plan.max_words}; it was left out",
                         None)
            return
        if self._own_count() >= self.max_searches or not self._new(text):
            return
        tag_url = self.profile.plan.hashtag_url
        if tag_url and words == 1 and _HASHTAG.match(text):
            url: str | None = safe_format(tag_url, tag=quote(text[1:]))
        else:
            url = self._url(text)
        self._add(text, self.profile.id, url, "authored")

    def _new(self, text: str) -> bool:
        key = tuple(sorted(text.casefold().split()))
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def _url(self, text: str) -> str | None:
        return build_url(text, self.ctx)

    def _leaf_text(self, leaf: Node) -> str | None:
        if leaf not in self.texts:
            rendered = render_node(leaf, self.ctx)
            self.texts[leaf] = rendered[0] if rendered else None
        return self.texts[leaf]

    def _leaf_words(self, leaf: Node) -> tuple[str, ...]:
        words = self.leaf_words.get(leaf)
        if words is None:
            words = self.leaf_words[leaf] = tuple((self._leaf_text(leaf) or "").split())
        return words

    def _add_combinations(self, groups: list[Group], used: set[Choice]) -> int:
        """Add combinations in rank order until the cap; returns how many were added."""
        kept = 0
        if any(not g.alternatives for g in groups):
            return 0  # an empty OR: no combination exists
        if self.ranking == "coverage":
            kept += self._sweep(groups, used)
        for level in ranked_levels(groups, _BUDGET):
            if self._own_count() >= self.max_searches:
                break
            pool = [c for c in (self._candidate(alts, idx) for idx, alts in level) if c]
            while pool and self._own_count() < self.max_searches:
                # Ties within a cost: more unused alternatives, fewer words, authored order.
                best = min(pool, key=lambda c: (-len(c.choices - used), len(c.words), c.order))
                pool.remove(best)
                kept += self._take(best, used)
        if self.over:
            limit = self.profile.plan.max_words
            self.ctx.say("plan-over-limit", "info",
                         f"{len(self.over)} combination(s) looked at had more than {limit} words "
                         f"and were not emitted ({self.profile.name} searches want a few words)",
                         None)
        return kept

    def _sweep(self, groups: list[Group], used: set[Choice]) -> int:
        """The coverage sweep: each search takes, from every group, its first alternative that
        no earlier search used (the group's first once all are used), until every alternative
        is in some search. A sweep search over the word limit is replaced by the cheapest
        candidate that still brings a new alternative."""
        every: set[Choice] = set()
        for group in groups:
            for alt in group.alternatives:
                every |= alt.choices
        kept = 0
        while self._own_count() < self.max_searches and not every <= used:
            picks = []
            for group in groups:
                fresh = next((a for a in group.alternatives if not a.choices <= used), None)
                picks.append(fresh or group.alternatives[0])
            candidate = self._candidate(tuple(picks), ())
            if candidate is None or not candidate.choices - used:
                candidate = self._fallback(groups, used)
            if candidate is None:
                break
            kept += self._take(candidate, used)
        return kept

    def _fallback(self, groups: list[Group], used: set[Choice]) -> _Candidate | None:
        """The best candidate bringing a new alternative among the first few in rank order."""
        best: _Candidate | None = None
        best_key: tuple[int, int, int, tuple[int, ...]] | None = None
        for n, (indexes, alts) in enumerate(c for level in ranked_levels(groups, _BUDGET)
                                            for c in level):
            if n >= _FALLBACK_BUDGET:
                break
            cand = self._candidate(alts, indexes)
            if cand is None or not cand.choices - used:
                continue
            key = (-len(cand.choices - used), cand.cost, len(cand.words), cand.order)
            if best_key is None or key < best_key:
                best, best_key = cand, key
        return best

    def _candidate(self, alternatives: tuple[Alternative, ...],
                   order: tuple[int, ...]) -> _Candidate | None:
        words = [w for alt in alternatives for leaf in alt.leaves for w in self._leaf_words(leaf)]
        if self.date_text:
            words.append(self.date_text)
        if self.plain_words:  # a platform's words: "visa free visa" asks no more than "visa free"
            words = list(dict.fromkeys(words))
        if not words:
            return None
        if len(words) > self.profile.plan.max_words:
            if order:
                self.over.add(order)
            return None
        choices: frozenset[Choice] = frozenset().union(*(a.choices for a in alternatives))
        return _Candidate(tuple(words), choices, sum(a.cost for a in alternatives), order)

    def _take(self, candidate: _Candidate, used: set[Choice]) -> int:
        used |= candidate.choices  # a search with the same words already searches them
        text = " ".join(candidate.words)
        if not self._new(text):
            return 0
        self._add(text, self.profile.id, self._url(text), "combination")
        return 1

    def _summarise(self, total: int, kept: int, used: set[Choice],
                   children: dict[Choice, Node]) -> None:
        unused = [c for c in children if c not in used and not _covered(c, used, children)]
        labels = list(dict.fromkeys(t for t in (self._label(children[c]) for c in unused) if t))
        if total <= 1 and not labels:
            return
        message = f"kept {kept} of {total:,} combination(s)"
        if labels:
            shown = ", ".join(labels[:12]) + (f" and {len(labels) - 12} more"
                                               if len(labels) > 12 else "")
            if self.own >= self.max_searches:
                message += f"; never searched: {shown} — raise --max-searches"
            else:  # the cap is not what left them out: no combination with them fits
                message += (f"; never searched: {shown} — no combination holding them fits "
                            f"{self.profile.plan.max_words} words")
            self.ctx.say("plan-incomplete", "warning", message, "or")
        else:
            self.ctx.say("plan", "info", message + "; every alternative is searched", "or")

    def _label(self, node: Node) -> str:
        if isinstance(node, (And, Or)):
            texts = [self._label(c) for c in node.children]
            joiner = " " if isinstance(node, And) else " / "
            return joiner.join(t for t in texts if t)
        return self._leaf_text(node) or ""

    # -- web companions -------------------------------------------------------------------

    def _add_companions(self, node: Node) -> None:
        if self.load_profile is None:
            return
        for web in companions(node, self.profile, self.max_searches, self.today,
                              self.load_profile):
            if web.note:
                self.ctx.say("plan-companion-skipped", "info", web.note, None)
            elif web.query:
                self._add(web.query, web.engine, web.url, "web")


def _covered(choice: Choice, used: set[Choice], children: dict[Choice, Node]) -> bool:
    """An alternative that holds a nested OR counts as searched when one of its inner ones was."""
    node = children[choice]
    return any(c in used for c, child in children.items() if c != choice and _inside(child, node))


def _inside(child: Node, node: Node) -> bool:
    if child is node:
        return True
    if isinstance(node, (And, Or)):
        return any(_inside(child, c) for c in node.children)
    return False


def _prefix(profile: EngineProfile) -> str:
    for rule in profile.operators.values():
        if rule.to_param_prefixes:
            return rule.to_param_prefixes[0]
    return ""






