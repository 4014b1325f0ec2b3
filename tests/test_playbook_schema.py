"""The playbook JSON Schema: published copy up to date, and the fast checker agrees with it."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
from tests.helpers import run_cli

from dorker.playbooks.loader import read_playbook
from dorker.playbooks.schema import SCHEMA, schema_text
from dorker.playbooks.validate import check
from dorker.resources import bundled_dir
from dorker.yamlsafe import load_yaml_text

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "playbook-format.md"
PUBLISHED = REPO / "docs" / "playbook.schema.json"
BROKEN = Path(__file__).parent / "data" / "broken_playbooks"
BUNDLED = sorted(bundled_dir("queries").rglob("*.yaml"))


def test_published_schema_is_up_to_date() -> None:
    """docs/playbook.schema.json is generated: regenerate it with `dorker playbooks schema`."""
    assert PUBLISHED.read_text(encoding="utf-8") == schema_text(), \
        "run: dorker playbooks schema > docs/playbook.schema.json"


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_playbooks_pass_both_checkers(path: Path) -> None:
    data = load_yaml_text(path.read_text(encoding="utf-8"), path=path).data
    assert check(data, SCHEMA) == []
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def _schema_cases() -> list[Path]:
    out = []
    for path in sorted(BROKEN.glob("*.yaml")):
        try:
            load_yaml_text(path.read_text(encoding="utf-8"), path=path)
        except Exception:  # not YAML at all: nothing for a schema to say
            continue
        out.append(path)
    return out


@pytest.mark.parametrize("path", _schema_cases(), ids=lambda p: p.stem)
def test_the_fast_checker_agrees_with_jsonschema(path: Path) -> None:
    data = load_yaml_text(path.read_text(encoding="utf-8"), path=path).data
    ours = check(data, SCHEMA)
    theirs = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    assert bool(ours) == bool(theirs), (ours, [e.message for e in theirs])


def test_the_documented_example_is_a_valid_tested_playbook(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# yaml-language-server.*?)```", text, re.S)
    assert block is not None
    path = tmp_path / "gulf-free-visa-offers.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    playbook, findings = read_playbook(path)
    assert playbook is not None and [f for f in findings if f.severity != "info"] == []
    lint = run_cli("playbooks", "lint", str(path))
    assert lint.code == 0, lint.out
    tested = run_cli("playbooks", "test", str(path))
    assert tested.code == 0, tested.out
    built = run_cli("build", str(path), "-V", "phone=01711-000000", "--format", "urls")
    assert built.code == 0 and len(built.out.splitlines()) == 5
