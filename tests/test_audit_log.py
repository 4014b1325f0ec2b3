"""`dorker audit log` filters and formats; hostile text stays literal; `audit head`."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path

import pytest

from dorker.store.display import parse_time_bound, safe_text
from helpers import run_cli

HOSTILE = "job \x1b[2J\x1b[31mCLEARED\x07 \u202eevil\u202c \u200dজ্ঞ"


@pytest.fixture
def record(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("case", "new", "Passports for sale", "--pattern", "document-sellers").code == 0
    assert run_cli("case", "new", "Gulf jobs", "--pattern", "fake-jobs", "--use").code == 0
    assert run_cli("check", "bikroy", "--outcome", "leads", "--note", HOSTILE).code == 0
    monkeypatch.setenv("DORKER_ACTOR", "second-officer")
    assert run_cli("check", "bikroy", "--case", "C-0001", "--outcome", "nothing").code == 0


def jsonl(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_jsonl_has_every_field_and_the_text_unchanged(record: None) -> None:
    result = run_cli("audit", "log", "--format", "jsonl")
    assert result.code == 0
    events = jsonl(result.out)
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    assert set(events[0]) >= {"seq", "ts", "actor", "case", "action", "payload", "prev", "hash"}
    assert events[2]["payload"]["note"] == HOSTILE  # type: ignore[index]
    assert [e["actor"] for e in events] == ["test-officer"] * 3 + ["second-officer"]


@pytest.mark.parametrize(("args", "seqs"), [
    pytest.param(("--case", "C-0001"), [1, 4], id="case"),
    pytest.param(("--case", "c-2"), [2, 3], id="case-loose-id"),
    pytest.param(("--actor", "second-officer"), [4], id="actor"),
    pytest.param(("--action", "source.checked"), [3, 4], id="action"),
    pytest.param(("--action", "case.*"), [1, 2], id="action-prefix"),
    pytest.param(("--since", "2000-01-01", "--until", "2999-12-31"), [1, 2, 3, 4], id="range"),
    pytest.param(("--until", "2000-01-01"), [], id="before-everything"),
    pytest.param(("--reverse", "--limit", "2"), [4, 3], id="newest-first"),
])
def test_filters(record: None, args: tuple[str, ...], seqs: list[int]) -> None:
    result = run_cli("audit", "log", "--format", "jsonl", *args)
    assert result.code == 0 and [e["seq"] for e in jsonl(result.out)] == seqs


def test_table_escapes_control_characters(record: None) -> None:
    result = run_cli("audit", "log")
    assert result.code == 0
    assert "\x1b" not in result.out and "\x07" not in result.out and "\u202e" not in result.out
    assert "\\x1b[2J" in result.out  # the note, cut short in the one-line summary
    assert len(result.out.splitlines()) == 5
    shown = run_cli("audit", "show", "3")  # the whole note, literally
    assert shown.code == 0 and "\x1b" not in shown.out and "\u202e" not in shown.out
    assert "\\x1b[2J\\x1b[31mCLEARED\\x07 \\u202eevil\\u202c" in shown.out
    assert "\u200dজ্ঞ" in shown.out  # joiners are text, not controls


def test_csv_round_trips(record: None) -> None:
    result = run_cli("audit", "log", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["seq"] for r in rows] == ["1", "2", "3", "4"]
    assert json.loads(rows[2]["payload"])["note"] == HOSTILE
    assert rows[0]["case"] == "C-0001" and rows[0]["action"] == "case.created"


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "2026-02-30T10:00", "\x1b[31m"])
def test_a_bad_date_is_one_line_and_exit_2(record: None, bad: str) -> None:
    result = run_cli("audit", "log", "--since", bad)
    assert result.code == 2 and result.err.count("\n") == 1 and "--since" in result.err
    assert "\x1b" not in result.err


def test_head_matches_the_last_event(record: None) -> None:
    head = run_cli("audit", "head").out.strip()
    last = jsonl(run_cli("audit", "log", "--format", "jsonl", "--reverse", "--limit", "1").out)[0]
    assert head == f"{last['seq']}:{last['hash']}"
    as_json = json.loads(run_cli("audit", "head", "--format", "json").out)
    assert as_json["anchor"] == head


def test_verify_json(record: None) -> None:
    result = run_cli("audit", "verify", "--format", "json")
    report = json.loads(result.out)
    assert result.code == 0 and report["ok"] is True and report["events"] == 4
    assert report["tail_and_rewrite_checked"] is False


@pytest.mark.parametrize(("text", "upper", "expected"), [
    ("2026-03-01", False, "2026-03-01T00:00:00.000000Z"),
    ("2026-03-01", True, "2026-03-02T00:00:00.000000Z"),
    ("2026-03-01T10:00:00Z", False, "2026-03-01T10:00:00.000000Z"),
    ("2026-03-01T10:00:00+02:00", False, "2026-03-01T08:00:00.000000Z"),
    ("2026-03-01 10:00", True, "2026-03-01T10:00:00.000001Z"),
])
def test_time_bounds(text: str, upper: bool, expected: str) -> None:
    assert parse_time_bound(text, upper=upper, option="--since") == expected


def test_safe_text() -> None:
    assert safe_text("a\nb\x9bc\u2066\t") == "a\\nb\\x9bc\\u2066 "


def test_the_documented_auditor_script_verifies_an_export(record: None, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/audit.md promises a re-verification in a few lines of Python: run it."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "audit.md").read_text("utf-8")
    script = re.search(r"```python\n(.*?)```", doc, re.S)
    assert script is not None
    export = run_cli("audit", "log", "--format", "jsonl").out
    (tmp_path / "record.jsonl").write_text(export, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script.group(1), "docs/audit.md", "exec"), {})
    assert out.getvalue().strip() == run_cli("audit", "head").out.strip()
    lines = export.splitlines()
    lines[1] = lines[1].replace("Gulf jobs", "Gulf jobz")
    (tmp_path / "record.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="edited: 2"):
        exec(compile(script.group(1), "docs/audit.md", "exec"), {})
