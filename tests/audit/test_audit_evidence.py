"""The auditor's report and `doctor` say when an evidence copy the record names fails its check
(missing or altered), as `audit verify` does; an intact store says nothing of the kind."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli


def _add(tmp_path: Path) -> Path:
    assert run_cli("case", "new", "Evidence", "--use").code == 0
    page = tmp_path / "page.txt"
    page.write_text("an ad, kept as evidence", encoding="utf-8")
    assert run_cli("evidence", "add", str(page)).code == 0
    return page


def _copy(dorker_home: Path) -> Path:
    [copy] = [p for p in (dorker_home / "data").rglob("*")
              if p.is_file() and len(p.name) >= 64 and "." not in p.name[:64]]
    return copy


def test_intact_evidence_is_no_flag(tmp_path: Path, dorker_home: Path) -> None:
    _add(tmp_path)
    report = json.loads(run_cli("audit", "report", "--format", "json").out)
    assert report["evidence"] == {"ok": True, "copies": 1, "problems": []}
    assert not [f for f in report["flags"] if f["kind"] == "evidence"]


def test_a_missing_copy_is_flagged_by_the_report_and_doctor(tmp_path: Path,
                                                            dorker_home: Path) -> None:
    _add(tmp_path)
    copy = _copy(dorker_home)
    copy.chmod(0o600)
    copy.unlink()
    result = run_cli("audit", "report", "--format", "json")
    report = json.loads(result.out)
    assert report["evidence"]["ok"] is False and report["chain"]["ok"] is True
    [flag] = [f for f in report["flags"] if f["kind"] == "evidence"]
    assert flag["seq"] == report["evidence"]["problems"][0]["seq"]
    doctor = run_cli("doctor")
    assert "evidence" in doctor.out and "problem" in doctor.out.lower()
