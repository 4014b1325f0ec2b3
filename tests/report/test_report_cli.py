"""`dorker report`: output to a file (owner-only, whole), paper sizes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest
from report_casework import worked, worked_home

from helpers import run_cli

__all__ = ["worked", "worked_home"]  # fixtures, re-exported for pytest


def test_report_to_a_file_is_owner_only_and_recorded_as_an_export(worked: Path,
                                                                   tmp_path: Path) -> None:
    before = int(run_cli("audit", "head").out.split(":")[0])
    out = tmp_path / "report.html"
    out.write_text("an older report", encoding="utf-8")
    result = run_cli("report", "C-0001", "-o", str(out))
    assert result.code == 0, result.err
    assert result.err.strip() == f"dorker: wrote {out}" and result.out == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it names victims and suspects
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
    # The report leaves dorker: one `export` event says what, which case and where to.
    assert int(run_cli("audit", "head").out.split(":")[0]) == before + 1
    event = json.loads(run_cli("audit", "show", str(before + 1), "--format", "json").out)
    assert event["action"] == "export" and event["case"] == "C-0001"
    assert event["payload"]["destination"] == str(out)
    digest = hashlib.sha256(b"\x89PNG fake screenshot").hexdigest()
    assert digest in page and "searxng page 1" in page and "verifies" in page


def test_report_to_standard_output_and_paper(worked: Path) -> None:
    a4 = run_cli("report", "C-0001")
    letter = run_cli("report", "c-1", "--paper", "letter")
    assert a4.code == letter.code == 0
    assert "@page { size: A4;" in a4.out and "@page { size: letter;" in letter.out
    md = run_cli("report", "C-0001", "--format", "md")
    assert md.code == 0 and md.out.startswith("# Case C-0001: ")
    assert "@page" not in md.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["C-0009"], "no case C-0009", id="unknown-case"),
        pytest.param(["case-one"], "bad case id 'case-one'", id="bad-case-id"),
        pytest.param(["C-0001", "-o", "{tmp}/missing/report.html"],
                     "{tmp}/missing/report.html: the folder to write into does not exist",
                     id="missing-folder"),
        pytest.param(["C-0001", "-o", "{tmp}"], "{tmp}: is a folder, not a file", id="a-folder"),
        pytest.param(["C-0001", "--paper", "a3"], "invalid choice: 'a3'", id="paper"),
    ],
)
def test_bad_input_is_one_line_exit_2(worked: Path, tmp_path: Path, args: list[str],
                                      message: str) -> None:
    result = run_cli("report", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert message.replace("{tmp}", str(tmp_path)) in lines[-1]
    assert len(lines) == 1 or lines[0].startswith("usage:")  # argparse adds its usage line
    assert "Traceback" not in result.err and result.out == ""
    assert not (tmp_path / "missing").exists()


def test_report_without_a_store_is_one_line() -> None:
    result = run_cli("report", "C-0001")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
