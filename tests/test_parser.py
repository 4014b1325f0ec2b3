"""The Google-syntax dork parser: structure, leniency and located diagnostics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dorker.query.ast import AllIn, And, Around, Field, Not, Or, Phrase, Range, Term
from dorker.query.parser import parse


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        pytest.param("visa", Term("visa"), id="word"),
        pytest.param('"free visa"', Phrase("free visa"), id="phrase"),
        pytest.param(
            "a b OR c d",
            And((Term("a"), Or((Term("b"), Term("c"))), Term("d"))),
            id="or-binds-tighter-than-and",
        ),
        pytest.param("a | b", Or((Term("a"), Term("b"))), id="pipe"),
        pytest.param("a|b", Or((Term("a"), Term("b"))), id="pipe-without-spaces"),
        pytest.param("(a b) OR c", Or((And((Term("a"), Term("b"))), Term("c"))), id="group"),
        pytest.param("a AND b", And((Term("a"), Term("b"))), id="explicit-and"),
        pytest.param(
            "a or b", And((Term("a"), Term("or"), Term("b"))), id="lowercase-or-is-a-word"
        ),
        pytest.param("-news", Not(Term("news")), id="exclusion"),
        pytest.param("-site:x.com", Not(Field("site", "x.com")), id="excluded-operator"),
        pytest.param("-(a OR b)", Not(Or((Term("a"), Term("b")))), id="excluded-group"),
        pytest.param("+visa", Term("visa", plus=True), id="plus"),
        pytest.param("+8801711000000", Term("+8801711000000"), id="phone-is-not-plus"),
        pytest.param('intitle:"index of"', Field("intitle", "index of", True), id="quoted-value"),
        pytest.param("INTITLE:admin", Field("intitle", "admin"), id="operator-case"),
        pytest.param("ext:pdf", Field("filetype", "pdf"), id="ext-alias"),
        pytest.param(
            "allintitle: admin login",
            AllIn("allintitle", (Term("admin"), Term("login"))),
            id="allintitle-with-space",
        ),
        pytest.param(
            'allinurl:"a b" c', AllIn("allinurl", (Phrase("a b"), Term("c"))), id="allinurl"
        ),
        pytest.param(
            '"ORA-00921: unexpected end"', Phrase("ORA-00921: unexpected end"), id="colon-in-phrase"
        ),
        pytest.param(
            "Warning: mysql", And((Term("Warning:"), Term("mysql"))), id="colon-not-operator"
        ),
        pytest.param("index.of.secret", Term("index.of.secret"), id="dotted-word"),
        pytest.param(
            "mysql_connect() x", And((Term("mysql_connect()"), Term("x"))), id="parens-inside-word"
        ),
        pytest.param("a AROUND(3) b", Around(Term("a"), 3, Term("b")), id="around"),
        pytest.param("2019..2021", Range("2019", "2021"), id="range"),
        pytest.param("$100..$200", Range("$100", "$200"), id="currency-range"),
        pytest.param(
            "site:(a.com | b.com)",
            Or((Field("site", "a.com"), Field("site", "b.com"))),
            id="operator-over-group",
        ),
        pytest.param("after:2024-01-01", Field("after", "2024-01-01"), id="after"),
        pytest.param(
            "lang:bn loc:BD", And((Field("lang", "bn"), Field("loc", "BD"))), id="lang-loc"
        ),
        pytest.param("cache:example.com", Field("cache", "example.com"), id="deprecated-kept"),
        pytest.param('ভিসা "ফ্রি ভিসা"', And((Term("ভিসা"), Phrase("ফ্রি ভিসা"))), id="bengali"),
        pytest.param("تأشيرة مجانية", And((Term("تأشيرة"), Term("مجانية"))), id="arabic"),
    ],
)
def test_parse_tree(text: str, tree: object) -> None:
    result = parse(text)
    assert result.node == tree
    assert [d for d in result.diagnostics if d.severity != "info"] == []


@pytest.mark.parametrize(
    ("text", "code", "span"),
    [
        pytest.param('"free visa', "unbalanced-quote", (0, 10), id="open-quote"),
        pytest.param("(a OR b", "unbalanced-paren", (0, 1), id="open-paren"),
        pytest.param("a ) b", "unbalanced-paren", (2, 3), id="stray-close"),
        pytest.param("a OR", "dangling-or", (2, 4), id="or-at-end"),
        pytest.param("OR a", "dangling-or", (0, 2), id="or-at-start"),
        pytest.param("site: x.com", "empty-operator", (0, 5), id="space-after-colon"),
        pytest.param("a - b", "dangling-prefix", (2, 3), id="lone-minus"),
        pytest.param('a "" b', "empty-phrase", (2, 4), id="empty-phrase"),
        pytest.param("after:2024-13-01", "bad-date", (0, 16), id="bad-date"),
        pytest.param("", "empty-query", (0, 0), id="empty"),
    ],
)
def test_diagnostics_are_located(text: str, code: str, span: tuple[int, int]) -> None:
    diagnostics = {d.code: d for d in parse(text).diagnostics}
    assert code in diagnostics, diagnostics
    assert diagnostics[code].span == span


def test_unreadable_parts_are_reported_not_dropped() -> None:
    result = parse('intitle:"x" OR')
    assert result.node == Field("intitle", "x", True)
    assert [d.code for d in result.diagnostics] == ["dangling-or"]


def test_deep_nesting_is_bounded() -> None:
    text = "(" * 500 + "a" + ")" * 500
    result = parse(text)
    assert result.node == Term("a")
    assert any(d.code == "too-deep" for d in result.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_parse_never_raises(text: str) -> None:
    result = parse(text)
    for d in result.diagnostics:
        if d.span is not None:
            assert 0 <= d.span[0] <= d.span[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab "()|-+:ORAND*.site$1', max_size=40))
def test_parse_never_raises_on_syntax_soup(text: str) -> None:
    parse(text)
