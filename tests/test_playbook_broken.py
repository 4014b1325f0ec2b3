"""The broken-playbook corpus: each file gets one located line and exit 2 (lint: 1), fast."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.helpers import run_cli, run_subprocess

BROKEN = Path(__file__).parent / "data" / "broken_playbooks"
FILES = sorted(BROKEN.glob("*.yaml"))
LOCATED = re.compile(r"^dorker: error: (?P<path>[^:]+\.yaml):(?P<line>\d+):(?P<col>\d+): \S")

# The lint code each file must produce (every file is also checked through `build`).
LINT_CODES = {
    "alias-bomb": "yaml", "bad-default": "bad-value", "bad-id": "schema", "bad-pattern": "schema",
    "bad-region": "schema", "bad-variable-name": "schema", "choice-without-choices": "schema",
    "duplicate-keys": "yaml", "duplicate-query-id": "duplicate-id", "empty": "schema",
    "glued-in-operator": "glued-placeholder", "glued-placeholder": "glued-placeholder",
    "huge-range": "template", "include": "template", "lipsum": "template",
    "missing-queries": "schema", "missing-review": "schema", "nested-loops": "template",
    "non-utf8": "encoding", "not-a-choice-default": "bad-value", "not-a-mapping": "schema",
    "output-too-long": "template", "percent-format": "template", "power-tower": "template",
    "python-tag": "yaml", "query-too-long": "schema", "recursive-macro": "template",
    "sandbox-attr-filter": "template", "sandbox-cycler": "template", "sandbox-format": "template",
    "sandbox-getitem": "template", "sandbox-mro": "template", "set-statement": "template",
    "several-defaults-not-multiple": "schema", "string-multiplication": "template",
    "template-syntax": "template", "unclosed-if": "template",
    "undefined-variable": "unknown-variable", "unknown-engine": "unknown-engine",
    "unknown-field": "schema", "unknown-keyword-list": "template",
    "unknown-query-field": "schema", "unknown-reference": "unknown-reference",
    "wrong-type-authors": "schema", "wrong-type-queries": "schema",
    "wrong-type-version": "schema", "yaml-syntax": "yaml", "yaml-tabs": "yaml",
    "huge-integer": "yaml",
    "yaml-unclosed-quote": "yaml",
}


def test_the_corpus_is_large_and_fully_described() -> None:
    assert len(FILES) >= 30
    assert {p.stem for p in FILES} == set(LINT_CODES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_build_gives_one_located_line_and_exit_2(path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a YAML tag that ran `touch` would leave a file here
    result = run_cli("build", str(path))
    assert result.code == 2, result.err
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    match = LOCATED.match(lines[0])
    assert match, lines[0]
    assert match.group("path") == str(path)
    assert "Traceback" not in result.err
    assert not (tmp_path / "dorker-pwned-marker").exists()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_lint_reports_the_problem_and_exits_1(path: Path) -> None:
    result = run_cli("playbooks", "lint", str(path))
    assert result.code == 1, result.out + result.err
    expected = LINT_CODES[path.stem]
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: {re.escape(expected)} ", result.out,
                     re.M), result.out


def test_lint_reports_every_file_at_once() -> None:
    result = run_cli("playbooks", "lint", str(BROKEN))
    assert result.code == 1
    reported = {Path(line.split(":", 1)[0]).stem for line in result.out.splitlines()}
    assert reported == set(LINT_CODES)


def test_a_10_mb_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("id: big\nqueries:\n")
        line = "  - {id: q, title: t, query: visa}\n"
        handle.write(line * (10_000_000 // len(line) + 1))
    assert big.stat().st_size > 10_000_000
    result = run_cli("build", str(big))
    assert result.code == 2
    assert re.match(rf"dorker: error: {re.escape(str(big))}:1:1: too-large .*over the 1,000,000",
                    result.err)


@pytest.mark.parametrize("name", ["sandbox-cycler", "alias-bomb", "non-utf8", "nested-loops"])
def test_in_a_real_process(name: str) -> None:
    result = run_subprocess("build", str(BROKEN / f"{name}.yaml"), timeout=30)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and LOCATED.match(result.err), result.err


def test_a_missing_path_is_bad_input_for_lint(tmp_path: Path) -> None:
    result = run_cli("playbooks", "lint", str(tmp_path / "nope.yaml"))
    assert result.code == 2
    assert "nope.yaml: no such file or folder" in result.err


@pytest.mark.parametrize("name", ["alias-bomb", "string-multiplication", "nested-loops",
                                  "output-too-long", "power-tower"])
def test_bounded_memory_in_a_real_process(name: str) -> None:
    """Under a 1 GB address-space limit the nasty files still end with one located line."""
    pytest.importorskip("resource")
    import os
    import subprocess
    import sys

    boot = ("import resource, runpy, sys; "
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "sys.argv = ['dorker'] + sys.argv[1:]; "
            "runpy.run_module('dorker', run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", boot, "build", str(BROKEN / f"{name}.yaml")],
                          capture_output=True, timeout=30, env=dict(os.environ))
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert len(err.splitlines()) == 1 and LOCATED.match(err), err


def test_lint_refuses_the_10_mb_file_too(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: big\n" + b"# padding\n" * 1_100_000)
    result = run_cli("playbooks", "lint", str(big))
    assert result.code == 1
    assert re.match(rf"{re.escape(str(big))}:1:1: too-large ", result.out)
