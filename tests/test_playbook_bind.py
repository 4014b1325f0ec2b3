"""A variable's value is always a literal: it can never change the query's structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dorker.errors import InputError
from dorker.playbooks.expand import expand, resolve_values
from dorker.playbooks.loader import load_playbook
from dorker.playbooks.values import ValueError_, normalise
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term
from dorker.query.parser import parse

PLAYBOOK = """\
id: literal
title: literal values
pattern: fake-jobs
version: 1
status: draft
authors: [tests]
description: a template that uses a value in every position a value can take
languages: [en]
references: [{id: r, title: t}]
variables:
  x: {type: text, default: zzz}
  many: {type: text, multiple: true, default: [aaa, bbb]}
queries:
  - id: q
    title: q
    query: >-
      "free visa" {{ x }} (job OR {{ x }}) -{{ x }} intitle:{{ x }} "work in {{ x }}"
      site:example.com {{ many }}
"""


def shape(node: Node) -> object:
    """The structure of a tree with every literal text left out."""
    if isinstance(node, (Term, Phrase)):
        return "leaf"
    if isinstance(node, Field):
        return ("field", node.op)
    if isinstance(node, Not):
        return ("not", shape(node.child))
    if isinstance(node, (And, Or)):
        return (type(node).__name__, tuple(shape(c) for c in node.children))
    if isinstance(node, AllIn):
        return ("allin", node.op, len(node.items))
    if isinstance(node, Around):
        return ("around", shape(node.left), shape(node.right))
    assert isinstance(node, Range)
    return "range"


@pytest.fixture(scope="module")
def playbook(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = tmp_path_factory.mktemp("pb") / "literal.yaml"
    path.write_text(PLAYBOOK, encoding="utf-8")
    return load_playbook(path)


def _tree(playbook: object, x: str, many: list[str]) -> Node:
    values = resolve_values(playbook, {"x": [x], "many": many})  # type: ignore[arg-type]
    (expansion,) = expand(playbook, values)  # type: ignore[arg-type]
    assert expansion.node is not None
    return expansion.node


HOSTILE = st.text(alphabet=st.sampled_from(list('ab "()-:|*+.OR site intitle AND ⟦⟧{}%')),
                  min_size=1, max_size=40)
FRAGMENTS = st.lists(st.sampled_from(['x"', ' OR ', 'site:evil.com', '-', '(', ')', '"', 'a',
                                      'intitle:', ' ', '|', 'AROUND(2)', '1..5', '*', '+b', '⟦x⟧',
                                      '{{ x }}']), min_size=1, max_size=8).map("".join)


FIXTURE = HealthCheck.function_scoped_fixture


def _valid(value: str) -> bool:
    try:
        normalise("text", value)
    except ValueError_:
        return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[FIXTURE])
@given(x=st.one_of(HOSTILE, FRAGMENTS))
def test_a_value_never_changes_the_structure(playbook: object, x: str) -> None:
    if not _valid(x):
        return
    reference = shape(_tree(playbook, "zzz", ["aaa", "bbb"]))
    assert shape(_tree(playbook, x, ["aaa", "bbb"])) == reference


@settings(max_examples=200, deadline=None, suppress_health_check=[FIXTURE])
@given(x=st.one_of(HOSTILE, FRAGMENTS))
def test_the_compiled_query_reads_back_with_the_same_structure(playbook: object, x: str) -> None:
    """Stronger: the Google query text itself, parsed again, has the template's structure."""
    from dorker.playbooks.build import compile_cached

    if not _valid(x):
        return
    tree = _tree(playbook, x, ["aaa", "bbb"])
    compiled = compile_cached(tree, "google")
    assert compiled.query is not None
    assert shape(parse(compiled.query).node) == shape(tree)


def test_the_hostile_value_of_the_issue_is_one_phrase(playbook: object) -> None:
    tree = _tree(playbook, 'x" OR site:evil.com', ["aaa", "bbb"])
    assert isinstance(tree, And)
    assert Phrase("x OR site:evil.com") in tree.children
    assert not any(isinstance(n, Field) and n.value == "evil.com" for n in tree.children)


def test_several_values_become_an_or(playbook: object) -> None:
    tree = _tree(playbook, "zzz", ["aaa", "b b", "aaa"])
    assert isinstance(tree, And)
    assert tree.children[-1] == Or((Term("aaa"), Phrase("b b")))


def test_operator_values_and_phrases_bind_in_place(playbook: object) -> None:
    tree = _tree(playbook, "Dubai", ["aaa"])
    assert isinstance(tree, And)
    assert Field("intitle", "Dubai") in tree.children
    assert Phrase("work in Dubai") in tree.children
    assert Not(Term("Dubai")) in tree.children


def _write(tmp_path: Path, query: str, variables: str) -> Path:
    text = PLAYBOOK.split("variables:")[0] + "variables:\n" + variables + \
        f"queries:\n  - id: q\n    title: q\n    query: '{query}'\n"
    path = tmp_path / "literal.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_several_domains_in_site_become_an_or_of_fields(tmp_path: Path) -> None:
    pb = load_playbook(_write(tmp_path, "visa site:{{ d }}",
                              "  d: {type: domain, multiple: true}\n"))
    (exp,) = expand(pb, resolve_values(pb, {"d": ["www.a.com", "b.org"]}))
    assert exp.node == And((Term("visa"), Or((Field("site", "www.a.com"), Field("site", "a.com"),
                                              Field("site", "b.org")))))


def test_matrix_makes_one_query_per_value_and_is_capped(tmp_path: Path) -> None:
    pb = load_playbook(_write(tmp_path, "visa {{ c }}",
                              "  c: {type: text, matrix: true}\n"))
    exps = expand(pb, resolve_values(pb, {"c": ["Dubai", "Doha", "Riyadh"]}))
    assert [e.node for e in exps] == [And((Term("visa"), Term(c))) for c in
                                      ("Dubai", "Doha", "Riyadh")]
    from dorker.errors import UsageError

    with pytest.raises(UsageError, match="more than 200 queries"):
        expand(pb, resolve_values(pb, {"c": [f"v{i}" for i in range(201)]}))


@pytest.mark.parametrize("query", [
    pytest.param("visa{{ x }}", id="glued-before"),
    pytest.param("{{ x }}{{ x }}", id="two-glued"),
    pytest.param("site:{{ x }}.com", id="glued-in-operator"),
])
def test_glued_placeholders_are_located_errors(tmp_path: Path, query: str) -> None:
    pb = load_playbook(_write(tmp_path, query, "  x: {type: text, default: a}\n"))
    with pytest.raises(InputError, match="glued") as caught:
        expand(pb, resolve_values(pb, {}))
    assert caught.value.where is not None and caught.value.where.line == 15


def test_an_unset_optional_variable_skips_its_query(tmp_path: Path) -> None:
    pb = load_playbook(_write(tmp_path, "visa {{ x }}", "  x: {type: text}\n"))
    (exp,) = expand(pb, resolve_values(pb, {}))
    assert exp.node is None and exp.skipped is not None and "'x' has no value" in exp.skipped


_TEMPLATE_PIECES = ["{{ x }}", "{{ many }}", "{{ kw.nope }}", '"', "(", ")", " OR ", "-",
                    "site:", "intitle:", "{% if x %}", "{% endif %}", " ", "visa", "AROUND(2)",
                    "1..2", "|", "*", "+", "{{ x|upper }}", "⟦x⟧", "⟦y⟧"]


@settings(max_examples=300, deadline=None, suppress_health_check=[FIXTURE])
@given(parts=st.lists(st.sampled_from(_TEMPLATE_PIECES), min_size=1, max_size=20))
def test_any_template_builds_or_gives_a_located_error(playbook: object, parts: list[str]) -> None:
    import dataclasses

    pb = playbook
    query = dataclasses.replace(pb.queries[0], template="".join(parts))  # type: ignore[attr-defined]
    fresh = dataclasses.replace(pb, queries=(query,), cache={})  # type: ignore[type-var]
    try:
        (exp,) = expand(fresh, resolve_values(fresh, {"x": ["a b"]}))
    except InputError as exc:
        assert exc.where is not None and exc.where.line
    else:
        assert exp.node is not None or exp.skipped
