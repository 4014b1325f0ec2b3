"""Property tests: compiling never raises; Google round-trips; every URL decodes to its query."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dorker.engines.compiler import compile_query
from dorker.engines.profile import EngineProfile, available_engines, load_profile
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term
from dorker.query.parser import parse

PROFILES = {name: load_profile(path) for name, path in available_engines().items()}
GOOGLE = PROFILES["google"]
TODAY = date(2026, 11, 28)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789বাংলাভিসাعربيةکراچیвизаविज़ा"

word = st.text(alphabet=LETTERS, min_size=1, max_size=8).filter(
    lambda w: w not in ("OR", "AND") and not re.fullmatch(r"AROUND\(\d+\)", w)
)
dotted = st.lists(word, min_size=1, max_size=3).map(".".join)
phrase_text = st.lists(word, min_size=2, max_size=3).map(" ".join)
field_op = st.sampled_from(["site", "intitle", "inurl", "intext", "filetype", "inanchor"])

atom: st.SearchStrategy[Node] = st.one_of(
    word.map(Term),
    phrase_text.map(Phrase),
    st.builds(Field, field_op, dotted, st.just(False)),
    st.builds(Field, field_op, phrase_text, st.just(True)),
    st.builds(Range, st.integers(0, 9999).map(str), st.integers(0, 9999).map(str)),
)


def _and(children: list[Node]) -> Node:
    flat: list[Node] = []
    for c in children:
        flat.extend(c.children if isinstance(c, And) else [c])
    return And(tuple(flat)) if len(flat) > 1 else flat[0]


def _or(children: list[Node]) -> Node:
    flat: list[Node] = []
    for c in children:
        flat.extend(c.children if isinstance(c, Or) else [c])
    return Or(tuple(flat)) if len(flat) > 1 else flat[0]


google_expressible: st.SearchStrategy[Node] = st.recursive(
    atom,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=4).map(_and),
        st.lists(inner, min_size=2, max_size=3).map(_or),
        inner.map(Not),
        st.builds(Around, inner, st.integers(1, 20), inner),
    ),
    max_leaves=12,
)

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12)
anything: st.SearchStrategy[Node] = st.recursive(
    st.one_of(
        st.builds(Term, any_text, st.booleans()),
        any_text.map(Phrase),
        st.builds(
            Field,
            st.sampled_from(
                [
                    "site",
                    "intitle",
                    "inurl",
                    "intext",
                    "filetype",
                    "after",
                    "before",
                    "lang",
                    "loc",
                    "cache",
                    "related",
                    "link",
                    "info",
                    "inanchor",
                    "bogus",
                ]
            ),
            any_text,
            st.booleans(),
        ),
        st.builds(
            AllIn,
            st.sampled_from(["allintitle", "allinurl", "allintext"]),
            st.lists(st.one_of(st.builds(Term, any_text), any_text.map(Phrase)), max_size=3).map(
                tuple
            ),
        ),
        st.builds(Range, any_text, any_text),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda c: And(tuple(c))),
        st.lists(inner, max_size=3).map(lambda c: Or(tuple(c))),
        inner.map(Not),
        st.builds(Around, inner, st.integers(-5, 50), inner),
    ),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(google_expressible)
def test_google_round_trip(node: Node) -> None:
    compiled = compile_query(node, GOOGLE, today=TODAY)
    assert compiled.query is not None
    assert parse(compiled.query).node == node, compiled.query


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything, st.sampled_from(sorted(PROFILES)))
def test_compile_never_raises(node: Node, engine: str) -> None:
    compiled = compile_query(node, PROFILES[engine], {"channel": "c"}, today=TODAY)
    assert compiled.query is None or isinstance(compiled.query, str)
    for d in compiled.diagnostics:
        assert d.severity in ("info", "warning", "error") and d.message


def _query_param(profile: EngineProfile) -> str:
    match = re.search(r"[?&]([\w]+)=\{q\}", profile.template)
    assert match, profile.template
    return match.group(1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(google_expressible, anything), st.sampled_from(sorted(PROFILES)))
def test_every_url_decodes_back_to_its_query(node: Node, engine: str) -> None:
    profile = PROFILES[engine]
    compiled = compile_query(node, profile, {"channel": "c"}, today=TODAY)
    if compiled.url is None:
        return
    values = parse_qs(urlsplit(compiled.url).query, keep_blank_values=True)
    assert values[_query_param(profile)] == [compiled.query]


def test_a_word_with_a_stray_close_paren_is_quoted_inside_a_group() -> None:
    node = And((Term("x"), Or((Term("job"), Term(":)A")))))
    compiled = compile_query(node, GOOGLE, today=TODAY)
    assert compiled.query == 'x (job OR ":)A")'


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_fast_percent_encoding_matches_urllib(text: str) -> None:
    from urllib.parse import quote as reference

    from dorker.engines.limits import quote

    assert quote(text) == reference(text, safe="")
