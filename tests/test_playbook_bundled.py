"""The bundled playbooks meet the issue's bar: lint-clean, tested, every pattern and language."""

from __future__ import annotations

import pytest
from tests.helpers import run_cli

from dorker.playbooks.library import Root, load_library
from dorker.playbooks.model import Playbook
from dorker.resources import bundled_dir

REQUIRED_PATTERNS = {"fake-jobs", "document-sellers", "route-offers", "recruitment-fees",
                     "selector-pivots"}
REQUIRED_LANGUAGES = {"en", "bn", "ar", "ms", "hi", "ur", "it"}


@pytest.fixture(scope="module")
def bundled() -> list[Playbook]:
    library = load_library([Root(0, "bundled", bundled_dir("queries"))])
    assert not library.broken and not library.duplicates
    return library.effective()


def test_lint_is_clean() -> None:
    result = run_cli("playbooks", "lint", str(bundled_dir("queries")))
    assert result.code == 0, result.out


def test_every_example_passes() -> None:
    result = run_cli("playbooks", "test", str(bundled_dir("queries")))
    assert result.code == 0, result.out


def test_every_query_has_positive_and_negative_examples(bundled: list[Playbook]) -> None:
    missing = [f"{pb.id}:{q.id}" for pb in bundled for q in pb.queries
               if not q.match or not q.no_match]
    assert missing == []


def test_the_required_patterns_and_languages_are_covered(bundled: list[Playbook]) -> None:
    assert {pb.pattern for pb in bundled} >= REQUIRED_PATTERNS
    languages = {lang.split("-")[0] for pb in bundled for kw in pb.keywords.values()
                 for lang in kw.terms}
    assert languages >= REQUIRED_LANGUAGES


def test_every_playbook_cites_references(bundled: list[Playbook]) -> None:
    assert [pb.id for pb in bundled if not pb.references] == []


def test_files_sit_in_their_pattern_folder(bundled: list[Playbook]) -> None:
    misplaced = [str(pb.path) for pb in bundled
                 if pb.path is None or pb.path.parent.name != pb.pattern or pb.path.stem != pb.id]
    assert misplaced == []
