"""`dorker build`, `match` and `playbooks list|show|lint|test|schema` through the real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.helpers import run_cli, run_subprocess

PHONE = "queries/selector-pivots/phone-pivot.yaml"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _user_playbook(home: Path, name: str, text: str) -> Path:
    path = home / "config" / "queries" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


MINI = """\
id: {id}
title: Mini
pattern: {pattern}
version: 1
status: draft
authors: [tests]
description: a small playbook
languages: [en]
references: [{{id: r, title: t}}]
variables:
  city: {{type: choice, choices: [Dubai, Doha], default: Dubai, matrix: true}}
queries:
  - id: q
    title: visa in a city
    query: '"free visa" {{{{ city }}}} (whatsapp OR imo)'
    engines: [google, bing]
    examples:
      match: ["FREE VISA for Doha, WhatsApp me"]
      no_match: ["free visa rules explained for Dubai"]
"""


def test_build_json_has_the_design_shape() -> None:
    result = run_cli("build", "phone-pivot", "-V", "phone=01711-123456", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["playbook"] == "phone-pivot"
    first = data["queries"][0]
    assert first["id"] == "number-anywhere"
    assert first["variables"] == {"phone": "01711-123456"}
    google = first["engines"]["google"]
    assert set(google) >= {"query", "url", "diagnostics"}
    assert google["query"] == ('+8801711123456 OR 01711-123456 OR 01711123456 OR '
                               '"+880 1711-123456" OR 8801711123456')
    assert google["url"].startswith("https://www.google.com/search?q=")


def test_build_one_query_for_one_engine_as_urls() -> None:
    result = run_cli("build", "phone-pivot:number-anywhere", "-V", "phone=+60123456789",
                     "-e", "bing", "--format", "urls")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [result.out.strip()]
    assert result.out.startswith("https://www.bing.com/search?q=%2B60123456789%20OR%20")


def test_build_text_by_path() -> None:
    result = run_cli("build", PHONE, "-V", "phone=01711-123456")
    assert result.code == 0
    assert re.match(r"phone-pivot v\d+ \(selector-pivots\)", result.out)
    assert "[number-with-offer]" in result.out


@pytest.mark.parametrize(("args", "fragment"), [
    pytest.param(("build", "phone-pivot"), "needs a value for 'phone'", id="required"),
    pytest.param(("build", "phone-pivot", "-V", "phone=abc"), "not a phone number", id="bad-value"),
    pytest.param(("build", "phone-pivot", "-V", "nope=1"), "has no variable 'nope'", id="unknown"),
    pytest.param(("build", "phone-pivot", "-V", "phone"), "is not NAME=VALUE", id="no-equals"),
    pytest.param(("build", "phone-pivot", "-V", "phone=1", "-V", "phone=2"), "takes one value",
                 id="too-many"),
    pytest.param(("build", "phone-pvot"), "did you mean 'phone-pivot'", id="unknown-playbook"),
    pytest.param(("build", "phone-pivot", "-V", "phone=01711123456", "-e", "altavista"),
                 "unknown engine", id="unknown-engine"),
    pytest.param(("build", "missing.yaml"), "missing.yaml: file not found", id="missing-file"),
])
def test_build_usage_errors(args: tuple[str, ...], fragment: str) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and fragment in result.err, result.err


def test_matrix_builds_one_query_per_value(dorker_home: Path) -> None:
    _user_playbook(dorker_home, "mini", MINI.format(id="mini", pattern="fake-jobs"))
    result = run_cli("build", "mini", "-V", "city=Dubai", "-V", "city=Doha", "--format", "json")
    assert result.code == 0, result.err
    queries = json.loads(result.out)["queries"]
    assert [q["variables"]["city"] for q in queries] == ["Dubai", "Doha"]
    assert queries[1]["engines"]["google"]["query"] == '"free visa" Doha (whatsapp OR imo)'


def test_match_reads_stdin_and_exits_like_grep(dorker_home: Path) -> None:
    _user_playbook(dorker_home, "mini", MINI.format(id="mini", pattern="fake-jobs"))
    hit = run_cli("match", "-", "--format", "json", stdin="Free visa DOHA — WhatsApp 24/7")
    assert hit.code == 0, hit.err
    data = json.loads(hit.out)
    assert {"playbook": "mini", "query": "q", "pattern": "fake-jobs"}.items() <= \
        data["matches"][0].items()
    assert data["patterns"] == ["fake-jobs"]
    miss = run_cli("match", "-", "--format", "json", stdin="a recipe for lentil soup")
    assert miss.code == 1
    assert json.loads(miss.out) == {"matches": [], "patterns": []}


def test_match_pattern_filter_url_and_file(dorker_home: Path, tmp_path: Path) -> None:
    text = tmp_path / "ad.txt"
    text.write_text("call 8801711123456 for visa", encoding="utf-8")
    both = run_cli("match", str(text), "--format", "json")
    assert "selector-pivots" in json.loads(both.out)["patterns"]
    other = run_cli("match", str(text), "--pattern", "route-offers")
    assert other.code == 1 and other.out == ""
    on_wa = run_cli("match", str(text), "--url", "https://wa.me/8801711123456", "--format", "json")
    off_wa = run_cli("match", str(text), "--url", "https://example.com/x", "--format", "json")
    assert "number-on-chat-links" in {m["query"] for m in json.loads(on_wa.out)["matches"]}
    assert "number-on-chat-links" not in {m["query"] for m in json.loads(off_wa.out)["matches"]}


def test_match_in_a_real_process() -> None:
    result = run_subprocess("match", "-", stdin="Saudi visa available, whatsapp +8801711123456")
    assert result.code == 0
    assert "phone-pivot:number-with-offer" in result.out


def test_list_show_and_filters(dorker_home: Path) -> None:
    _user_playbook(dorker_home, "mini", MINI.format(id="mini", pattern="route-offers"))
    listed = run_cli("playbooks", "list", "--format", "json")
    ids = {p["id"]: p for p in json.loads(listed.out)}
    assert ids["mini"]["root"] == "user" and ids["phone-pivot"]["root"] == "bundled"
    only = run_cli("playbooks", "list", "--pattern", "route-offers")
    assert [line.split()[0] for line in only.out.splitlines()] == \
        [i for i, p in sorted(ids.items()) if p["pattern"] == "route-offers"]
    bengali = json.loads(run_cli("playbooks", "list", "--lang", "bn", "--format", "json").out)
    assert "phone-pivot" in {p["id"] for p in bengali} and "mini" not in {p["id"] for p in bengali}
    shown = run_cli("playbooks", "show", "phone-pivot")
    assert shown.code == 0 and "phone (phone, required)" in shown.out
    data = json.loads(run_cli("playbooks", "show", "phone-pivot", "--format", "json").out)
    assert data["keywords"]["contact"]["review"]["ar"] == "unverified"


def test_lint_format_and_exit_codes(tmp_path: Path) -> None:
    clean = run_cli("playbooks", "lint", PHONE)
    assert clean.code == 0, clean.out
    assert all(line.endswith("(info)") for line in clean.out.splitlines())
    assert re.search(r"phone-pivot\.yaml:\d+:\d+: unverified-keywords keyword list 'contact' "
                     r"\(ar\)", clean.out)
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.format(id="bad", pattern="fake-jobs")
                   .replace("(whatsapp OR imo)", "{{ cty }}")
                   .replace("sources", "x"), encoding="utf-8")
    result = run_cli("playbooks", "lint", str(bad))
    assert result.code == 1
    assert re.search(rf"^{re.escape(str(bad))}:15:5: unknown-variable query 'q' uses 'cty' "
                     r"\(did you mean 'city'\?\)", result.out, re.M), result.out
    assert "unused-variable" not in result.out


def test_lint_reports_engine_problems_and_unused_variables(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.format(id="bad", pattern="fake-jobs")
                   .replace("{{ city }} (whatsapp OR imo)", "visa 2019..2021 job")
                   .replace("engines: [google, bing]", "engines: [bing]"), encoding="utf-8")
    out = run_cli("playbooks", "lint", str(bad)).out
    assert "engine-cannot-express query 'q' on bing" in out
    assert "unused-variable variable 'city' is not used" in out


def test_playbooks_test_passes_and_fails(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MINI.format(id="good", pattern="fake-jobs"), encoding="utf-8")
    ok = run_cli("playbooks", "test", str(good))
    assert ok.code == 0, ok.out + ok.err
    assert "1 playbook(s), 2 example(s), 0 failure(s)" in ok.err
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.format(id="bad", pattern="fake-jobs").replace("lentil", "x")
                   .replace("free visa rules explained for Dubai", "FREE VISA Dubai imo"),
                   encoding="utf-8")
    failed = run_cli("playbooks", "test", str(bad))
    assert failed.code == 1
    assert re.match(rf"{re.escape(str(bad))}:\d+:\d+: example-failed query 'q' should not match "
                    r"but does: 'FREE VISA Dubai imo'", failed.out), failed.out


def test_bundled_phone_pivot_examples_pass() -> None:
    result = run_cli("playbooks", "test", PHONE)
    assert result.code == 0, result.out
    assert "0 failure(s)" in result.err


def test_schema_command_prints_the_schema() -> None:
    result = run_cli("playbooks", "schema")
    assert result.code == 0
    assert json.loads(result.out)["title"] == "dorker playbook"


def test_playbooks_without_subcommand_is_a_usage_error() -> None:
    result = run_cli("playbooks")
    assert result.code == 2 and "needs a subcommand" in result.err


OPTIONAL = MINI.replace(
    "  city: {{type: choice, choices: [Dubai, Doha], default: Dubai, matrix: true}}\n",
    "  city: {{type: choice, choices: [Dubai, Doha], default: Dubai, matrix: true}}\n"
    "  handle: {{type: username, multiple: true}}\n",
).replace("queries:\n", "queries:\n  - id: by-handle\n    title: a handle\n"
          "    query: '{{% if handle %}}{{{{ handle }}}} visa{{% endif %}}'\n"
          "    examples: {{match: [x], no_match: [y]}}\n")


def test_optional_selector_switches_a_query_on(tmp_path: Path) -> None:
    path = tmp_path / "opt.yaml"
    path.write_text(OPTIONAL.format(id="opt", pattern="fake-jobs"), encoding="utf-8")
    off = run_cli("build", str(path), "-e", "google", "--format", "json")
    assert off.code == 0
    data = json.loads(off.out)
    assert [q["id"] for q in data["queries"]] == ["q"]
    assert data["skipped"] == [{"id": "by-handle", "reason": "the template rendered nothing"}]
    assert "query 'by-handle' not built" in off.err
    on = run_cli("build", str(path), "-e", "google", "-V", "handle=@rahim", "-V", "handle=k.l",
                 "--format", "json")
    handle = json.loads(on.out)["queries"][0]
    assert handle["variables"] == {"handle": ["rahim", "k.l"]}
    assert handle["engines"]["google"]["query"] == "(rahim OR @rahim OR k.l OR @k.l) visa"


def test_lint_json_and_show_by_path(tmp_path: Path) -> None:
    path = tmp_path / "opt.yaml"
    path.write_text(OPTIONAL.format(id="opt", pattern="fake-jobs"), encoding="utf-8")
    findings = json.loads(run_cli("playbooks", "lint", str(path), "--format", "json").out)
    assert {"path", "line", "column", "severity", "code", "message"} == set(findings[0])
    assert all(f["path"] == str(path) and f["line"] >= 1 for f in findings)
    shown = run_cli("playbooks", "show", str(path))
    assert shown.code == 0 and "handle (username, multiple)" in shown.out


def test_match_survives_a_query_that_fails_to_render(dorker_home: Path) -> None:
    _user_playbook(dorker_home, "mini", MINI.format(id="mini", pattern="fake-jobs")
                   .replace('"free visa" {{ city }} (whatsapp OR imo)', '{{ city|upper }}'))
    result = run_cli("match", "-", stdin="call 8801711123456 for visa")
    assert result.code == 0  # the bundled phone pivot still matches
    assert "warning: skipped:" in result.err and "a filter may have changed it" in result.err


def test_init_repo_makes_a_folder_that_lints_and_tests(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    result = run_cli("playbooks", "init-repo", str(folder))
    assert result.code == 0, result.err
    assert (folder / "playbook.schema.json").read_text(encoding="utf-8") == \
        run_cli("playbooks", "schema").out
    assert str(folder.resolve()) in (folder / "README.md").read_text(encoding="utf-8")
    assert run_cli("playbooks", "lint", str(folder)).code == 0
    assert run_cli("playbooks", "test", str(folder)).code == 0
    again = run_cli("playbooks", "init-repo", str(folder))
    assert again.code == 2 and "exists and is not empty" in again.err
