"""The ranking rule of search plans, on small hand-built queries (expected orders written out).

The default rule (dorker.engines.plan): a *coverage sweep* first — each search takes, from every
OR group, its first alternative no earlier search used (the group's first once all are used),
until every alternative is in some search; a sweep search over the word limit is replaced by
the candidate bringing the most new alternatives (then the cheapest). Then the remaining
combinations by the sum of their alternatives' authored positions (0 for a group's first); ties
go to more alternatives no earlier search used, then fewer words, then authored order. A
combination over `plan.max_words` is skipped; one whose set of words an earlier search already
has is not repeated. One summary diagnostic per plan.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from plans_fixtures import own

from dorker.engines import plan as plan_module
from dorker.engines.plan import plan_query
from dorker.engines.registry import engine_profiles
from dorker.query.matcher import compile_matcher, prepare_text
from dorker.query.parser import parse


def profile(engine: str = "facebook") -> Any:
    return engine_profiles([engine])[engine]


def plan(query: str, engine: str = "facebook", **options: Any) -> Any:
    """The plan without web companions (they are tested elsewhere)."""
    return plan_query(parse(query).node, profile(engine), **options)


def texts(query: str, **options: Any) -> list[str | None]:
    return [s.query for s in plan(query, **options).searches]


def summary(compiled: Any) -> Any:
    [diag] = [d for d in compiled.diagnostics if d.code in ("plan", "plan-incomplete")]
    return diag


@pytest.fixture
def position_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The position rule alone (no sweep), as `bench/bench_plans.py --rules` compares it."""
    assert "position" in plan_module.RANKINGS
    monkeypatch.setattr(plan_module, "DEFAULT_RANKING", "position")


# -- the coverage sweep, then position order ----------------------------------------------

def test_sweep_uses_every_alternative_before_any_repeat() -> None:
    # Sweep: (a,x) (b,y), then c with the exhausted group's first: (c,x). Then by position sum:
    # cost 1 (a,y) and (b,x) tie -> authored order; cost 2 are both searched; cost 3 (c,y).
    assert texts("(a OR b OR c) (x OR y)") == ["a x", "b y", "c x", "a y", "b x", "c y"]
    # Three groups, capped at 6: the sweep takes the diagonal, then cost 1, then cost 2.
    compiled = plan("(a OR b OR c) (x OR y OR z) w", max_searches=6)
    assert [s.query for s in compiled.searches] == ["a x w", "b y w", "c z w", "a y w",
                                                     "b x w", "a z w"]
    assert summary(compiled).message == ("kept 6 of 9 combination(s); every alternative is "
                                         "searched")


def test_sweep_brings_something_new_in_every_search_until_all_are_used() -> None:
    query = "(Saudi OR KSA OR Dubai OR UAE OR Qatar) (job OR vacancy) (free OR guaranteed OR 100%)"
    searches = [s.query or "" for s in plan(query).searches]
    alternatives = set(query.replace("(", " ").replace(")", " ").split()) - {"OR"}
    seen: set[str] = set()
    for text in searches[:5]:  # the largest group has 5 alternatives: 5 sweep searches
        words = set(text.split())
        assert words - seen, f"{text!r} brings no new alternative"
        seen |= words
    assert seen == alternatives


def test_ties_go_to_authored_order() -> None:
    # Cost 1: (a,y) is index (0,1), (b,x) is (1,0); same new alternatives and words.
    assert texts("(a OR b) (x OR y)") == ["a x", "b y", "a y", "b x"]


def test_ties_go_to_fewer_words_before_authored_order() -> None:
    # After the sweep (a x, b y1 y2), cost 1 holds (a, y1 y2) and (b, x): (b, x) has fewer words.
    assert texts('(a OR b) (x OR "y1 y2")') == ["a x", "b y1 y2", "b x", "a y1 y2"]


@pytest.mark.usefixtures("position_rule")
def test_position_rule_ties_prefer_unused_alternatives() -> None:
    # Cost 1: (a,y) before (b,x) (authored order; each brings one new). Cost 2: (b,y) comes
    # first in authored order, but (c,x) brings c, never used yet: c x goes first.
    assert texts("(a OR b OR c) (x OR y)") == ["a x", "a y", "b x", "c x", "b y", "c y"]
    # Same cost, same new alternatives: fewer words first.
    assert texts('(a OR b) (x OR "y1 y2")') == ["a x", "b x", "a y1 y2", "b y1 y2"]


def test_sweep_replacement_prefers_more_new_alternatives_to_a_lower_cost() -> None:
    # Sweep #2 would be b y q1..q7 (9 words, over 8): replaced by b y p (2 new alternatives,
    # cost 2) rather than a y p or b x p (1 new, cost 1). q1..q7 fits in no search at all.
    compiled = plan('(a OR b) (x OR y) (p OR "q1 q2 q3 q4 q5 q6 q7")')
    assert [s.query for s in compiled.searches] == ["a x p", "b y p", "a y p", "b x p"]
    over = [d for d in compiled.diagnostics if d.code == "plan-over-limit"]
    assert len(over) == 1 and over[0].message.startswith("4 combination(s) looked at had more "
                                                         "than 8 words and were not emitted")
    diag = summary(compiled)
    assert diag.code == "plan-incomplete" and diag.severity == "warning"
    # The cap is not what left q1..q7 out (4 searches < 10): the message says why instead.
    assert diag.message == ("kept 4 of 8 combination(s); never searched: q1 q2 q3 q4 q5 q6 q7 "
                            "— no combination holding them fits 8 words")


# -- the word limit and duplicates ----------------------------------------------------------

def test_combinations_over_the_word_limit_are_skipped() -> None:
    compiled = plan('(a OR b OR c) (x OR "y1 y2 y3 y4 y5 y6 y7 y8")')
    assert [s.query for s in compiled.searches] == ["a x", "b x", "c x"]
    assert "never searched: y1 y2 y3 y4 y5 y6 y7 y8" in summary(compiled).message
    # The same query on an engine with a larger limit (Mojeek: 16) keeps them.
    mojeek = [s.query for s in plan('(a OR b OR c) (x OR "y1 y2 y3 y4 y5 y6 y7 y8")',
                                    engine="mojeek").searches]
    assert 'b "y1 y2 y3 y4 y5 y6 y7 y8"' in mojeek and len(mojeek) == 6


def test_the_word_limit_is_the_profiles() -> None:
    facebook = profile()
    assert facebook.plan.max_words == 8 and facebook.limits.words is None
    eight = " ".join(f"w{i}" for i in range(8))
    assert texts(f'(a OR "{eight}")') == ["a", eight]
    assert texts(f'(a OR "{eight} w8")') == ["a"]


def test_duplicates_by_word_set_are_not_repeated() -> None:
    # "a b x" and "b a x" ask for the same words: the second is not searched again.
    compiled = plan('("a b" OR "b a") (x OR y)')
    assert [s.query for s in compiled.searches] == ["a b x", "b a y"]
    assert summary(compiled).message == ("kept 2 of 4 combination(s); every alternative is "
                                         "searched")
    # A word taken twice is written once ("visa visa" asks no more than "visa").
    assert texts("(visa OR job) (visa OR free)") == ["visa", "job free", "visa free", "job visa"]


def test_no_summary_for_a_query_without_or() -> None:
    compiled = plan("free visa Dubai")
    assert [s.query for s in compiled.searches] == ["free visa Dubai"]
    assert not [d for d in compiled.diagnostics if d.code.startswith("plan")]


# -- the summary diagnostic -----------------------------------------------------------------

def test_summary_counts_and_names_what_was_never_searched() -> None:
    compiled = plan("(a OR b OR c) (x OR y)", max_searches=2)
    assert [s.query for s in compiled.searches] == ["a x", "b y"]
    diag = summary(compiled)
    assert (diag.code, diag.severity, diag.operator) == ("plan-incomplete", "warning", "or")
    assert diag.message == "kept 2 of 6 combination(s); never searched: c — raise --max-searches"


def test_summary_of_a_large_product_shows_twelve_names_and_the_rest_counted() -> None:
    places = " OR ".join(f"p{i:02d}" for i in range(20))
    jobs = " OR ".join(f"j{i:02d}" for i in range(10))
    lures = " OR ".join(f"l{i}" for i in range(5))
    compiled = plan(f"({places}) ({jobs}) ({lures})", max_searches=3)
    assert len(compiled.searches) == 3
    message = summary(compiled).message
    assert message.startswith("kept 3 of 1,000 combination(s); never searched: p03, p04, ")
    # 17 places, 7 jobs and 2 lures were never searched: 26 names, 12 shown.
    assert message.endswith(" and 14 more — raise --max-searches"), message
    assert message.count(", ") == 11


def test_one_summary_per_plan_even_with_companions() -> None:
    from dorker.engines.compiler import compile_query

    query = parse("(a OR b OR c OR d) (x OR y) -z").node
    compiled = compile_query(query, profile(), max_searches=3)
    assert [d.code for d in compiled.diagnostics].count("plan-incomplete") == 1
    assert not [d for d in compiled.diagnostics if d.code == "plan"]
    assert "never searched: d —" in summary(compiled).message
    # The companion (the whole query through Google) comes after the cap, outside it.
    assert [s.origin for s in compiled.searches] == ["combination"] * 3 + ["web"]
    assert compiled.searches[-1].query == "site:facebook.com (a OR b OR c OR d) (x OR y) -z"
    whole = compile_query(query, profile(), max_searches=10)
    assert [d.code for d in whole.diagnostics].count("plan") == 1


# -- each search is a faithful conjunction --------------------------------------------------

GROUPS = [["Saudi", "Dubai", "Qatar"], ["job", "vacancy", "hiring"], ["free visa", "free ticket"]]
QUERY = " ".join("(" + " OR ".join(f'"{a}"' if " " in a else a for a in g) + ")" for g in GROUPS)


def word_sets() -> set[frozenset[str]]:
    """The words of each conjunction taking exactly one alternative of each group."""
    return {frozenset(w.casefold() for alt in combo for w in alt.split())
            for combo in itertools.product(*GROUPS)}


def test_every_combination_when_the_cap_allows_exactly_once() -> None:
    searches = own(plan(QUERY, max_searches=1000).searches)
    found = [frozenset(s.query.casefold().split()) for s in searches]
    assert len(found) == len(set(found)) == 18
    assert set(found) == word_sets()


def test_each_capped_search_takes_one_alternative_of_each_group() -> None:
    searches = own(plan(QUERY).searches)
    assert len(searches) == 10
    combos = word_sets()
    for search in searches:
        assert frozenset(search.query.casefold().split()) in combos, search.query
    # Via the matcher: the query itself matches every search's words (nothing foreign, no
    # group left out), and each search matches its own words.
    query = compile_matcher(parse(QUERY).node)
    for search in searches:
        text = prepare_text(search.query)
        assert query.matches(text), search.query
        assert compile_matcher(parse(search.query).node).matches(text)
    # ...while a text holding two alternatives of one group and none of another does not.
    assert not query.matches(prepare_text("Saudi Dubai job vacancy"))


def test_nested_groups_expand_to_their_conjunctions() -> None:
    searches = own(plan("(Saudi OR (Dubai (job OR vacancy))) visa", max_searches=1000).searches)
    assert {frozenset(s.query.split()) for s in searches} == {
        frozenset({"Saudi", "visa"}), frozenset({"Dubai", "job", "visa"}),
        frozenset({"Dubai", "vacancy", "visa"})}
    assert len(searches) == 3


def test_phrases_and_exclusions_as_the_engine_writes_them() -> None:
    # Facebook: plain words, the exclusion dropped (with the compiler's diagnostic).
    compiled = plan('(Saudi OR Dubai) "free visa" -beware')
    assert [s.query for s in compiled.searches] == ["Saudi free visa", "Dubai free visa"]
    assert any(d.code == "unsupported-operator" for d in compiled.diagnostics)
    # Mojeek keeps quotes and -word (partial support), still one alternative per search.
    mojeek = plan('(Saudi OR Dubai) "free visa" -(beware OR scam)', engine="mojeek")
    assert [s.query for s in mojeek.searches] == ['Saudi "free visa" -beware -scam',
                                                  'Dubai "free visa" -beware -scam']
