"""The template sandbox: escapes refused, loops and sizes bounded, each with a template line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dorker.playbooks.sandbox import TemplateProblem, compile_template, render

ESCAPES = [
    pytest.param("{{ ''.__class__.__mro__ }}", "'__mro__' is not allowed", id="mro"),
    pytest.param("{{ cycler.__init__.__globals__ }}", "'__globals__' is not allowed", id="cycler"),
    pytest.param("{{ ''|attr('__class__') }}", "filter 'attr'", id="attr-filter"),
    pytest.param("{{ 'a{0.__class__}'.format(1) }}", "only range()", id="str-format"),
    pytest.param("{{ x['__class__'] }}", "'__class__' is not allowed", id="getitem-dunder"),
    pytest.param("{{ lipsum(10) }}", "only range()", id="lipsum"),
    pytest.param("{% include 'x' %}", "include", id="include"),
    pytest.param("{% import 'x' as y %}", "import", id="import"),
    pytest.param("{% set a = 1 %}", "set", id="set"),
    pytest.param("{% macro m() %}{% endmacro %}", "macros", id="macro"),
    pytest.param("{{ 'a' ~ 'b' }}", "~", id="concat"),
    pytest.param("{% for i in [1] recursive %}{% endfor %}", "recursive", id="recursive-loop"),
    pytest.param("{{ namespace() }}", "only range()", id="namespace"),
]

BOUNDS = [
    pytest.param("{% for i in range(10**9) %}x{% endfor %}", "over the 1,000 limit", id="range"),
    pytest.param("{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}",
                 "loops more than", id="nested-loops"),
    pytest.param("{% for c in 'ab' * 900 %}{% for d in 'ab' * 900 %}{% endfor %}{% endfor %}",
                 "loops more than", id="nested-string-loops"),
    pytest.param("{{ 'a' * 10**9 }}", "repeating", id="string-times"),
    pytest.param("{{ [1] * 10**9 }}", "repeating", id="list-times"),
    pytest.param("{{ 10**10**10 }}", "power", id="power"),
    pytest.param("{{ 'a' * 1000 + 'b' * 1000 + 'c' }}", "size limit", id="plus"),
    pytest.param("{{ '%0999999999d' % 1 }}", "formatting", id="percent"),
    pytest.param("{% for i in range(999) %}{{ 'abcdefghijklmnopqrstuvwxyz' }}{% endfor %}",
                 "more than 20,000 characters", id="output"),
    pytest.param("{{ range(1000)|join(range(1000)|join(range(1000)|join(','))) }}",
                 "join() would make more than", id="join-of-joins"),
]


@pytest.mark.parametrize(("source", "fragment"), ESCAPES + BOUNDS)
def test_refused_with_a_line(source: str, fragment: str) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render(compile_template("\n" + source), {"x": "value"})
    assert fragment in caught.value.message
    if "characters" not in fragment:  # output size is checked outside the template's code
        assert caught.value.line == 2  # the template's own line, so the file line can be named


@pytest.mark.parametrize("source", [
    pytest.param("{{ 1" + "1" * 5000 + " }}", id="5000-digit-number"),
    pytest.param("{{ " + "(" * 500 + "1" + ")" * 500 + " }}", id="deep-parentheses"),
    pytest.param("{{ " + "-" * 3000 + "1 }}", id="deep-unary"),
])
def test_pathological_templates_are_refused_not_crashed(source: str) -> None:
    with pytest.raises(TemplateProblem):
        render(compile_template(source), {})


def test_undefined_name_is_an_error() -> None:
    with pytest.raises(TemplateProblem, match="'nope' is undefined"):
        render(compile_template("visa {{ nope }}"), {})


def test_allowed_constructs_render() -> None:
    source = "{% if x %}{{ x }}{% endif %} {% for i in range(3) %}{{ i }}{% endfor %} {{ x|upper }}"
    assert render(compile_template(source), {"x": "ok"}) == "ok 012 OK"


def test_templates_are_compiled_once() -> None:
    assert compile_template("cached {{ x }}") is compile_template("cached {{ x }}")


_PIECES = ["{{", "}}", "{%", "%}", " for ", " in ", " if ", " endfor ", " endif ", "range(",
           ")", "10**9", " * ", " + ", "'a'", "x", "kw", ".", "__class__", "|", "join", "[",
           "]", ",", "loop", "~", " else ", "999", '"', "-", "(", " ", "visa", "**"]


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_template_renders_or_is_refused(parts: list[str]) -> None:
    """Whatever the text, the outcome is a string or a TemplateProblem: never a crash or a hang."""
    source = "".join(parts)
    try:
        out = render(compile_template(source), {"x": "value"})
    except TemplateProblem as exc:
        assert exc.message
    else:
        assert isinstance(out, str) and len(out) <= 20_000
