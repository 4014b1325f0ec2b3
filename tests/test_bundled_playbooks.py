"""The bundled crime-pattern playbooks: lint-clean, examples pass, coverage, and match rates."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from tests.helpers import run_cli

from dorker.playbooks.library import Library, Root, load_library
from dorker.playbooks.matching import match_text
from dorker.resources import bundled_dir
from dorker.yamlsafe import load_yaml_file

QUERIES = bundled_dir("queries")
EVAL_DIR = Path(__file__).resolve().parent / "data" / "match_eval"

REQUIRED_PATTERNS = (
    "fake-jobs", "document-sellers", "route-offers", "recruitment-fees", "selector-pivots",
    "domestic-workers", "romance-lures", "organ-trade", "scam-compounds",
)
# The required languages, plus those the research has material for.
REQUIRED_LANGUAGES = ("en", "bn", "bn-Latn", "ar", "ms", "hi", "ur", "it", "ne", "fr", "ta", "si")
MIN_AD_RATE = 0.85
MAX_ORDINARY_RATE = 0.15


@cache
def _library() -> Library:
    return load_library([Root(0, "bundled", QUERIES)])


def _hit_patterns(text: str) -> set[str]:
    return {hit.playbook.pattern for hit in match_text(_library().all, text)}


def test_bundled_folder_holds_playbooks() -> None:
    lib = _library()
    assert lib.files >= 15
    assert not lib.broken, f"unreadable playbooks: {lib.broken}"
    assert len(lib.all) == lib.files


def test_bundled_playbooks_lint_without_warnings_or_errors() -> None:
    result = run_cli("playbooks", "lint", str(QUERIES))
    output = result.out + result.err
    problems = [line for line in output.splitlines() if " error " in line or " warning " in line]
    assert result.code == 0, output
    assert problems == []
    assert "0 error(s), 0 warning(s)" in output


def test_lint_shows_the_unverified_translations() -> None:
    result = run_cli("playbooks", "lint", str(QUERIES))
    assert "unverified-keywords" in result.out + result.err


def test_bundled_examples_all_pass() -> None:
    result = run_cli("playbooks", "test", str(QUERIES))
    assert result.code == 0, result.out + result.err
    assert "0 failure(s)" in result.out + result.err


@pytest.mark.parametrize("pattern", REQUIRED_PATTERNS)
def test_each_required_pattern_has_a_playbook(pattern: str) -> None:
    assert any(pb.pattern == pattern for pb in _library().all)


@pytest.mark.parametrize("pattern", ["fake-jobs", "document-sellers", "route-offers",
                                     "recruitment-fees", "selector-pivots"])
def test_big_patterns_have_several_playbooks(pattern: str) -> None:
    assert sum(pb.pattern == pattern for pb in _library().all) >= 2


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_each_required_language_has_keywords(language: str) -> None:
    langs = {lang for pb in _library().all for kw in pb.keywords.values() for lang in kw.terms}
    assert language in langs


def test_review_status_is_given_and_both_kinds_occur() -> None:
    levels: Counter[str] = Counter()
    for pb in _library().all:
        for kw in pb.keywords.values():
            assert set(kw.terms) <= set(kw.review), f"{pb.id}: {kw.name} lacks a review status"
            levels.update(kw.review[lang] for lang in kw.terms)
    assert levels["attested"] > 0 and levels["unverified"] > 0


def test_every_playbook_has_references_and_every_query_examples_both_ways() -> None:
    for pb in _library().all:
        assert pb.references, pb.id
        for query in pb.queries:
            assert query.match and query.no_match, f"{pb.id}:{query.id}"


def test_every_keyword_term_has_a_word() -> None:
    """A term of only symbols (`$`, `€`) cannot be checked and would make its group match all."""
    import unicodedata

    for pb in _library().all:
        for kw in pb.keywords.values():
            for lang, terms in kw.terms.items():
                for term in terms:
                    assert any(unicodedata.category(c)[0] in "LNM" for c in term), (
                        f"{pb.id}: {kw.name} ({lang}) has the wordless term {term!r}")


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("Saudi Arabia", id="destination-alone"),
    pytest.param("There is no such thing as a free visa.", id="free-visa-alone"),
    pytest.param("WhatsApp me on +880 1711-000000", id="contact-alone"),
    pytest.param("কিডনি রোগের লক্ষণ ও চিকিৎসা", id="kidney-health-bn"),
    pytest.param("Passport renewal: bring your old passport and two photos", id="passport-alone"),
    pytest.param("Italy game tonight, come watch with us", id="game-sport"),
    pytest.param("عقد غير قابل للتنازل", id="for-transfer-contract-ar"),
    pytest.param("রক্তের গ্রুপ: বি পজিটিভ, যোগাযোগ 01700000000", id="blood-donation-bn"),
])
def test_one_indicator_alone_is_not_a_match(text: str) -> None:
    assert _hit_patterns(text) == set()


@pytest.mark.parametrize(("text", "pattern"), [
    pytest.param("Oman cleaning company job, visa free, ticket free, age 20-40, imo only",
                 "fake-jobs", id="gulf-job-en"),
    pytest.param("কুয়েতে ড্রাইভার নিয়োগ, আকামা ফ্রি, জরুরি যোগাযোগ করুন", "fake-jobs",
                 id="gulf-job-bn"),
    pytest.param("Bulgaria work visa 100% guaranteed, deposit 3 lakh, Schengen country",
                 "fake-jobs", id="permit-en"),
    pytest.param("Original blank passport and Schengen visa, delivery by courier",
                 "document-sellers", id="passport-en"),
    pytest.param("Libya to Lampedusa next trip, 100% safe, pay after arrival", "route-offers",
                 id="sea-route-en"),
    pytest.param("সৌদি ফ্রি ভিসা বিক্রি হবে, দাম ৫ লাখ টাকা", "recruitment-fees",
                 id="visa-trading-bn"),
    pytest.param("خادمة للتنازل، العمر 25، المبلغ 12000 ريال", "domestic-workers",
                 id="maid-transfer-ar"),
    pytest.param("Sell your kidney, 4 lakh paid, medical visa to India arranged", "organ-trade",
                 id="kidney-en"),
    pytest.param("Cambodia customer service job, high salary, free ticket", "scam-compounds",
                 id="scam-compound-en"),
])
def test_combined_indicators_match_their_pattern(text: str, pattern: str) -> None:
    assert pattern in _hit_patterns(text)


def test_match_cli_reports_json_and_grep_like_exit_codes() -> None:
    hit = run_cli("match", "-", "--format", "json",
                  stdin="Saudi company job: free visa, free food, whatsapp 01711000000")
    assert hit.code == 0, hit.err
    data = json.loads(hit.out)
    assert "fake-jobs" in data["patterns"]
    assert all({"playbook", "query", "pattern"} <= set(m) for m in data["matches"])
    miss = run_cli("match", "-", "--format", "json", stdin="The weather in Dhaka is warm today.")
    assert miss.code == 1
    assert json.loads(miss.out)["matches"] == []


def _eval_items(name: str) -> list[dict[str, object]]:
    path = EVAL_DIR / f"{name}.yaml"
    if not path.exists():
        pytest.skip(f"match evaluation set {path} is absent")
    data = load_yaml_file(path).data
    assert isinstance(data, list) and data
    return data


def test_match_rates_on_the_evaluation_sets() -> None:
    """At least 85% of the ad texts match some playbook; at most 15% of ordinary texts do."""
    ads, ordinary = _eval_items("ads"), _eval_items("ordinary")
    missed = [str(a["id"]) for a in ads if not _hit_patterns(str(a["text"]))]
    false = [str(o["id"]) for o in ordinary if _hit_patterns(str(o["text"]))]
    ad_rate = 1 - len(missed) / len(ads)
    fp_rate = len(false) / len(ordinary)
    assert ad_rate >= MIN_AD_RATE, f"ads matched {ad_rate:.1%}; missed: {missed}"
    assert fp_rate <= MAX_ORDINARY_RATE, f"ordinary matched {fp_rate:.1%}: {false}"
