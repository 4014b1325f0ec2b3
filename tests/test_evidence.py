"""`dorker evidence add`: hashed, content-addressed copies, re-hashed by verify."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest

from helpers import run_cli


@pytest.fixture
def shot(tmp_path: Path) -> Path:
    run_cli("case", "new", "A", "--use")
    path = tmp_path / "screenshot ad.png"
    path.write_bytes(b"\x89PNG fake image bytes " * 1000)
    return path


def copy_of(home: Path, data: bytes) -> Path:
    sha = hashlib.sha256(data).hexdigest()
    return home / "data" / "evidence" / "sha256" / sha[:2] / sha


def test_add_records_hash_size_url_note_and_keeps_a_copy(shot: Path, dorker_home: Path) -> None:
    result = run_cli("evidence", "add", str(shot), "--url", "https://example.test/ad/1",
                     "--note", "ad offering Malaysia jobs", "--format", "json")
    assert result.code == 0
    event = json.loads(result.out)
    data = shot.read_bytes()
    assert event["action"] == "evidence.added" and event["case"] == "C-0001"
    assert event["payload"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert event["payload"]["size"] == len(data)
    assert event["payload"]["file"] == "screenshot ad.png"
    assert event["payload"]["url"] == "https://example.test/ad/1"
    assert event["ts"].endswith("Z")
    copy = copy_of(dorker_home, data)
    assert copy.read_bytes() == data
    assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    verified = run_cli("audit", "verify")
    assert verified.code == 0 and "evidence: 1 copy re-hashed, all intact" in verified.out


def test_the_same_file_twice_keeps_one_copy(shot: Path, dorker_home: Path) -> None:
    assert run_cli("evidence", "add", str(shot)).code == 0
    assert run_cli("evidence", "add", str(shot), "--note", "again").code == 0
    copies = [p for p in (dorker_home / "data" / "evidence" / "sha256").rglob("*") if p.is_file()]
    assert len(copies) == 1
    assert not list((dorker_home / "data" / "evidence" / "tmp").iterdir())


def test_verify_catches_a_changed_copy(shot: Path, dorker_home: Path) -> None:
    run_cli("evidence", "add", str(shot))
    copy = copy_of(dorker_home, shot.read_bytes())
    copy.chmod(0o644)
    copy.write_bytes(b"doctored")
    result = run_cli("audit", "verify")
    assert result.code == 1 and "FAILED evidence at seq 2: evidence-changed" in result.out


def test_verify_catches_a_missing_copy(shot: Path, dorker_home: Path) -> None:
    run_cli("evidence", "add", str(shot))
    copy_of(dorker_home, shot.read_bytes()).unlink()
    result = run_cli("audit", "verify")
    assert result.code == 1 and "evidence-missing" in result.out


def test_a_missing_file_is_one_line(shot: Path, tmp_path: Path) -> None:
    result = run_cli("evidence", "add", str(tmp_path / "nope.pdf"))
    assert result.code == 2 and result.err.count("\n") == 1 and "nope.pdf" in result.err
    assert run_cli("audit", "log", "--action", "evidence.added", "--format", "jsonl").out == ""
