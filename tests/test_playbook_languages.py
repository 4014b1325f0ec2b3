"""A query's `language`: schema, lint (known, listed, used), `playbooks list --lang`, show."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from tests.helpers import run_cli

from dorker.playbooks import langtags
from dorker.playbooks.library import Library, Root, load_library
from dorker.playbooks.lint import lint
from dorker.resources import bundled_dir

TEMPLATE = """\
id: {id}
title: Languages test
pattern: route-offers
version: 1
status: draft
authors: [tests]
description: a small playbook
languages: [{languages}]
references: [{{id: r, title: t}}]
keywords:
  boat:
    terms: {{en: [boat], fa: [قایق], ar: [قارب]}}
    review: {{en: attested, fa: unverified, ar: unverified}}
queries:
{queries}
"""

QUERY = """\
  - id: {qid}
    title: a query
{language}    query: '{template}'
    examples:
      match: ["{match}"]
      no_match: ["nothing here"]
"""


def _write(folder: Path, pid: str, languages: str, *queries: tuple[str, str | None, str, str]
           ) -> Path:
    body = "".join(QUERY.format(qid=qid, template=template, match=match,
                                language=f"    language: {lang}\n" if lang else "")
                   for qid, lang, template, match in queries)
    path = folder / "route-offers" / f"{pid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(id=pid, languages=languages, queries=body), encoding="utf-8")
    return path


LANGUAGE_CODES = {"unknown-language", "language-not-listed", "language-mismatch", "no-language"}


def _findings(path: Path) -> list[str]:
    return [str(f) for f in lint([path]).findings]


def _language_findings(path: Path) -> list[str]:
    return [str(f) for f in lint([path]).findings if f.code in LANGUAGE_CODES]


def test_a_known_listed_language_lints_clean(tmp_path: Path) -> None:
    path = _write(tmp_path, "clean", "en, fa",
                  ("q1", "fa", "{{ kw.boat.fa }} تضمینی", "قایق تضمینی"),
                  ("q2", "en", "{{ kw.boat.en }} safe", "boat safe"))
    assert _language_findings(path) == []


def test_an_ill_formed_tag_is_a_located_schema_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "illformed", "en", ("q1", "Persian", "boat", "boat"))
    findings = _findings(path)
    assert any(f.startswith(f"{path}:17:") and " schema queries[0].language: " in f
               for f in findings), findings


def test_an_unknown_tag_is_a_located_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "unknown", "en", ("q1", "xq-zz", "boat", "boat"),
                  ("q2", "en", "boat", "boat"))
    report = lint([path])
    errors = [f for f in report.findings if f.code == "unknown-language"]
    assert len(errors) == 1 and report.failed
    assert (errors[0].path, errors[0].line, errors[0].severity) == (str(path), 17, "error")
    assert "'xq-zz' is not a known language tag" in errors[0].message


def test_a_language_the_playbook_does_not_list_is_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "unlisted", "en", ("q1", "fa", "{{ kw.boat.fa }}", "قایق"))
    found = [f for f in lint([path]).findings if f.code == "language-not-listed"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].line == 17


def test_a_region_subtag_is_covered_by_its_language(tmp_path: Path) -> None:
    path = _write(tmp_path, "region", "en, ar", ("q1", "ar-LB", "{{ kw.boat.ar }}", "قارب"))
    assert _language_findings(path) == []


def test_keyword_lists_in_another_language_are_noted(tmp_path: Path) -> None:
    path = _write(tmp_path, "mismatch", "en, fa", ("q1", "fa", "{{ kw.boat.en }}", "boat"))
    found = [f for f in lint([path]).findings if f.code == "language-mismatch"]
    assert len(found) == 1 and found[0].severity == "info"
    assert "picks keyword lists in en only" in found[0].message


def test_a_query_without_a_language_is_noted_not_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "nolang", "en", ("q1", None, "boat", "boat"))
    report = lint([path])
    found = [f for f in report.findings if f.code == "no-language"]
    assert len(found) == 1 and found[0].severity == "info" and not report.failed


@pytest.mark.parametrize(("wanted", "tag", "expected"), [
    pytest.param("ar", "ar-LB", True, id="language-covers-region"),
    pytest.param("ar-LB", "ar", False, id="region-does-not-cover-language"),
    pytest.param("sr", "sr-Latn", True, id="language-covers-script"),
    pytest.param("bn-latn", "bn-Latn", True, id="case-insensitive"),
    pytest.param("bn", "bnx", False, id="whole-subtags-only"),
    pytest.param("fa", "prs", False, id="dari-is-its-own-tag"),
])
def test_covers(wanted: str, tag: str, expected: bool) -> None:
    assert langtags.covers(wanted, tag) is expected


@pytest.mark.parametrize(("tag", "known"), [
    ("prs", True), ("ar-LY", True), ("sr-Latn", True), ("zxx", True), ("syl", True),
    ("xx", False), ("ar-Latnx", False), ("en-", False),
])
def test_tags_are_checked_against_the_registry(tag: str, known: bool) -> None:
    assert langtags.is_known(tag) is known


def test_canonical_case() -> None:
    assert langtags.canonical("BN-latn") == "bn-Latn"
    assert langtags.canonical("ar-lb") == "ar-LB"
    assert langtags.canonical("es-419") == "es-419"


def _config_root(home: Path, folder: Path) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(
        f'[playbooks]\nroots = ["{folder.as_posix()}"]\n', encoding="utf-8")


def test_list_lang_uses_the_query_languages(tmp_path: Path, dorker_home: Path) -> None:
    team = tmp_path / "team"
    _write(team, "team-route-fa", "en, fa", ("q1", "fa", "{{ kw.boat.fa }}", "قایق"))
    _write(team, "team-route-lb", "en, ar", ("q1", "ar-LB", "{{ kw.boat.ar }}", "قارب"),
           ("q2", "ar-LB", "{{ kw.boat.ar }} 100", "قارب 100"))
    _config_root(dorker_home, team)
    fa = run_cli("playbooks", "list", "--lang", "fa", "--format", "json")
    assert fa.code == 0, fa.err
    ids = [p["id"] for p in json.loads(fa.out)]
    assert "team-route-fa" in ids and "team-route-lb" not in ids
    ar = run_cli("playbooks", "list", "--lang", "ar")
    line = next(x for x in ar.out.splitlines() if x.startswith("team-route-lb"))
    assert " 2q  ar-LB " in line
    en = json.loads(run_cli("playbooks", "list", "--lang", "en", "--format", "json").out)
    assert "team-route-fa" not in [p["id"] for p in en]  # listed in languages, no query in en
    listed = json.loads(run_cli("playbooks", "list", "--format", "json").out)
    summary = next(p for p in listed if p["id"] == "team-route-lb")
    assert summary["query_languages"] == {"ar-LB": 2}


def test_list_lang_falls_back_on_the_playbook_languages(tmp_path: Path,
                                                        dorker_home: Path) -> None:
    team = tmp_path / "team"
    _write(team, "old-style", "en, fa", ("q1", None, "boat", "boat"))
    _config_root(dorker_home, team)
    result = run_cli("playbooks", "list", "--lang", "fa", "--format", "json")
    assert "old-style" in [p["id"] for p in json.loads(result.out)]


def test_neutral_queries_count_for_the_playbook_languages() -> None:
    pivot = _bundled().playbooks["phone-pivot"]
    assert langtags.queries_in(pivot, "bn") == {"zxx": 2, "mul": 2}
    assert langtags.queries_in(pivot, "fa") == {}
    gulf = _bundled().playbooks["gulf-free-visa-jobs"]
    assert langtags.queries_in(gulf, "bn") == {"bn": 6, "bn-Latn": 2}  # bn covers bn-Latn
    assert langtags.queries_in(gulf, "bn-Latn") == {"bn-Latn": 2}


def test_list_lang_refuses_what_is_not_a_tag() -> None:
    result = run_cli("playbooks", "list", "--lang", "Persian language")
    assert result.code == 2
    assert "--lang 'Persian language' is not a language tag" in result.err


def test_show_and_match_report_the_language() -> None:
    shown = run_cli("playbooks", "show", "phone-pivot")
    assert "number-anywhere [zxx]:" in shown.out
    data = json.loads(run_cli("playbooks", "show", "phone-pivot", "--format", "json").out)
    assert {q["id"]: q["language"] for q in data["queries"]}["number-with-offer"] == "mul"
    hit = run_cli("match", "-", "--format", "json",
                  stdin="সৌদি ফ্রি ভিসা বিক্রি হবে, দাম ৫ লাখ টাকা")
    assert hit.code == 0
    assert "bn" in {m["language"] for m in json.loads(hit.out)["matches"]}


@cache
def _bundled() -> Library:
    return load_library([Root(0, "bundled", bundled_dir("queries"))])


def test_every_bundled_query_has_a_known_language_its_playbook_lists() -> None:
    for pb in _bundled().all:
        for query in pb.queries:
            assert query.language, f"{pb.id}:{query.id} has no language"
            assert langtags.is_known(query.language), f"{pb.id}:{query.id}"
            assert (query.language in langtags.NEUTRAL
                    or langtags.any_covers_tag(pb.languages, query.language)), \
                f"{pb.id}:{query.id} is in {query.language}, not in {pb.languages}"


# The languages issue 17 added along the routes; each is enforced once its queries are written.
ROUTE_LANGUAGES = ("fa", "prs", "tr", "ar-LY", "ar-LB")
# Nepali, Malay and Indonesian (the second part of issue 17).
ROUTE_LANGUAGES_2 = ("ne", "ms", "id")
MIN_MATCH, MIN_NO_MATCH = 6, 4


@pytest.mark.parametrize("language", ROUTE_LANGUAGES + ROUTE_LANGUAGES_2)
def test_each_route_language_has_enough_examples_in_each_playbook(language: str) -> None:
    """≥ 6 must-match and ≥ 4 must-not-match texts in the language, in each playbook listing it."""
    # A playbook whose queries are all multilingual (phone-pivot: its Malay words serve a `mul`
    # query) lists the language for its keywords, not for queries written in it.
    listing = [pb for pb in _bundled().all if language in pb.languages
               and not all(q.language in langtags.NEUTRAL for q in pb.queries)]
    assert listing, f"no bundled playbook has queries and lists {language}"
    for pb in listing:
        queries = [q for q in pb.queries if q.language == language]
        assert queries, f"{pb.id} lists {language} but has no query in it"
        match = {e.text for q in queries for e in q.match}
        no_match = {e.text for q in queries for e in q.no_match}
        assert len(match) >= MIN_MATCH, f"{pb.id}: {len(match)} {language} must-match texts"
        assert len(no_match) >= MIN_NO_MATCH, f"{pb.id}: {len(no_match)} {language} no_match"
