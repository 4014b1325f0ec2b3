"""Held-out companions (`ads_*.yaml`, `ordinary_*.yaml`): well-formed and read by the bench."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from dorker.playbooks.langtags import is_known
from dorker.playbooks.model import PATTERNS
from dorker.yamlsafe import load_yaml_file

REPO = Path(__file__).resolve().parent.parent
HELD_OUT = REPO / "tests" / "data" / "langs_heldout"
COMPANIONS = sorted([*HELD_OUT.glob("ads_*.yaml"), *HELD_OUT.glob("ordinary_*.yaml")])


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_languages",
                                                  REPO / "bench" / "bench_languages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_languages"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_there_are_companions() -> None:
    names = {p.name for p in COMPANIONS}
    assert {"ads_subpatterns.yaml", "ordinary_subpatterns.yaml"} <= names


@pytest.mark.parametrize("path", COMPANIONS, ids=lambda p: p.name)
def test_a_companion_is_well_formed(path: Path) -> None:
    items = load_yaml_file(path).data
    assert isinstance(items, list) and items
    ordinary = path.name.startswith("ordinary_")
    keys = {"id", "pattern", "lang", "text"} | ({"near"} if ordinary else set())
    for item in items:
        assert set(item) == keys, item["id"]
        assert is_known(item["lang"]), item["id"]
        assert f"-{item['lang'].lower()}-" in item["id"], item["id"]
        assert str(item["text"]).strip(), item["id"]
        if ordinary:
            assert item["pattern"] is None
            assert item["near"] is None or item["near"] in PATTERNS, item["id"]
        else:
            assert item["pattern"] in PATTERNS, item["id"]


@pytest.mark.parametrize("name", ["ads", "ordinary"])
def test_the_bench_reads_every_file_and_ids_stay_unique(name: str) -> None:
    items = _bench().load_items(HELD_OUT, name)
    main = load_yaml_file(HELD_OUT / f"{name}.yaml").data
    extra = [i for p in COMPANIONS if p.name.startswith(f"{name}_")
             for i in load_yaml_file(p).data]
    assert len(items) == len(main) + len(extra) and extra
    repeated = [i for i, n in Counter(item["id"] for item in items).items() if n > 1]
    assert repeated == []


def test_a_folder_without_companions_reads_the_main_file_only(tmp_path: Path) -> None:
    (tmp_path / "ads.yaml").write_text("- {id: ro-en-01, pattern: route-offers, lang: en, "
                                       "text: x}\n", encoding="utf-8")
    (tmp_path / "adsx.yaml").write_text("- {id: ro-en-02}\n", encoding="utf-8")  # not ads_*
    assert [i["id"] for i in _bench().load_items(tmp_path, "ads")] == ["ro-en-01"]
    assert _bench().load_items(tmp_path, "ordinary") == []


# The languages this part brings in along the routes, each with ads and hard negatives.
SUBPATTERN_LANGUAGES = ("es", "pt", "sq", "sr-Latn", "bs", "hr", "el", "ro", "vi", "zh")


@pytest.mark.parametrize("lang", SUBPATTERN_LANGUAGES)
def test_each_new_language_has_held_out_ads_and_negatives(lang: str) -> None:
    ads = load_yaml_file(HELD_OUT / "ads_subpatterns.yaml").data
    ordinary = load_yaml_file(HELD_OUT / "ordinary_subpatterns.yaml").data
    assert sum(item["lang"] == lang for item in ads) >= 4
    assert sum(item["lang"] == lang for item in ordinary) >= 3
