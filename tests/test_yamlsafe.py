"""Bounded, safe YAML loading with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dorker.errors import InputError
from dorker.yamlsafe import load_yaml_file, load_yaml_text


def test_positions_and_dates_stay_text() -> None:
    doc = load_yaml_text("a: 1\nb:\n  - x\n  - {c: 2019-01-01}\n", path="f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": "2019-01-01"}]}
    assert str(doc.where(("b", 1, "c"))) == "f.yaml:4:6: b[1].c"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("a: 1\na: 2\n", "2:1: duplicate key 'a'", id="duplicate"),
        pytest.param(
            "a: !!python/object/apply:os.system ['id']\n", "unsupported YAML tag", id="python-tag"
        ),
        pytest.param("a: [1\n", "YAML syntax error", id="syntax"),
        pytest.param(
            "a: &a [1,2,3,4,5,6,7,8,9]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
                for i in range(8)
            ),
            "alias bomb",
            id="alias-bomb",
        ),
        pytest.param("x: " + "[" * 200 + "]" * 200, "nested", id="deep"),
        pytest.param("<<: {a: 1}\n", "merge keys", id="merge"),
    ],
)
def test_refusals_are_located(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, path="f.yaml")
    assert message in str(info.value) and str(info.value).startswith("f.yaml:")


def test_size_limit_and_encoding(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 2_000_000)
    with pytest.raises(InputError, match="over the 1,000,000-byte limit"):
        load_yaml_file(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(InputError, match=r"latin.yaml:2:7: not UTF-8"):
        load_yaml_file(latin)
    with pytest.raises(InputError, match="file not found"):
        load_yaml_file(tmp_path / "missing.yaml")


def test_a_huge_integer_is_a_located_error() -> None:
    with pytest.raises(InputError, match=r"f.yaml:1:4: unreadable value"):
        load_yaml_text("a: " + "9" * 5000, path="f.yaml")
