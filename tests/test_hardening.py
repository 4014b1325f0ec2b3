"""Regression tests for hostile or malformed input found in review: each gives one located line
(or a diagnostic), never a crash, a traceback, a memory blow-up or a changed meaning."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dorker.engines.compiler import compile_query
from dorker.engines.profile import load_profiles
from dorker.errors import InputError
from dorker.query.ast import Node, Not, Term
from dorker.query.parser import parse
from dorker.safeformat import TemplateError, safe_format, template_fields
from dorker.yamlsafe import load_yaml_text
from helpers import run_cli, run_subprocess


def test_deep_flow_yaml_is_refused_before_composing() -> None:
    # libyaml's composer recurses in C: 30,000 brackets used to crash the process (SIGSEGV).
    with pytest.raises(InputError, match="nested deeper than 64"):
        load_yaml_text("a: " + "[" * 30000 + "]" * 30000, path="deep.yaml")
    # Brackets inside a quoted string are text, not nesting.
    assert load_yaml_text('a: "' + "[" * 100 + '"').data == {"a": "[" * 100}


def test_deep_yaml_in_a_real_process_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 30000 + "]" * 30000, encoding="utf-8")
    result = run_subprocess("build", str(path))
    assert result.code == 2 and "nested deeper than 64" in result.err
    assert "Traceback" not in result.err


def test_a_long_run_of_prefixes_keeps_the_stream_going() -> None:
    lines = ["first", "-" * 1000 + "x", "+" * 999 + "-y", "third"]
    result = run_subprocess("translate", "-", "-e", "google", stdin="\n".join(lines) + "\n")
    assert result.code == 0, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["engines"]["google"]["query"] for r in records] == ["first", "x", "-y", "third"]
    assert records[1]["diagnostics"][0]["code"] == "too-deep"


def test_long_around_chains_and_deep_trees_do_not_crash() -> None:
    google = load_profiles(["google"])[0]
    chain = parse(" AROUND(1) ".join(["w"] * 1500))
    assert any(d.code == "too-deep" for d in chain.diagnostics)
    assert compile_query(chain.node, google).query is not None
    node: Node = Term("x")
    for _ in range(3000):
        node = Not(node)
    compiled = compile_query(node, google)
    assert compiled.query is None and compiled.diagnostics[0].code == "too-deep"


def test_format_specs_are_refused_except_date_patterns() -> None:
    with pytest.raises(TemplateError):
        template_fields("https://x/?q={q:>900000000}")
    with pytest.raises(TemplateError):
        safe_format("{q:d}", q="visa")
    assert template_fields("date:{after:%Y%m%d}", date_fields=frozenset({"after"})) == ["after"]
    assert safe_format("{after:%Y%m%d}", after=date(2024, 1, 31)) == "20240131"
    with pytest.raises(TemplateError):
        template_fields("{after:>99999}", date_fields=frozenset({"after"}))


def test_a_team_profile_with_a_format_spec_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    google = (Path(__file__).parent.parent / "catalog" / "engines" / "google.yaml").read_text(
        encoding="utf-8")
    engines = tmp_path / "team" / "engines"
    engines.mkdir(parents=True)
    (engines / "evil.yaml").write_text(
        google.replace("id: google", "id: evil").replace("search?q={q}", "search?q={q:>900000000}"),
        encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[catalog]\nroots = ["{tmp_path / "team"}"]\n', encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    result = run_cli("translate", "visa", "-e", "evil")
    assert result.code == 2 and "evil.yaml" in result.err and "format spec" in result.err


def test_nested_list_multiplication_in_a_template_is_refused(tmp_path: Path) -> None:
    playbook = tmp_path / "nest.yaml"
    playbook.write_text(
        "id: nest\ntitle: t\npattern: fake-jobs\nversion: 1\nstatus: draft\nauthors: [t]\n"
        "description: d\nlanguages: [en]\nreferences:\n  - id: r\n    title: r\n"
        "queries:\n  - id: q1\n    title: q\n    refs: [r]\n"
        "    query: \"visa {{ [[['x'*1000]*1000]*300] }}\"\n", encoding="utf-8")
    result = run_subprocess("build", str(playbook), timeout=30)
    assert result.code == 2 and "over the limit" in result.err


def test_error_lines_never_carry_escape_sequences() -> None:
    result = run_cli("match", "/tmp/X\x1b]0;PWN\x07")
    assert result.code == 2
    assert "\x1b" not in result.err and "\\x1b" in result.err
    usage = run_cli("translate", "visa", "--format", "x\x1b[2J")
    assert usage.code == 2 and "\x1b" not in usage.err


def test_audit_csv_cannot_carry_formulas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_ACTOR", '=HYPERLINK("http://evil/")')
    assert run_cli("case", "new", "CSV", "--use").code == 0
    out = run_cli("audit", "log", "--format", "csv").out.splitlines()
    assert "'=HYPERLINK" in out[1] and ',=HYPERLINK' not in out[1]


def test_an_actor_with_control_characters_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_ACTOR", "officer\x1b[2J")
    result = run_cli("case", "new", "x")
    assert result.code == 2 and "actor name" in result.err


@pytest.mark.parametrize(("args", "env", "message"), [
    pytest.param(("review", "http://[::1", "--verdict", "relevant"), {}, "not a web address",
                 id="review-ipv6"),
    pytest.param(("review", "http://a.com:99999", "--verdict", "relevant"), {},
                 "not a web address", id="review-port"),
    pytest.param(("case", "source", "add", "javascript:alert(1)", "--case", "C-0001"), {},
                 "bad source URL", id="source-javascript"),
    pytest.param(("case", "source", "add", "http://[::1", "--case", "C-0001"), {},
                 "bad source URL", id="source-ipv6"),
    pytest.param(("search", "visa"), {"DORKER_SEARXNG_URL": "http://[::1"}, "not a web address",
                 id="searxng-url"),
    pytest.param(("search", "visa"), {"DORKER_SEARXNG_URL": "http://127.0.0.1:9",
                                      "DORKER_PROXY": "http://[::1"}, "proxy is not usable",
                 id="proxy"),
    pytest.param(("audit", "log", "--limit", "99999999999999999999"), {}, "too large", id="limit"),
    pytest.param(("check", "facebook", "--case", "C-0001", "--query", "no-such:query",
                  "--outcome", "leads"), {}, "unknown query", id="unknown-query"),
    pytest.param(("case", "new", "x", "--pattern", "fake-job"), {}, "did you mean 'fake-jobs'",
                 id="unknown-pattern"),
])
def test_malformed_input_is_one_line(monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                                     env: dict[str, str], message: str) -> None:
    assert run_cli("case", "new", "Base").code == 0
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run_cli(*args)
    assert result.code == 2, result.err
    assert message in result.err and len(result.err.strip().splitlines()) == 1


def test_exclusion_of_a_group_stays_an_exclusion_without_parentheses() -> None:
    mojeek = load_profiles(["mojeek"])[0]
    compiled = compile_query(parse("-(a OR b) c").node, mojeek)
    assert compiled.query == "-a -b c"
    dropped = compile_query(parse("-(a b) c").node, mojeek)
    assert dropped.query == "c"
    assert any(d.code == "unsupported-operator" and d.operator == "not"
               for d in dropped.diagnostics)


def test_an_unused_parameter_is_reported_not_silently_ignored() -> None:
    data = json.loads(run_cli("translate", "visa", "-e", "google", "-p", "lang=fr",
                              "--format", "json").out)
    codes = [d["code"] for d in data["engines"]["google"]["diagnostics"]]
    assert codes == ["unused-parameter"]
