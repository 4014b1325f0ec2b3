"""Catalog schema and lint: every broken file gives located one-line problems; exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dorker.catalog import catalog_schema, lint_paths
from helpers import run_cli

GOOD = """\
- id: example-board
  name: Example board
  kind: job-board
  domains: [example.com]
  search:
    method: site-dork
  countries: [BD]
  languages: [bn]
  patterns: [fake-jobs]
  access: public
  opsec:
    level: passive
    note: public pages
  status: active
  references: [the site itself]
"""


def _with(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


# (id, file text, expected code, line, column, a word the message must hold)
BROKEN = [
    pytest.param(_with("  name: Example board\n", ""), "missing-field", 1, 3, "name",
                 id="missing-name"),
    pytest.param(_with("  status: active\n", "  status: active\n  colour: red\n"),
                 "unknown-field", 15, 3, "colour", id="unknown-field"),
    pytest.param(_with("kind: job-board", "kind: jobboard"), "unknown-kind", 3, 3, "jobboard",
                 id="unknown-kind"),
    pytest.param(_with("[fake-jobs]", "[fake_jobs]"), "unknown-pattern", 9, 14, "fake-jobs",
                 id="unknown-pattern-with-hint"),
    pytest.param(_with("[BD]", "[bd]"), "bad-country", 7, 15, "'BD'", id="lowercase-country"),
    pytest.param(_with("[BD]", "[BD, XX]"), "bad-country", 7, 19, "XX", id="unknown-country"),
    pytest.param(_with("[BD]", "[NO]"), "type", 7, 15, "quote it", id="yaml-reads-NO-as-false"),
    pytest.param(_with("[bn]", "[ben]"), "bad-language", 8, 15, "ISO 639-1",
                 id="three-letter-lang"),
    pytest.param(_with("    method: site-dork\n",
                       "    method: url-template\n    template: https://example.com/s?x=1\n"),
                 "template-no-q", 7, 5, "{q}", id="template-without-q"),
    pytest.param(_with("    method: site-dork\n", "    method: url-template\n"),
                 "template-no-q", 5, 3, "template", id="url-template-without-template"),
    pytest.param(_with("    method: site-dork\n",
                       "    method: url-template\n    template: https://other.org/s?q={q}\n"),
                 "template-domain", 7, 5, "other.org", id="template-off-domain"),
    pytest.param(_with("    method: site-dork\n",
                       "    method: url-template\n    template: https://example.com/{q}/{page}\n"),
                 "template-placeholder", 7, 5, "{page}", id="unknown-placeholder"),
    pytest.param(_with("  domains: [example.com]\n", ""), "site-dork-no-domain", 5, 5, "domain",
                 id="site-dork-without-domain"),
    pytest.param(_with("[example.com]", "[https://example.com/jobs]"), "bad-domain", 4, 13,
                 "host name", id="url-as-domain"),
    pytest.param(_with("id: example-board", "id: Example Board"), "bad-id", 1, 3, "slug",
                 id="bad-id"),
    pytest.param(_with("access: public", "access: secret"), "bad-value", 10, 3, "secret",
                 id="bad-access"),
    pytest.param(_with("    level: passive\n", "    level: stealthy\n"), "bad-value", 12, 5,
                 "stealthy", id="bad-opsec-level"),
    pytest.param(_with("  opsec:\n    level: passive\n    note: public pages\n",
                       "  opsec: passive\n"), "type", 11, 3, "mapping", id="opsec-not-mapping"),
    pytest.param(_with("status: active", "status: alive"), "bad-value", 14, 3, "alive",
                 id="bad-status"),
    pytest.param(_with("[bn]", "[bn, bn]"), "duplicate-value", 8, 19, "twice", id="repeated-lang"),
    pytest.param("- id: x\n  id: y\n", "yaml", 2, 3, "duplicate key", id="duplicate-key"),
    pytest.param("- id: [unclosed\n", "yaml", 2, 1, "syntax", id="yaml-syntax"),
    pytest.param("just text\n", "type", 1, 1, "list of sources", id="scalar-file"),
    pytest.param("sourcez: []\n", "unknown-field", 1, 1, "sourcez", id="misspelt-top-key"),
    pytest.param("- 42\n", "type", 1, 3, "mapping", id="entry-not-mapping"),
]


@pytest.mark.parametrize(("text", "code", "line", "column", "word"), BROKEN)
def test_each_broken_file_gives_a_located_problem(tmp_path: Path, text: str, code: str, line: int,
                                                  column: int, word: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    report = lint_paths([path])
    assert report.exit_code == 1
    first = report.problems[0]
    assert (first.code, first.line, first.column) == (code, line, column), str(first)
    assert word in first.message
    assert "\n" not in str(first)
    assert str(first).startswith(f"{path}:{line}:{column}: {code} ")


def test_good_file_is_clean_and_cli_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = run_cli("catalog", "lint", str(path))
    assert result.code == 0, result.out + result.err
    assert result.out == ""
    assert "1 valid source(s), 0 problem(s)" in result.err


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_with("[BD]", "[bd]").replace("[bn]", "[xx]"), "utf-8")
    (tmp_path / "b.yaml").write_text(_with("status: active", "status: maybe"), "utf-8")
    result = run_cli("catalog", "lint", str(tmp_path))
    assert result.code == 1
    lines = result.out.splitlines()
    assert [line.split(": ")[1].split()[0] for line in lines] == [
        "bad-country", "bad-language", "bad-value"]
    assert lines[0].startswith(f"{tmp_path / 'a.yaml'}:7:15: bad-country ")
    assert lines[2].startswith(f"{tmp_path / 'b.yaml'}:14:3: bad-value ")


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(GOOD, "utf-8")
    second.write_text("sources:\n" + "\n".join("  " + line for line in GOOD.splitlines()) + "\n",
                      "utf-8")
    result = run_cli("catalog", "lint", str(first), str(second))
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{second}:2:5: duplicate-id id 'example-board' is already defined at {first}:1:3"]


def test_unreadable_input_exits_2_after_reporting_the_rest(tmp_path: Path) -> None:
    bad_bytes = tmp_path / "latin1.yaml"
    bad_bytes.write_bytes(b"- id: caf\xe9\n")
    broken = tmp_path / "z.yaml"
    broken.write_text(_with("[BD]", "[bd]"), "utf-8")
    result = run_cli("catalog", "lint", str(tmp_path), str(tmp_path / "missing.yaml"))
    assert result.code == 2
    codes = [line.split(": ")[1].split()[0] for line in result.out.splitlines()]
    assert codes == ["unreadable", "bad-country", "unreadable"]
    assert "not UTF-8" in result.out and "file not found" in result.out


def test_hostile_text_in_a_problem_is_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(_with("kind: job-board", 'kind: "\\e[31mred\\e[0m"'), "utf-8")
    result = run_cli("catalog", "lint", str(path))
    assert result.code == 1
    assert "\x1b" not in result.out
    assert "\\x1b[31mred" in result.out


def test_json_schema_agrees_with_lint(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    validator = jsonschema.Draft202012Validator(catalog_schema())
    jsonschema.Draft202012Validator.check_schema(catalog_schema())
    assert not list(validator.iter_errors(yaml.safe_load(GOOD)))
    for param in BROKEN:
        text, code = param.values[0], param.values[1]
        if code in ("yaml", "template-domain", "template-placeholder", "duplicate-value"):
            continue  # unparseable, or checks a JSON Schema cannot express
        data = yaml.safe_load(text)
        assert list(validator.iter_errors(data)), param.id


def test_schema_command_prints_the_schema() -> None:
    import json

    result = run_cli("catalog", "schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["$defs"]["source"]["required"][:3] == ["id", "name", "kind"]
    assert "organ-trade" in schema["$defs"]["source"]["properties"]["patterns"]["items"]["enum"]


def test_lint_without_paths_checks_every_root(tmp_path: Path, dorker_home: Path) -> None:
    team = tmp_path / "team-catalog"
    team.mkdir()
    (team / "bad.yaml").write_text(_with("[BD]", "[bd]"), "utf-8")
    config = dorker_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[catalog]\nroots = ["{team}"]\n', "utf-8")
    result = run_cli("catalog", "lint")
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{team / 'bad.yaml'}:7:15: bad-country 'bd' is not an ISO 3166-1 alpha-2 country code "
        "(write 'BD')"]


@pytest.mark.parametrize("args", [["catalog"], ["catalog", "import"]])
def test_a_missing_subcommand_is_one_line(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.code == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1 and "needs a subcommand" in result.err
