"""Team evidence in the PostgreSQL store, against a real server: shared blobs added only through
the SECURITY DEFINER function, opened from any member's machine and checked by hash; an altered
blob refused; `store migrate` brings an existing store there; the auditor reads and writes
nothing.

Runs when DORKER_TEST_POSTGRES names a server (a superuser URL, e.g. from .ci/start-postgres).
"""

from __future__ import annotations

import hashlib
import json
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dorker.store.pg_schema import ROLE_STATEMENTS, SCHEMA_STATEMENTS
from helpers import Result, run_cli
from pg_support import as_user, connect, fresh_schema, make_login

PAGE = b"\x89PNG saved page of a fake job ad \x00\x01" * 100
SHA = hashlib.sha256(PAGE).hexdigest()


class Team:
    """A team store and its people, each on their own machine (DORKER_HOME)."""

    def __init__(self, url: str, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.url, self.tmp, self.mp = url, tmp, monkeypatch
        self.schema = url.rsplit("schema=", 1)[1]
        self.logins = {
            "alice": make_login("dorker_investigator", f"alice_{uuid.uuid4().hex[:8]}"),
            "bob": make_login("dorker_investigator", f"bob_{uuid.uuid4().hex[:8]}"),
            "auditor": make_login("dorker_auditor", f"audit_{uuid.uuid4().hex[:8]}"),
        }

    def run(self, who: str, *args: str, machine: str | None = None) -> Result:
        """`dorker ARGS` as `who` (the owner when "owner") on `machine` (default: their own)."""
        url = self.url if who == "owner" else as_user(self.url, *self.logins[who])
        self.mp.setenv("DORKER_STORE", url)
        self.mp.setenv("DORKER_ACTOR", who)
        self.mp.setenv("DORKER_HOME", str(self.tmp / (machine or who)))
        return run_cli(*args)

    def sql(self, statement: str, *params: object) -> list[tuple[object, ...]]:
        with connect() as con:
            cur = con.execute(statement.replace("{s}", self.schema), params or None)
            return cur.fetchall() if cur.description else []


def _team(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    team = Team(url, tmp_path, monkeypatch)
    assert team.run("alice", "case", "new", "Gulf ads", "--use").code == 0
    return team


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Team]:
    with fresh_schema("ev") as url:
        assert run_cli("store", "init", "--postgres", url).code == 0
        yield _team(url, tmp_path, monkeypatch)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "ad-page.png"
    path.write_bytes(PAGE)
    return path


def test_evidence_added_on_one_machine_opens_on_another(team: Team, page: Path) -> None:
    added = team.run("alice", "evidence", "add", str(page), "--url", "https://bikroy.com/ad/1")
    assert added.code == 0 and "shared with the team" in added.out
    event = json.loads(team.run("alice", "audit", "show", "2", "--format", "json").out)
    assert event["payload"]["shared"] is True and event["db_user"] == team.logins["alice"][0]
    opened = team.run("bob", "evidence", "open", SHA[:10], "--print")  # bob's own machine
    assert opened.code == 0, opened.err
    copy = Path(opened.out.strip())
    assert copy.is_relative_to(team.tmp / "bob") and copy.read_bytes() == PAGE
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    [(size, added_by)] = team.sql("SELECT size, added_by FROM {s}.blobs WHERE sha256 = %s", SHA)
    assert (size, added_by) == (len(PAGE), team.logins["alice"][0])
    assert team.run("bob", "audit", "verify").code == 0  # the shared copy counts


def test_an_altered_blob_is_refused(team: Team, page: Path) -> None:
    assert team.run("alice", "evidence", "add", str(page)).code == 0
    team.sql("ALTER TABLE {s}.blobs DISABLE TRIGGER blobs_append_only")
    team.sql("UPDATE {s}.blobs SET content = %s WHERE sha256 = %s", PAGE + b"forged", SHA)
    opened = team.run("bob", "evidence", "open", SHA, "--print")
    assert opened.code == 1 and opened.err.count("\n") == 1
    assert "(it was altered in the database); refused" in opened.err
    assert not (team.tmp / "bob" / "data" / "evidence" / "sha256" / SHA[:2] / SHA).exists()
    verified = team.run("bob", "audit", "verify", "--format", "json")
    assert verified.code == 1
    [problem] = json.loads(verified.out)["evidence_problems"]
    assert problem["kind"] == "evidence-changed" and problem["seq"] == 2
    # Alice's own cached copy is intact, so she still opens the evidence she saved.
    assert team.run("alice", "evidence", "open", SHA, "--print").code == 0


def test_a_damaged_local_copy_is_replaced_from_the_team(team: Team, page: Path) -> None:
    assert team.run("alice", "evidence", "add", str(page)).code == 0
    local = team.tmp / "alice" / "data" / "evidence" / "sha256" / SHA[:2] / SHA
    local.chmod(0o600)
    local.write_bytes(b"damaged")
    assert team.run("alice", "evidence", "open", SHA, "--print").code == 0
    assert local.read_bytes() == PAGE


def test_investigators_add_blobs_only_through_the_function(team: Team) -> None:
    import psycopg

    alice = as_user(team.url, *team.logins["alice"]).split("?", 1)[0]
    with connect(alice) as con:
        for statement in (
                f"INSERT INTO {team.schema}.blobs VALUES ('{'a' * 64}', 1, 'x', 'alice', 'now')",
                f"UPDATE {team.schema}.blobs SET size = 0", f"DELETE FROM {team.schema}.blobs"):
            with pytest.raises(psycopg.Error, match="permission denied"):
                con.execute(statement)
        with pytest.raises(psycopg.Error, match="does not have SHA-256"):
            con.execute(f"SELECT {team.schema}.add_blob(%s, %s)", ("b" * 64, b"other bytes"))
        assert con.execute(f"SELECT {team.schema}.add_blob(%s, %s)", (SHA, PAGE)).fetchone() \
            == (True,)
        assert con.execute(f"SELECT {team.schema}.add_blob(%s, %s)", (SHA, PAGE)).fetchone() \
            == (False,)  # content-addressed: once


def test_the_auditor_reads_everything_and_writes_nothing(team: Team, page: Path,
                                                         tmp_path: Path) -> None:
    assert team.run("alice", "evidence", "add", str(page)).code == 0
    assert team.run("bob", "open", '"01712-345678"', "-e", "google", "--print").code == 0
    head = team.run("alice", "audit", "head").out
    report = team.run("auditor", "audit", "report", "--format", "json")
    assert report.code == 0, report.err
    data = json.loads(report.out)
    assert data["chain"]["ok"] and data["recorded"] is False
    assert [f["actor"] for f in data["flags"] if f["kind"] == "selector-outside-case"] == ["bob"]
    shown = json.loads(team.run("auditor", "audit", "show", "3", "--format", "json").out)
    assert shown["actor"] == "bob" and shown["db_user"] == team.logins["bob"][0]
    assert team.run("auditor", "audit", "verify").code == 0
    assert team.run("auditor", "evidence", "open", SHA, "--print").code == 0
    logged = team.run("auditor", "audit", "log", "-o", str(tmp_path / "record.txt"))
    assert logged.code == 0 and "not recorded: this database login may only read" in logged.err
    refused = team.run("auditor", "evidence", "add", str(page), "--case", "C-0001")
    assert refused.code == 2 and "permission denied" in refused.err
    assert team.run("auditor", "case", "new", "x").code == 2
    assert team.run("alice", "audit", "head").out == head  # nothing was written
    assert team.sql("SELECT count(*) FROM {s}.blobs") == [(1,)]


def test_store_migrate_brings_an_existing_store_to_team_evidence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: Path) -> None:
    with fresh_schema("old") as url:
        schema = url.rsplit("schema=", 1)[1]
        with connect() as con, con.transaction():  # a store made by an earlier dorker
            for statement in ROLE_STATEMENTS:
                con.execute(statement)
            for statement in SCHEMA_STATEMENTS:
                con.execute(statement.replace("{s}", f'"{schema}"'))
        team = _team(url, tmp_path, monkeypatch)
        before = team.run("alice", "evidence", "add", str(page))
        assert before.code == 0 and "shared" not in before.out  # schema 1: this machine only
        assert "team evidence" in team.run("alice", "doctor").out
        denied = team.run("alice", "store", "migrate")
        assert denied.code == 2 and "run it as the store's owner" in denied.err
        upgraded = team.run("owner", "store", "migrate")
        assert upgraded.code == 0, upgraded.err
        assert upgraded.out.strip().endswith("schema 1 -> 2 (team evidence: the blobs table "
                                             "and add_blob function)")
        assert "already up to date" in team.run("owner", "store", "migrate").out
        other = tmp_path / "other.png"
        other.write_bytes(b"second page")
        assert "shared with the team" in team.run("alice", "evidence", "add", str(other)).out
        assert team.run("bob", "evidence", "open", hashlib.sha256(b"second page").hexdigest(),
                        "--print").code == 0
        missing = team.run("bob", "evidence", "open", SHA, "--print")  # added before: not shared
        assert missing.code == 2 and "no copy on this machine or in the team store" in missing.err


def test_migrating_a_laptop_store_shares_its_evidence(tmp_path: Path, page: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_HOME", str(tmp_path / "laptop"))
    assert run_cli("case", "new", "Laptop case", "--use").code == 0
    assert run_cli("evidence", "add", str(page)).code == 0
    with fresh_schema("mig") as url:
        assert run_cli("store", "init", "--postgres", url).code == 0
        assert run_cli("store", "migrate", "--to", url).code == 0
        team = Team(url, tmp_path, monkeypatch)
        assert team.run("bob", "evidence", "open", SHA, "--print").code == 0
        assert team.sql("SELECT count(*) FROM {s}.blobs") == [(1,)]
