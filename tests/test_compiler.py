"""The compiler: each engine's support levels honoured, quoting and precedence, Unicode, limits."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from dorker.engines.compiler import compile_query
from dorker.engines.profile import EngineProfile, available_engines, load_profile, load_profiles
from dorker.query.ast import (
    NEUTRAL_OPERATORS,
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
)
from dorker.query.parser import parse

ENGINES = sorted(available_engines())
REQUIRED = [
    "google",
    "bing",
    "duckduckgo",
    "yandex",
    "baidu",
    "brave",
    "mojeek",
    "x",
    "facebook",
    "telegram",
    "reddit",
    "youtube",
    "tiktok",
    "linkedin",
    "instagram",
]
PARAMS = {"channel": "somechannel"}
TODAY = date(2026, 11, 28)
LOSS_CODES = {"unsupported-operator", "approximated-operator", "deprecated-operator"}


def profile(engine: str) -> EngineProfile:
    return load_profile(available_engines()[engine])


def sample(op: str) -> Node:
    """A small query that exercises `op` (with an ordinary word beside it)."""
    base = Term("jobs")
    samples: dict[str, Node] = {
        "phrase": And((base, Phrase("free visa"))),
        "or": Or((Term("malaysia"), Term("dubai"))),
        "not": And((base, Not(Term("news")))),
        "group": And((base, Or((Term("malaysia"), Term("dubai"))))),
        "plus": And((base, Term("visa", plus=True))),
        "wildcard": And((base, Term("*"))),
        "range": And((base, Range("100", "200"))),
        "around": Around(Term("visa"), 3, Term("free")),
        "site": And((base, Field("site", "example.com"))),
        "filetype": And((base, Field("filetype", "pdf"))),
        "after": And((base, Field("after", "2024-01-01"))),
        "before": And((base, Field("before", "2024-06-30"))),
        "lang": And((base, Field("lang", "en"))),
        "loc": And((base, Field("loc", "bd"))),
    }
    if op in samples:
        return samples[op]
    if op.startswith("allin"):
        return And((base, AllIn(op, (Term("visa"), Term("free")))))
    return And((base, Field(op, "visa")))


def test_every_required_engine_has_a_profile() -> None:
    assert set(REQUIRED) <= set(ENGINES)


@pytest.mark.parametrize("engine", ENGINES)
def test_profile_lists_every_operator(engine: str) -> None:
    assert set(profile(engine).operators) == set(NEUTRAL_OPERATORS)


@pytest.mark.parametrize(("engine", "op"), [(e, o) for e in ENGINES for o in NEUTRAL_OPERATORS])
def test_support_level_is_honoured(engine: str, op: str) -> None:
    prof = profile(engine)
    rule = prof.rule(op)
    if op == "group" and prof.rule("or").support not in ("supported", "partial"):
        pytest.skip("grouping only shows with OR")
    node = sample(op)
    if op == "site" and rule.to_param:
        node = And((Term("jobs"), Field("site", f"{rule.to_param_prefixes[0]}somechannel")))
    compiled = compile_query(node, prof, PARAMS, today=TODAY)
    about = [d for d in compiled.diagnostics if d.operator == op]
    codes = {d.code for d in about}
    if rule.support == "supported":
        assert not codes & LOSS_CODES, about
        assert "partial-operator" not in codes
    elif rule.support == "partial":
        assert "partial-operator" in codes, compiled
    elif rule.support == "deprecated":
        assert "deprecated-operator" in codes, compiled
    elif op == "or":  # no OR at all: the query becomes a search plan, one search a branch
        assert prof.makes_plan and len([s for s in compiled.searches
                                        if s.origin != "web"]) == 2, compiled
        assert codes & {"plan", "plan-incomplete"}, compiled
    else:
        assert codes & (LOSS_CODES | {"translated-operator"}), compiled
    if rule.support in ("supported", "partial") and op not in ("wildcard",):
        target = (compiled.query or "") + " " + (compiled.url or "")
        if rule.url_param:
            assert f"{rule.url_param}=" in (compiled.url or "")
        elif op in ("after", "before"):
            if prof.dates.where == "url":
                assert f"{prof.dates.param}=" in (compiled.url or "")
            else:
                assert compiled.query and compiled.query != "jobs"
        elif rule.to_param:
            assert "somechannel" in (compiled.url or "")
        elif rule.emit and rule.emitted_name:
            assert f"{rule.emitted_name}:" in target, compiled
    if rule.support in ("unsupported", "deprecated") and op in (
        "site",
        "intitle",
        "inurl",
        "intext",
        "filetype",
        "cache",
        "related",
        "link",
        "info",
        "inanchor",
    ):
        assert f"{op}:" not in (compiled.query or ""), compiled


@pytest.mark.parametrize("engine", ENGINES)
def test_nothing_is_lost_silently(engine: str) -> None:
    """Every operator of a rich query either appears in the output or is named in a diagnostic."""
    prof = profile(engine)
    node = parse(
        'intitle:"free visa" site:example.com inurl:jobs intext:salary filetype:pdf '
        '(malaysia OR dubai) -news "no IELTS" after:2024-01-01 before:2024-12-31 '
        "lang:en loc:bd cache:x.com +urgent"
    ).node
    compiled = compile_query(node, prof, PARAMS, today=TODAY)
    named = {d.operator for d in compiled.diagnostics}
    out = (compiled.query or "") + " " + (compiled.url or "")
    for op in (
        "intitle",
        "site",
        "inurl",
        "intext",
        "filetype",
        "after",
        "before",
        "lang",
        "loc",
        "cache",
    ):
        rule = prof.rule(op)
        shown = (
            (rule.emitted_name and f"{rule.emitted_name}:" in out)
            or (rule.url_param and f"{rule.url_param}=" in out)
            or (op in ("after", "before") and prof.dates.where != "none" and op not in named)
        )
        assert shown or op in named, (op, compiled)


@pytest.mark.parametrize(
    ("engine", "text", "expected"),
    [
        pytest.param("google", "a b OR c", "a (b OR c)", id="google-or-grouped"),
        pytest.param("bing", "a b OR c", "a (b OR c)", id="bing-or-lowest-precedence"),
        pytest.param("bing", "(a b) OR c", "(a b) OR c", id="bing-and-in-or"),
        pytest.param("yandex", "a b OR c", "a (b | c)", id="yandex-pipe"),
        pytest.param("yandex", 'intitle:"free visa"', 'title:"free visa"', id="yandex-title"),
        pytest.param("bing", "intext:salary", "inbody:salary", id="bing-inbody"),
        pytest.param(
            "x",
            "visa after:2024-01-01 before:2024-02-01",
            "visa since:2024-01-01 until:2024-02-01",
            id="x-since-until",
        ),
        pytest.param(
            "yandex",
            "visa after:2024-01-01 before:2024-02-01",
            "visa date:20240101..20240201",
            id="yandex-date-range",
        ),
        pytest.param("google", "+visa", '"visa"', id="google-plus-as-quotes"),
        pytest.param("google", "-(a OR b) c", "-(a OR b) c", id="excluded-group"),
        pytest.param(
            "google",
            'allintitle: "index of" secret',
            'allintitle:"index of" secret',
            id="allintitle",
        ),
    ],
)
def test_syntax_per_engine(engine: str, text: str, expected: str) -> None:
    compiled = compile_query(parse(text).node, profile(engine), PARAMS, today=TODAY)
    assert compiled.query == expected


def test_url_only_conditions_move_to_the_url() -> None:
    compiled = compile_query(parse("visa lang:bn loc:bd").node, profile("google"), today=TODAY)
    query = parse_qs(urlsplit(compiled.url or "").query)
    assert compiled.query == "visa"
    assert query["lr"] == ["lang_bn"] and query["cr"] == ["countryBD"]
    assert {d.code for d in compiled.diagnostics} == {"moved-to-url"}


def test_url_condition_inside_or_cannot_move_and_is_reported() -> None:
    compiled = compile_query(parse("visa (lang:bn OR jobs)").node, profile("google"), today=TODAY)
    assert any(
        d.code == "unsupported-operator" and d.operator == "lang" for d in compiled.diagnostics
    )


def test_telegram_channel_from_site_operator() -> None:
    tg = profile("telegram")
    compiled = compile_query(parse("site:t.me/visa_bd work permit").node, tg, today=TODAY)
    assert compiled.url is not None and compiled.url.startswith("https://t.me/s/visa_bd?")
    # Without a channel: no error, but web searches of public channel pages (site:t.me/s).
    missing = compile_query(parse("work permit").node, tg, today=TODAY)
    assert not any(d.severity == "error" for d in missing.diagnostics)
    assert any(d.code == "plan-no-channel" for d in missing.diagnostics)
    assert {s.engine for s in missing.searches} == {"google", "bing", "yandex"}
    assert all(s.query and s.query.startswith("site:t.me/s ") for s in missing.searches)


def test_platform_site_of_itself_is_redundant_not_lost() -> None:
    compiled = compile_query(
        parse("site:facebook.com free visa").node, profile("facebook"), today=TODAY
    )
    assert "facebook.com" not in (compiled.query or "")
    assert any(d.code == "redundant-operator" for d in compiled.diagnostics)


def test_over_limit_warning_names_limit_and_count() -> None:
    text = " ".join(f"w{i}" for i in range(40))
    compiled = compile_query(parse(text).node, profile("google"), today=TODAY)
    over = [d for d in compiled.diagnostics if d.code == "over-limit"]
    assert over and "40" in over[0].message and "32" in over[0].message


def test_long_url_warning() -> None:
    text = " ".join(f'"{"বাংলা" * 10} {i}"' for i in range(20))
    compiled = compile_query(parse(text).node, profile("google"), today=TODAY)
    assert any(d.code == "over-limit" and "URL" in d.message for d in compiled.diagnostics)


UNICODE = [
    "ফ্রি ভিসা মালয়েশিয়া",
    "تأشيرة مجانية إلى السعودية",
    "ملائیشیا ویزا فری",
    "бесплатная виза",
    "免费签证 马来西亚",
    "मुफ्त वीज़ा दुबई",
    "visto gratuito Italia €",
    "emoji 🇧🇩 ✈️ 100%",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("words", UNICODE)
def test_unicode_survives_compile_url_decode(engine: str, words: str) -> None:
    node = Phrase(words)
    compiled = compile_query(node, profile(engine), PARAMS, today=TODAY)
    assert (compiled.query is not None and words in compiled.query) or " ".join(words.split()) in (
        compiled.query or ""
    )
    parts = urlsplit(compiled.url or "")
    values = [v for vs in parse_qs(parts.query).values() for v in vs]
    assert compiled.query in values


def test_unknown_engine_is_a_usage_error() -> None:
    from dorker.errors import UsageError

    with pytest.raises(UsageError, match="unknown engine 'altavista'"):
        load_profiles(["altavista"])
