"""The languages the sub-pattern playbooks bring in (issue 17, second part): enough examples each.

Spanish and Portuguese (the dunki across Latin America, Portuguese permits), Albanian,
Serbian/Bosnian/Croatian and Greek (the Balkan "game"), Romanian (work permits), Vietnamese and
Chinese (scam-compound lures): every bundled playbook that lists one of them holds queries in it
with at least 6 must-match and 4 must-not-match texts written in it, the same bar
tests/test_playbook_languages.py sets for fa, prs, tr, ar-LY and ar-LB.
"""

from __future__ import annotations

from functools import cache

import pytest

from dorker.playbooks.library import Library, Root, load_library
from dorker.playbooks.model import Playbook
from dorker.resources import bundled_dir

SUBPATTERN_LANGUAGES = ("es", "pt", "sq", "sr-Latn", "bs", "hr", "el", "ro", "vi", "zh")
MIN_MATCH, MIN_NO_MATCH = 6, 4


@cache
def _bundled() -> Library:
    return load_library([Root(0, "bundled", bundled_dir("queries"))])


def _listing(language: str) -> list[Playbook]:
    return [pb for pb in _bundled().all if language in pb.languages]


@pytest.mark.parametrize("language", SUBPATTERN_LANGUAGES)
def test_each_language_has_enough_examples_in_each_playbook(language: str) -> None:
    """≥ 6 must-match and ≥ 4 must-not-match texts in the language, in each playbook listing it."""
    listing = _listing(language)
    assert listing, f"no bundled playbook lists {language}"
    for pb in listing:
        queries = [q for q in pb.queries if q.language == language]
        assert queries, f"{pb.id} lists {language} but has no query in it"
        match = {e.text for q in queries for e in q.match}
        no_match = {e.text for q in queries for e in q.no_match}
        assert len(match) >= MIN_MATCH, f"{pb.id}: {len(match)} {language} must-match texts"
        assert len(no_match) >= MIN_NO_MATCH, f"{pb.id}: {len(no_match)} {language} no_match"


@pytest.mark.parametrize("language", SUBPATTERN_LANGUAGES)
def test_an_attested_list_names_where_it_was_seen(language: str) -> None:
    """A list marked attested in the language cites a reference with a URL: the evidence is
    traceable (docs/keywords-subpatterns.md gives the row); only the project's research notes
    may stand without one."""
    for pb in _listing(language):
        urls = {ref.id for ref in pb.references if ref.url}
        for name, keywords in pb.keywords.items():
            if keywords.review.get(language) == "attested":
                assert set(keywords.refs) & urls, \
                    f"{pb.id}: {name!r} is attested in {language} but cites no source with a URL"
