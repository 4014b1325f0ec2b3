"""bench/bench_languages.py counts right, and its held-out set is well-formed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dorker.playbooks.langtags import is_known
from dorker.playbooks.library import Root, load_library
from dorker.playbooks.model import PATTERNS
from dorker.yamlsafe import load_yaml_file

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench" / "bench_languages.py"
HELD_OUT = REPO / "tests" / "data" / "langs_heldout"

PLAYBOOK = """\
id: tiny
title: Tiny
pattern: route-offers
version: 1
status: draft
authors: [tests]
description: two queries in two languages
languages: [en, tr]
references: [{id: r, title: t}]
queries:
  - id: en
    title: boat with a guarantee
    language: en
    query: 'boat (guaranteed OR "100% safe")'
    examples:
      match: ["boat to Greece, guaranteed", "boat 100% safe", "a boat, no promise"]
      no_match: ["boat capsized, 3 missing"]
  - id: tr
    title: bot with a guarantee
    language: tr
    query: 'bot garanti'
    examples:
      match: ["Yunanistan bot garanti"]
      no_match: ["bot battı", "boat guaranteed tomorrow"]
"""


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_languages", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_languages"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _tiny(tmp_path: Path) -> list:  # type: ignore[type-arg]
    path = tmp_path / "route-offers" / "tiny.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(PLAYBOOK, encoding="utf-8")
    return load_library([Root(0, "t", tmp_path)]).all


def test_own_examples_are_counted_by_query_and_by_pattern(tmp_path: Path) -> None:
    figures = _bench().own_example_figures(_tiny(tmp_path))
    en, tr = figures["en"], figures["tr"]
    assert (en.pos, en.pos_hit, en.pos_pattern) == (3, 2, 2)  # "a boat, no promise" is missed
    assert en.missed == ["tiny:en#match2"]
    assert (en.neg, en.neg_hit, en.neg_pattern) == (1, 0, 0)
    # The English ad filed as a Turkish hard negative: not matched by `tr`, but by `en`.
    assert (tr.neg, tr.neg_hit, tr.neg_pattern) == (2, 0, 1)
    assert tr.false == ["tiny:tr#no_match1 <- tiny:en"]


def test_held_out_texts_are_counted_by_their_own_language(tmp_path: Path) -> None:
    bench = _bench()
    ads = [{"id": "ro-tr-01", "pattern": "route-offers", "lang": "tr", "text": "bot garanti"},
           {"id": "ro-en-01", "pattern": "route-offers", "lang": "en", "text": "bot garanti"},
           {"id": "fj-en-01", "pattern": "fake-jobs", "lang": "en", "text": "boat guaranteed"},
           {"id": "ro-en-02", "pattern": "route-offers", "lang": "en", "text": "nothing"}]
    ordinary = [{"id": "news-en-01", "pattern": None, "near": None, "lang": "en",
                 "text": "boat 100% safe, says the ferry company"}]
    figures = bench.held_out_figures(_tiny(tmp_path), ads, ordinary)
    en = figures["en"]
    assert (en.pos, en.pos_hit, en.pos_pattern, en.pos_own_lang) == (3, 2, 1, 1)
    assert en.missed == ["ro-en-02"]
    assert (en.neg, en.neg_hit) == (1, 1)
    assert figures["tr"].pos_own_lang == 1


def test_romanised_match_eval_items_get_a_script_subtag() -> None:
    bench = _bench()
    assert bench.eval_language({"id": "fj-bnr-01", "lang": "bn"}) == "bn-Latn"
    assert bench.eval_language({"id": "fj-ar-01", "lang": "ar"}) == "ar"
    assert bench.eval_language({"id": "ro-ar-lb-01", "lang": "ar-lb"}) == "ar-LB"


def test_the_script_prints_both_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert _bench().main([]) == 0
    out = capsys.readouterr().out
    assert "Own examples" in out and "Held-out texts" in out
    assert any(line.startswith("fa ") for line in out.splitlines())
    assert out.rstrip().splitlines()[-1].startswith("total")


@pytest.mark.parametrize("name", ["ads", "ordinary"])
def test_the_held_out_set_is_well_formed(name: str) -> None:
    items = load_yaml_file(HELD_OUT / f"{name}.yaml").data
    assert isinstance(items, list) and len(items) >= 60
    keys = {"id", "pattern", "lang", "text"} | ({"near"} if name == "ordinary" else set())
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    for item in items:
        assert set(item) == keys, item["id"]
        assert is_known(item["lang"]), item["id"]
        assert f"-{item['lang'].lower()}-" in item["id"], item["id"]
        if name == "ads":
            assert item["pattern"] in PATTERNS, item["id"]
        else:
            assert item["pattern"] is None
            assert item["near"] is None or item["near"] in PATTERNS, item["id"]
