"""A locked, corrupt, missing or foreign store gives one clear line and exit code 2."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dorker.store import NewEvent, open_store
from helpers import run_cli, run_subprocess


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("dorker: error: "), err
    assert "Traceback" not in err
    return err


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "s.sqlite3"
    with open_store(f"sqlite:///{path}", create=True) as store:
        store.append_many([NewEvent("case.created", {"title": "t", "patterns": []}, "a", "C-0001")]
                          + [NewEvent("x", {"i": i, "pad": "p" * 500}, "a") for i in range(200)])
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{path}?timeout=0.2")
    return path


def test_a_locked_store(store_path: Path) -> None:
    holder = sqlite3.connect(store_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a long write
    try:
        result = run_subprocess("check", "facebook", "--case", "C-0001", "--outcome", "nothing")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 2
    assert "is locked by another process (waited 0.2 s)" in one_line(result.err)
    assert run_cli("check", "facebook", "--case", "C-0001", "--outcome", "nothing").code == 0


def test_a_file_that_is_not_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a store\n" * 200)
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{path}")
    for args in (("audit", "verify"), ("case", "new", "x")):
        result = run_cli(*args)
        assert result.code == 2 and "is not a SQLite database" in one_line(result.err)


def test_a_malformed_database(store_path: Path) -> None:
    data = bytearray(store_path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[page:] = b"\xa5" * (len(data) - page)  # every page but the header page destroyed
    store_path.write_bytes(bytes(data))
    result = run_cli("audit", "verify")
    assert result.code == 2 and "is corrupt" in one_line(result.err)


def test_a_missing_store_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{tmp_path}/no/such/dir/s.sqlite3")
    result = run_cli("case", "new", "title")
    assert result.code == 2 and "store folder" in one_line(result.err)
    assert "does not exist" in result.err
    assert not (tmp_path / "no").exists()


def test_a_missing_store_file_is_not_an_empty_record(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{tmp_path}/s.sqlite3")
    for args in (("audit", "verify"), ("audit", "log"), ("audit", "head"), ("case", "list")):
        result = run_cli(*args)
        assert result.code == 2 and "no store at" in one_line(result.err)
        assert "dorker store init" in result.err
    assert not (tmp_path / "s.sqlite3").exists()


def test_a_sqlite_file_of_another_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{path}")
    result = run_cli("audit", "log")
    assert result.code == 2 and "not a dorker store" in one_line(result.err)


def test_store_init_creates_the_default_store(dorker_home: Path) -> None:
    result = run_cli("store", "init")
    assert result.code == 0 and "0 events" in result.out
    assert (dorker_home / "data" / "dorker.sqlite3").is_file()
    assert run_cli("audit", "verify").code == 0
    assert run_cli("store", "init").code == 0  # again: harmless


def test_an_unreachable_postgres_is_one_line_without_the_password() -> None:
    # Port 1 on loopback: refused at once, and no traffic leaves the machine.
    result = run_cli("store", "init", "--postgres", "postgresql://u:s3cret@127.0.0.1:1/dorker")
    assert result.code == 2 and one_line(result.err)
    assert "s3cret" not in result.err and "Traceback" not in result.err


def test_an_unknown_store_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_STORE", "mysql://u:pw@h/db")
    result = run_cli("audit", "head")
    assert result.code == 2 and "unsupported store URL" in one_line(result.err)
    assert "pw" not in result.err


@pytest.mark.parametrize(("url", "words"), [
    pytest.param("sqlite:///", "names no file", id="no-file"),
    pytest.param("sqlite:///:memory:", "in-memory store keeps nothing", id="in-memory"),
    pytest.param("sqlite:///./:memory:", "in-memory store keeps nothing", id="in-memory-dot"),
    pytest.param("sqlite:///:memory:/", "in-memory store keeps nothing", id="in-memory-slash"),
    pytest.param("sqlite:////tmp/x.sqlite3?timout=3", "unknown store URL option", id="typo-option"),
    pytest.param("sqlite:////tmp/x.sqlite3?timeout=soon", "number of seconds", id="bad-timeout"),
])
def test_bad_store_urls(monkeypatch: pytest.MonkeyPatch, url: str, words: str) -> None:
    monkeypatch.setenv("DORKER_STORE", url)
    result = run_cli("case", "list")
    assert result.code == 2 and words in one_line(result.err)


def test_a_custom_store_path_and_its_evidence_folder(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{tmp_path}/team/record.sqlite3")
    (tmp_path / "team").mkdir()
    assert run_cli("store", "init").code == 0
    assert run_cli("case", "new", "A", "--use").code == 0
    (tmp_path / "f.txt").write_text("x")
    assert run_cli("evidence", "add", str(tmp_path / "f.txt")).code == 0
    assert (tmp_path / "team" / "record.sqlite3").is_file()
    assert len(list((tmp_path / "team" / "evidence" / "sha256").rglob("*"))) == 2  # dir + copy
