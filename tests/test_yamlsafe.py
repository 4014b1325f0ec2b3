"""Bounded, safe YAML loading with positions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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


REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p for folder in ("catalog", "queries") for p in (REPO / folder).rglob("*.yaml"))


def composed(text: str) -> tuple[object, dict[tuple[object, ...], tuple[int, int]]]:
    """Data and positions read the slow way (PyYAML's node tree), as the reference."""
    positions: dict[tuple[object, ...], tuple[int, int]] = {}
    constructor = yaml.SafeLoader("")

    def walk(node: yaml.Node, at: tuple[object, ...]) -> object:
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                mark = child.start_mark
                positions.setdefault((*at, index), (mark.line + 1, mark.column + 1))
                items.append(walk(child, (*at, index)))
            return items
        if isinstance(node, yaml.MappingNode):
            mapping = {}
            for key, value in node.value:
                mark = key.start_mark
                positions.setdefault((*at, key.value), (mark.line + 1, mark.column + 1))
                mapping[key.value] = walk(value, (*at, key.value))
            return mapping
        if node.tag.endswith(":timestamp"):
            return node.value
        return constructor.construct_object(node, deep=True)

    return walk(yaml.compose(text, Loader=yaml.SafeLoader), ()), positions


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(REPO)))
def test_bundled_files_read_as_the_node_tree_reads_them(path: Path) -> None:
    """Built from the event stream: the same data and positions as PyYAML's composer gives."""
    text = path.read_text(encoding="utf-8")
    doc = load_yaml_text(text, path=path, max_bytes=4_000_000)
    data, positions = composed(text)
    assert doc.data == data
    assert doc.positions == positions


def test_anchors_tags_and_documents() -> None:
    text = ("base: &b {kind: forum, tags: [x, y]}\ncopy: *b\nnum: !!str 12\nint: !!int '12'\n"
            "flag: yes\nwhen: 2024-05-01\nnone: ~\nplain: ! 12\n")
    doc = load_yaml_text(text, path="f.yaml")
    assert doc.data == {"base": {"kind": "forum", "tags": ["x", "y"]},
                        "copy": {"kind": "forum", "tags": ["x", "y"]}, "num": "12", "int": 12,
                        "flag": True, "when": "2024-05-01", "none": None, "plain": 12}
    assert doc.data["copy"] is not doc.data["base"]  # an alias is a copy, counted as one
    assert (doc.data, doc.positions) == composed(text)
    assert load_yaml_text("", path="f.yaml").data is None
    assert load_yaml_text("# only a comment\n", path="f.yaml").data is None
    with pytest.raises(InputError, match=r"f.yaml:2:1: more than one YAML document"):
        load_yaml_text("a: 1\n---\nb: 2\n", path="f.yaml")
    with pytest.raises(InputError, match=r"f.yaml:1:4: alias \*nowhere names no anchor"):
        load_yaml_text("a: *nowhere\n", path="f.yaml")
    with pytest.raises(InputError, match=r"f.yaml:1:1: a mapping key must be plain text"):
        load_yaml_text("[a]: 1\n", path="f.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("x: &x 1\ny: &y [*x]\nz: &x 2\nw: *y\n", "3:4: anchor &x is defined twice",
                     id="anchor-twice"),
        pytest.param("&a [ &a 1 ]\n", "1:6: anchor &a is defined twice", id="anchor-inside"),
        pytest.param("{*k : 1}\n", "1:2: alias *k names no anchor", id="alias-key-undefined"),
        pytest.param("a: !!bool maybe\n", "1:4: unreadable value: 'maybe' is not a valid bool",
                     id="bad-bool"),
        pytest.param("a: !!int ''\n", "1:4: unreadable value: '' is not a valid int",
                     id="empty-int"),
        pytest.param("a: " + ":".join(["1"] * 200) + "\n", "1:4: unreadable value: a number of",
                     id="base-60"),
        pytest.param("a: \ud800\n", "not valid Unicode", id="surrogate"),
    ],
)
def test_more_refusals_are_input_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, path="f.yaml")
    assert message in str(info.value)


def test_an_anchored_key_can_be_used_as_a_value() -> None:
    for text in ("{&k a: 1, b: *k}", "&k a: 1\nb: *k\n"):
        doc = load_yaml_text(text, path="f.yaml")
        assert (doc.data, doc.positions) == composed(text)
