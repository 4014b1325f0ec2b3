"""The offline matcher: folding, words across scripts, page operators, ranges, proximity."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import corpus
from dorker.query.ast import (
    AllIn,
    And,
    Around,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    walk,
)
from dorker.query.matcher import (
    UNCHECKABLE_OPERATORS,
    compile_matcher,
    fold,
    match,
    prepare_text,
    words,
)
from dorker.query.parser import parse


def q(query: str, text: str, url: str | None = None, title: str | None = None) -> bool:
    return match(parse(query).node, text, url=url, title=title)


# --- scripts and languages ----------------------------------------------------------------------

LANGUAGE_CASES = [
    # Bengali: vowel signs and the virama are part of the word.
    pytest.param('"ফ্রি ভিসা"', "সৌদি আরবে ফ্রি ভিসা পাওয়া যাচ্ছে", True, id="bn-phrase"),
    pytest.param('"ফ্রি ভিসা"', "ফ্রি-ভিসা!! যোগাযোগ করুন", True, id="bn-phrase-hyphen"),
    pytest.param('"ফ্রি ভিসা"', "ফ্রি ভিসার দাম কত", False, id="bn-no-stemming"),
    pytest.param("ভিস", "ফ্রি ভিসা", False, id="bn-vowel-sign-is-part-of-word"),
    pytest.param("ভিসা", "ফ্রি ভিসা", True, id="bn-word"),
    pytest.param("খাওয়া", "থাকা-খাওয়া ফ্রি", True, id="bn-nukta-composed-vs-decomposed"),
    pytest.param("উৎসব", "উত্\u200dসব", True, id="bn-khanda-ta-old-encoding"),
    pytest.param('"01711-123456"', "ফোন: ০১৭১১-১২৩৪৫৬", True, id="bn-digits"),
    pytest.param("ফ্রি ভিসা", "ফ্রি\u200cভিসা", False, id="bn-zwnj-does-not-split"),
    # Arabic: optional vowel marks, tatweel, hamza and teh marbuta spelling variants.
    pytest.param('"تأشيرة عمل"', "تاشيره عمل في دبي", True, id="ar-hamza-teh-marbuta"),
    pytest.param("عمل", "فرصة عَمَل مجاناً", True, id="ar-harakat"),
    pytest.param("فيزا", "فـيـزا مجانية", True, id="ar-tatweel"),
    pytest.param("عمل", "عملاء", False, id="ar-whole-word"),
    pytest.param("ﻋﻤﻞ", "عمل", True, id="ar-presentation-forms"),
    # Hindi (Devanagari): matras and nukta.
    pytest.param("नौकरी", "विदेश में नौकरी का मौका", True, id="hi-word"),
    pytest.param("नौकर", "विदेश में नौकरी का मौका", False, id="hi-matra-is-part-of-word"),
    pytest.param("वीज़ा", "फ्री वीज़ा", True, id="hi-nukta-precomposed-vs-decomposed"),
    # Urdu: Urdu and Arabic keyboards give different yeh/kaf/heh.
    pytest.param("نوکری", "ملائیشیا میں نوكري", True, id="ur-kaf-yeh"),
    pytest.param('"مفت ویزا"', "مفت ويزا دستیاب ہے", True, id="ur-phrase"),
    pytest.param("ہے", "دستیاب هے", True, id="ur-heh-goal"),
    # Malay, Italian.
    pytest.param('"kerja kosong"', "KERJA-KOSONG di Malaysia!", True, id="ms-phrase"),
    pytest.param("kerja", "pekerja kilang", False, id="ms-whole-word"),
    pytest.param('"lavoro all\'estero"', "Lavoro all’estero, vitto e alloggio", True,
                 id="it-curly-apostrophe"),
    pytest.param("all'estero", "lavoro all estero", True, id="it-apostrophe-term"),
    pytest.param("perché", "PERCHÉ no", True, id="it-accent-casefold"),
    pytest.param("perche", "perché no", False, id="it-accents-not-folded"),
    # Scripts without spaces: substring.
    pytest.param("签证", "免费签证工作", True, id="zh-substring"),
    pytest.param('"签证工作"', "签证 工作", True, id="zh-phrase-across-space"),
    pytest.param("工作签证", "免费签证工作", False, id="zh-order"),
    pytest.param("ビザ", "就労ビザ無料", True, id="ja-katakana"),
    pytest.param("งาน", "หางานต่างประเทศ", True, id="th-substring"),
    pytest.param("비자", "무료비자제공", True, id="ko-substring"),
    pytest.param("visa", "免费visa工作", True, id="latin-inside-cjk"),
]


@pytest.mark.parametrize(("query", "text", "expected"), LANGUAGE_CASES)
def test_languages(query: str, text: str, expected: bool) -> None:
    assert q(query, text) is expected


FOLDING_CASES = [
    pytest.param("strasse", "Straße", True, id="sharp-s"),
    pytest.param("STRAẞE", "strasse", True, id="capital-sharp-s"),
    pytest.param("istanbul", "İSTANBUL", True, id="turkish-dotted-capital-i"),
    pytest.param("istanbul", "ıstanbul", True, id="turkish-dotless-i"),
    pytest.param('"free visa"', "ＦＲＥＥ ＶＩＳＡ", True, id="nfkc-fullwidth"),
    pytest.param("office", "ofﬁce", True, id="nfkc-ligature"),
    pytest.param("free", "fr\u200bee visa", True, id="zero-width-space-removed"),
    pytest.param("free", "fr\u00adee visa", True, id="soft-hyphen-removed"),
    pytest.param("free", "\ufefffree", True, id="bom-removed"),
    pytest.param("ΣΟΦΙΑ", "σοφια", True, id="greek-final-sigma"),
    pytest.param("visa", "V I S A", False, id="spaced-letters-are-words"),
]


@pytest.mark.parametrize(("query", "text", "expected"), FOLDING_CASES)
def test_folding(query: str, text: str, expected: bool) -> None:
    assert q(query, text) is expected


def test_fold_and_words_expose_the_matchers_view() -> None:
    assert fold("ＦＲＥＥ\u200b Visa") == "free visa"
    assert words("FREE-VISA index.of 签证") == ["free", "visa", "index", "of", "签", "证"]
    assert words("০১৭১১") == ["01711"]


# --- phrases, punctuation, wildcards ------------------------------------------------------------

PHRASE_CASES = [
    pytest.param('"free visa"', "Get your FREE-VISA now", True, id="hyphen"),
    pytest.param('"free visa"', "free  visa!", True, id="spaces-and-bang"),
    pytest.param('"free visa"', "free,\nvisa", True, id="comma-newline"),
    pytest.param('"free visa"', "visa free", False, id="order"),
    pytest.param('"free visa"', "free new visa", False, id="adjacent"),
    pytest.param('"free visa"', "freevisa", False, id="glued"),
    pytest.param('"free * visa"', "free work visa", True, id="wildcard-one-word"),
    pytest.param('"free * visa"', "free visa", False, id="wildcard-needs-a-word"),
    pytest.param('"free * visa"', "free work permit visa", False, id="wildcard-exactly-one"),
    pytest.param("*", "anything at all", True, id="bare-star"),
    pytest.param("*", "", True, id="bare-star-empty-text"),
    pytest.param("index.of", "Index of /backup", True, id="dot-term-space"),
    pytest.param("index.of", "index-of", True, id="dot-term-hyphen"),
    pytest.param("index.of", "INDEX.OF", True, id="dot-term-dot"),
    pytest.param("index.of", "indexof", False, id="dot-term-glued"),
    pytest.param("e-mail", "send an e mail", True, id="hyphen-term"),
    pytest.param('"01711-123456"', "call 01711 123456", True, id="phone-space"),
    pytest.param('"01711-123456"', "call 01711-123456", True, id="phone-hyphen"),
    pytest.param('"01711-123456"', "call 01711.123456", True, id="phone-dot"),
    pytest.param('"01711-123456"', "call 01711123456", False, id="phone-glued"),
    pytest.param("+880", "WhatsApp +880 1711 123456", True, id="plus-country-code"),
    pytest.param("+880", "WhatsApp +8801711123456", False, id="country-code-glued"),
    pytest.param("john_doe", "@john doe", True, id="underscore-separates"),
    pytest.param("a@b.com", "write to A@B.COM today", True, id="email"),
    pytest.param("visa", "VISA.", True, id="trailing-punctuation"),
    pytest.param("visa", "visas", False, id="no-stemming"),
]


@pytest.mark.parametrize(("query", "text", "expected"), PHRASE_CASES)
def test_phrases_and_punctuation(query: str, text: str, expected: bool) -> None:
    assert q(query, text) is expected


# --- boolean structure --------------------------------------------------------------------------

LOGIC_CASES = [
    pytest.param("visa -free", "visa on arrival", True, id="not-absent"),
    pytest.param("visa -free", "free visa", False, id="not-present"),
    pytest.param('visa -"free visa"', "free visa", False, id="not-phrase"),
    pytest.param("(visa OR permit) job", "work permit and job", True, id="or-second"),
    pytest.param("(visa OR permit) job", "a job", False, id="or-none"),
    pytest.param("visa | permit", "permit", True, id="pipe"),
    pytest.param("-(visa OR permit) job", "job", True, id="not-group"),
    pytest.param("-(visa OR permit) job", "visa job", False, id="not-group-present"),
    pytest.param("+visa", "visa", True, id="plus"),
]


@pytest.mark.parametrize(("query", "text", "expected"), LOGIC_CASES)
def test_logic(query: str, text: str, expected: bool) -> None:
    assert q(query, text) is expected


def test_empty_query_matches_and_empty_or_does_not() -> None:
    assert match(And(()), "anything") is True
    assert match(Or(()), "anything") is False


# --- page operators -----------------------------------------------------------------------------

PAGE_CASES = [
    # No URL/title: page operators are unknown, and unknown never excludes.
    pytest.param("site:facebook.com visa", "visa", None, None, True, id="site-unknown"),
    pytest.param("-site:gov.bd visa", "visa", None, None, True, id="not-site-unknown"),
    pytest.param("site:facebook.com visa", "job", None, None, False, id="words-still-decide"),
    pytest.param("site:x.com OR visa", "job", None, None, True, id="or-with-unknown"),
    pytest.param("site:x.com OR visa", "job", "https://y.com/", None, False, id="or-known"),
    pytest.param("intitle:visa job", "job", None, None, True, id="intitle-unknown"),
    pytest.param("-intitle:visa job", "job", None, None, True, id="not-intitle-unknown"),
    # With a URL/title: checked.
    pytest.param("site:facebook.com visa", "visa", "https://www.facebook.com/groups/1", None,
                 True, id="site-known-yes"),
    pytest.param("site:facebook.com visa", "visa", "https://twitter.com/x", None, False,
                 id="site-known-no"),
    pytest.param("-site:gov.bd visa", "visa", "https://www.dhaka.gov.bd/notice", None, False,
                 id="not-site-excludes"),
    pytest.param("-site:gov.bd visa", "visa", "https://example.com/", None, True,
                 id="not-site-keeps"),
    pytest.param("intitle:visa job", "job", None, "Free VISA jobs", True, id="intitle-yes"),
    pytest.param("intitle:visa job", "visa job", None, "Jobs", False, id="intitle-no"),
    pytest.param('intitle:"free visa"', "x", None, "FREE-VISA offer", True, id="intitle-phrase"),
    pytest.param("allintitle: free visa", "x", None, "visa, free", True, id="allintitle"),
    pytest.param("allintitle: free visa", "x", None, "free offer", False, id="allintitle-no"),
    pytest.param("inurl:jobs", "x", "https://x.com/jobs/1", None, True, id="inurl-yes"),
    pytest.param("inurl:jobs", "x", "https://x.com/about", None, False, id="inurl-no"),
    pytest.param("inurl:admin", "x", "https://x.com/wp-admin/", None, True, id="inurl-word"),
    pytest.param("inurl:admin", "x", "https://x.com/administrator/", None, True,
                 id="inurl-substring"),
    pytest.param("allinurl: free visa", "x", "https://x.com/free-visa?id=1", None, True,
                 id="allinurl"),
    pytest.param("inurl:ভিসা", "x", "https://x.com/%E0%A6%AD%E0%A6%BF%E0%A6%B8%E0%A6%BE", None,
                 True, id="inurl-percent-encoded"),
    pytest.param("filetype:pdf", "x", "https://x.com/a/Offer.PDF", None, True, id="filetype"),
    pytest.param("filetype:pdf", "x", "https://x.com/a.pdf?dl=1", None, True, id="filetype-qs"),
    pytest.param("ext:doc", "x", "https://x.com/a.docx", None, False, id="filetype-exact"),
    pytest.param("filetype:pdf", "x", None, None, True, id="filetype-unknown"),
    pytest.param("intext:visa", "free visa", None, None, True, id="intext"),
    pytest.param("intext:visa", "free job", None, None, False, id="intext-no"),
    pytest.param("allintext: free visa", "visa free", None, None, True, id="allintext"),
    # Operators nothing offline can check: always unknown, even negated.
    pytest.param("after:2024-01-01 visa", "visa", None, None, True, id="after"),
    pytest.param("-lang:en visa", "visa", None, None, True, id="not-lang"),
    pytest.param("visa -before:2020", "job", None, None, False, id="unknown-and-false"),
    pytest.param("cache:example.com visa", "visa", "https://a.com", "t", True, id="deprecated"),
]


@pytest.mark.parametrize(("query", "text", "url", "title", "expected"), PAGE_CASES)
def test_page_operators(query: str, text: str, url: str | None, title: str | None,
                        expected: bool) -> None:
    assert q(query, text, url=url, title=title) is expected


SITE_CASES = [
    pytest.param("example.com", "https://example.com/", True, id="apex"),
    pytest.param("example.com", "https://www.example.com/x", True, id="www"),
    pytest.param("example.com", "http://a.b.example.com:8080/x", True, id="deep-subdomain-port"),
    pytest.param("example.com", "https://notexample.com/", False, id="suffix-not-label"),
    pytest.param("example.com", "https://example.com.evil.org/", False, id="prefix-not-label"),
    pytest.param("EXAMPLE.com", "https://Example.COM./", True, id="case-and-trailing-dot"),
    pytest.param("example.com", "www.example.com/jobs", True, id="url-without-scheme"),
    pytest.param("example.com/jobs", "https://example.com/jobs/12", True, id="path-prefix"),
    pytest.param("example.com/jobs", "https://example.com/about", False, id="path-other"),
    pytest.param("https://example.com", "https://m.example.com/", True, id="value-with-scheme"),
    pytest.param("*.example.com", "https://m.example.com/", True, id="value-star-dot"),
    pytest.param("gov", "https://data.gov/", True, id="tld"),
    pytest.param(".gov.bd", "https://www.bmet.gov.bd/", True, id="leading-dot"),
    pytest.param("বাংলা.বাংলা", "https://xn--54b7fta0cc.xn--54b7fta0cc/", True,
                 id="idn-punycode-url"),
    pytest.param("xn--54b7fta0cc.xn--54b7fta0cc", "https://বাংলা.বাংলা/", True,
                 id="idn-punycode-value"),
    pytest.param("example.com", "http://[::1/", False, id="broken-url"),
]


@pytest.mark.parametrize(("site", "url", "expected"), SITE_CASES)
def test_site(site: str, url: str, expected: bool) -> None:
    assert match(Field("site", site), "text", url=url) is expected


# --- ranges -------------------------------------------------------------------------------------

RANGE_CASES = [
    pytest.param("$100..$200", "only $150!", True, id="dollars"),
    pytest.param("$100..$200", "only $250!", False, id="dollars-above"),
    pytest.param("1000..2000", "fee 1,500 tk", True, id="western-thousands"),
    pytest.param("1000..2000", "prezzo 1.500 €", True, id="european-thousands"),
    pytest.param("100000..200000", "খরচ ৳1,50,000 মাত্র", True, id="indian-lakh"),
    pytest.param("100000..200000", "খরচ ৳১,৫০,০০০ মাত্র", True, id="bengali-digits-lakh"),
    pytest.param("10..20", "12,50 € al giorno", True, id="decimal-comma"),
    pytest.param("2000..4000", "gaji RM3,500 sebulan", True, id="ringgit-glued"),
    pytest.param("3000..4000", "راتب ٣٥٠٠ ريال", True, id="arabic-indic-digits"),
    pytest.param("2019..2021", "since 2020", True, id="year"),
    pytest.param("2019..2021", "since 2022", False, id="year-outside"),
    pytest.param("2019..2021", "on 28.11.2020", True, id="date-parts"),
    pytest.param("2021..2019", "since 2020", True, id="reversed-bounds"),
    pytest.param("1..5", "no numbers here", False, id="no-number"),
    pytest.param("৳1,00,000..৳2,00,000", "দাম ১,৫০,০০০ টাকা", True, id="taka-bounds"),
    pytest.param("৳1,00,000..৳2,00,000", "দাম ২,৫০,০০০ টাকা", False, id="taka-bounds-above"),
]


@pytest.mark.parametrize(("query", "text", "expected"), RANGE_CASES)
def test_ranges(query: str, text: str, expected: bool) -> None:
    assert isinstance(parse(query).node, Range)
    assert q(query, text) is expected


def test_unreadable_range_is_unknown() -> None:
    assert compile_matcher(Range("low", "high")).evaluate("1 2 3") is None


# --- proximity ----------------------------------------------------------------------------------

AROUND_CASES = [
    pytest.param("visa AROUND(2) job", "visa for a job", True, id="two-between"),
    pytest.param("visa AROUND(1) job", "visa for a job", False, id="too-far"),
    pytest.param("visa AROUND(2) job", "job for a visa", True, id="either-order"),
    pytest.param("visa AROUND(0) job", "visa-job", True, id="adjacent"),
    pytest.param('"free visa" AROUND(3) malaysia', "free visa to go to Malaysia", True,
                 id="phrase-side"),
    pytest.param('"free visa" AROUND(2) malaysia', "free visa to go to Malaysia", False,
                 id="phrase-side-far"),
    pytest.param("(visa OR permit) AROUND(1) job", "permit, job", True, id="or-side"),
    pytest.param("visa AROUND(3) visa", "visa", False, id="needs-two-occurrences"),
    pytest.param("visa AROUND(3) visa", "visa and visa", True, id="same-word-twice"),
    pytest.param("ফ্রি AROUND(2) ভিসা", "ফ্রি সৌদি ভিসা", True, id="bengali"),
    pytest.param("visa AROUND(1) job AROUND(1) dubai", "visa job in dubai", True,
                 id="chained"),
    pytest.param("site:x.com AROUND(1) visa", "visa", None, id="non-word-side-is-and"),
]


@pytest.mark.parametrize(("query", "text", "expected"), AROUND_CASES)
def test_around(query: str, text: str, expected: bool | None) -> None:
    node = parse(query).node
    assert isinstance(node, Around)
    assert compile_matcher(node).evaluate(text) is expected


# --- API ----------------------------------------------------------------------------------------


def test_prepared_text_is_reused_across_matchers_and_pages() -> None:
    prepared = prepare_text("Free visa for Malaysia", url="https://www.fb.com/g/1", title="Jobs")
    site = compile_matcher(parse("site:fb.com visa").node)
    title = compile_matcher(parse("intitle:visa").node)
    assert site.matches(prepared) and not title.matches(prepared)
    assert title.matches(prepared, title="VISA jobs")
    assert not site.matches(prepared.with_page(url="https://x.org/"))
    assert site.matches(prepared)  # the original is unchanged
    assert prepared.words == ["free", "visa", "for", "malaysia"]


def test_blank_url_and_title_are_unknown() -> None:
    matcher = compile_matcher(parse("site:fb.com intitle:visa").node)
    assert matcher.evaluate("x", url="  ", title="") is None
    prepared = prepare_text("x", url="https://fb.com/", title="visa")
    assert matcher.evaluate(prepared) is True
    assert matcher.evaluate(prepared.with_page(url="")) is None


def test_evaluate_reports_unknown() -> None:
    matcher = compile_matcher(parse("site:fb.com visa").node)
    assert matcher.evaluate("visa") is None
    assert matcher.evaluate("visa", url="https://fb.com/") is True
    assert matcher.evaluate("job") is False
    assert compile_matcher(Not(Field("site", "fb.com"))).evaluate("x") is None


def test_compile_is_cached_by_value() -> None:
    assert compile_matcher(Term("visa")) is compile_matcher(Term("visa"))


@pytest.mark.parametrize("op", sorted(UNCHECKABLE_OPERATORS))
def test_uncheckable_operators_are_unknown(op: str) -> None:
    matcher = compile_matcher(Field(op, "x"))
    assert matcher.evaluate("x", url="https://x.com/", title="x") is None
    assert matcher.matches("x") and compile_matcher(Not(Field(op, "x"))).matches("x")


# --- robustness ---------------------------------------------------------------------------------

_OPS = sorted({"site", "intitle", "inurl", "intext", "filetype", "after", "lang", "inanchor",
               "cache", "nonsense"})
_ALLIN = ["allintitle", "allinurl", "allintext", "allinnothing"]
_TEXT = st.text(max_size=30)
_LEAVES: st.SearchStrategy[Node] = st.one_of(
    st.builds(Term, _TEXT, st.booleans()),
    st.builds(Phrase, _TEXT),
    st.builds(Field, st.sampled_from(_OPS), _TEXT, st.booleans()),
    st.builds(Range, _TEXT, _TEXT),
    st.builds(AllIn, st.sampled_from(_ALLIN),
              st.lists(st.one_of(st.builds(Term, _TEXT), st.builds(Phrase, _TEXT)), max_size=3)
              .map(tuple)),
)
_TREES: st.SearchStrategy[Node] = st.recursive(
    _LEAVES,
    lambda kids: st.one_of(
        st.builds(Not, kids),
        st.lists(kids, max_size=4).map(lambda c: And(tuple(c))),
        st.lists(kids, max_size=4).map(lambda c: Or(tuple(c))),
        st.builds(Around, kids, st.integers(-3, 20_000), kids),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TREES, st.text(max_size=200), st.none() | st.text(max_size=60),
       st.none() | st.text(max_size=60))
def test_never_raises_and_is_consistent(node: Node, text: str, url: str | None,
                                        title: str | None) -> None:
    matcher = compile_matcher(node)
    truth = matcher.evaluate(text, url=url, title=title)
    assert truth in (True, False, None)
    assert match(node, text, url=url, title=title) is (truth is not False)
    negated = compile_matcher(Not(node)).evaluate(prepare_text(text, url=url, title=title))
    assert negated is (None if truth is None else not truth)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_every_word_of_a_text_matches_it(text: str) -> None:
    prepared = prepare_text(text)
    for word in prepared.words:
        assert compile_matcher(Term(word)).evaluate(prepared) is True
    if len(prepared.words) >= 2:
        phrase = Phrase(" ".join(prepared.words[:3]))
        assert compile_matcher(phrase).evaluate(prepared) is True


def test_deep_tree_does_not_raise() -> None:
    node: Node = Term("visa")
    for _ in range(5000):
        node = Not(node)
    assert match(node, "visa") in (True, False)


@pytest.mark.corpus
def test_ghdb_dorks_match_their_own_words() -> None:
    """Real dorks (dotted words, stray stars, odd punctuation): each query made only of words and
    phrases matches a text written from those words, and none of the 7,944 raises."""
    lines = corpus("ghdb-google-dorks.txt").read_text(encoding="utf-8").splitlines()
    prepared = prepare_text("Index of /secret", url="https://www.example.com/admin/login.php",
                            title="Index of /")
    checked, failures = 0, []
    for line in lines:
        node = parse(line).node
        assert compile_matcher(node).evaluate(prepared) in (True, False, None)
        leaves = list(walk(node))
        if not all(isinstance(leaf, (And, Term, Phrase)) for leaf in leaves):
            continue
        # A `*` standing alone needs a word of its own; elsewhere it is punctuation.
        text = " . ".join(re.sub(r"(?<!\S)\*(?!\S)", "x", leaf.text) for leaf in leaves
                          if isinstance(leaf, (Term, Phrase)))
        checked += 1
        if not match(node, text):
            failures.append(line)
    assert checked > 1000
    assert failures == []
    assert match(parse("index.of.secret").node, "Index of /secret")


def test_a_symbol_only_term_is_looked_for_not_unknown() -> None:
    from dorker.query.parser import parse

    node = parse('visa ($ OR "€")').node
    assert match(node, "visa for 500 $")
    assert match(node, "visa 400 €")
    assert not match(node, "visa for free")
