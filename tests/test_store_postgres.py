"""The PostgreSQL team store against a real server: roles, append-only, db users, many writers.

Runs when DORKER_TEST_POSTGRES names a server (a superuser URL, e.g. from .ci/start-postgres);
skips with that reason otherwise.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dorker.errors import StoreError
from dorker.store import GENESIS_HASH, NewEvent, open_store, verify
from dorker.store.events import seal
from dorker.store.postgres import PostgresEventStore, redact_url
from helpers import run_cli
from pg_support import as_user, connect, fresh_schema, make_login


@pytest.fixture
def team() -> Iterator[tuple[str, str]]:
    """(admin URL of a fresh store, its schema): created with `dorker store init --postgres`."""
    with fresh_schema("team") as url:
        result = run_cli("store", "init", "--postgres", url)
        assert result.code == 0, result.err
        assert "store ready" in result.out and "0 events" in result.out
        yield url, url.rsplit("schema=", 1)[1]


@pytest.fixture
def alice() -> tuple[str, str]:
    return make_login("dorker_investigator", f"alice_{uuid.uuid4().hex[:8]}")


def _as(url: str, login: tuple[str, str]) -> str:
    return as_user(url, *login)


def _refused(url: str, statement: str) -> str:
    """Run `statement` as the user of `url`; return the database's error (fail if it worked)."""
    import psycopg

    with connect(url.split("?", 1)[0]) as con:
        with pytest.raises(psycopg.Error) as info:
            con.execute(statement)
        return str(info.value)


def test_investigator_cannot_update_delete_or_truncate_events(team: tuple[str, str],
                                                              alice: tuple[str, str]) -> None:
    url, schema = team
    with open_store(_as(url, alice)) as store:
        store.append("case.created", {"title": "t"}, actor="alice", case_id="C-0001")
        store.append("source.checked", {"n": 1}, actor="alice", case_id="C-0001")
        head = store.head()
    as_alice = _as(url, alice)
    for statement in (f"UPDATE {schema}.events SET actor = 'mallory'",
                      f"DELETE FROM {schema}.events WHERE seq = 2",
                      f"TRUNCATE {schema}.events",
                      f"INSERT INTO {schema}.events SELECT seq + 10, body, hash, 'x', ts, actor, "
                      f"case_id, action FROM {schema}.events",
                      f"UPDATE {schema}.meta SET value = '0'"):
        assert "permission denied" in _refused(as_alice, statement)
    # The owner is stopped by the triggers (a second line behind the privileges).
    for statement in (f"UPDATE {schema}.events SET actor = 'mallory'",
                      f"DELETE FROM {schema}.events", f"TRUNCATE {schema}.events"):
        assert "append-only" in _refused(url, statement)
    with open_store(url) as store:
        assert store.head() == head and verify(store).ok


def test_auditor_reads_but_cannot_append(team: tuple[str, str]) -> None:
    url, schema = team
    with open_store(url) as store:
        store.append("x", {}, actor="owner")
    auditor = make_login("dorker_auditor", f"audit_{uuid.uuid4().hex[:8]}")
    with open_store(_as(url, auditor)) as store:
        assert store.count() == 1 and verify(store).ok
        with pytest.raises(StoreError, match="dorker_investigator"):
            store.append("x", {}, actor="auditor")
    assert "permission denied" in _refused(_as(url, auditor),
                                           f"DELETE FROM {schema}.events")


def test_a_user_without_a_role_cannot_read(team: tuple[str, str]) -> None:
    url, _ = team
    nobody = make_login("pg_monitor", f"nobody_{uuid.uuid4().hex[:8]}")
    with pytest.raises(StoreError):
        open_store(_as(url, nobody)).close()


def test_each_event_records_the_database_login_which_cannot_be_claimed(
        team: tuple[str, str], alice: tuple[str, str]) -> None:
    url, schema = team
    bob = make_login("dorker_investigator", f"bob_{uuid.uuid4().hex[:8]}")
    with open_store(_as(url, alice)) as store:
        assert isinstance(store, PostgresEventStore)
        store.append("x", {}, actor="claims-to-be-bob")
    with open_store(_as(url, bob)) as store:
        store.append("x", {}, actor="bob")
    import psycopg

    # Alice cannot become Bob inside her session, neither way.
    with connect(_as(url, alice).split("?", 1)[0]) as con, pytest.raises(psycopg.Error):
        con.execute(f"SET SESSION AUTHORIZATION {bob[0]}")
    with connect(_as(url, alice).split("?", 1)[0]) as con, pytest.raises(psycopg.Error):
        con.execute(f"SET ROLE {bob[0]}")
    with connect(_as(url, alice).split("?", 1)[0]) as con:
        # SET ROLE changes current_user, never session_user: the stamp stays alice's.
        con.execute("SET ROLE dorker_investigator")
        con.execute(f"SELECT * FROM {schema}.append_events(NULL, %s)", ([_prefix("alice")],))
    with open_store(url) as store:
        assert isinstance(store, PostgresEventStore)
        assert [store.db_user(s) for s in (1, 2, 3)] == [alice[0], bob[0], alice[0]]
        claimed = store.get(1)
        assert claimed is not None and claimed.actor == "claims-to-be-bob"
        assert verify(store).ok


def _prefix(actor: str, payload: dict[str, Any] | None = None) -> bytes:
    """The client's part of an event: canonical bytes up to (and including) the payload."""
    _event, body = seal(7, "a" * 64, NewEvent("x", payload or {}, actor), "T")
    return body[:body.index(b',"prev":"')]


def test_the_append_function_builds_the_links_itself_and_refuses_other_shapes(
        team: tuple[str, str], alice: tuple[str, str]) -> None:
    url, schema = team
    import psycopg

    good = _prefix("alice", {"n": 1})
    forged = [
        good.replace(b'"payload"', b'"seq":99,"payload"'),   # tries to set its own seq
        good + b',"prev":"' + b"0" * 64 + b'"',              # tries to set its own link
        good.replace(b'"action"', b'"action":"y","action"'), # a duplicate key
        b'{"actor":"a","action":"x","case":null,"payload":{}',  # keys out of order
        b"not json at all",
    ]
    with connect(_as(url, alice).split("?", 1)[0]) as con:
        for prefix in forged:
            with pytest.raises(psycopg.Error, match="not a canonical event prefix"):
                con.execute(f"SELECT * FROM {schema}.append_events(NULL, %s)", ([prefix],))
        with pytest.raises(psycopg.Error, match="moved on"):
            con.execute(f"SELECT * FROM {schema}.append_events(5, %s)", ([good],))
        row = con.execute(f"SELECT * FROM {schema}.append_events(0, %s)", ([good],)).fetchone()
    assert row[0] == 1 and row[2] == GENESIS_HASH
    with open_store(url) as store:
        event = store.get(1)
        assert event is not None and event.hash == row[3] and event.ts == row[1]
        assert store.count() == 1 and verify(store, deep=True).ok


def test_text_postgresql_json_cannot_hold_round_trips(team: tuple[str, str],
                                                     alice: tuple[str, str]) -> None:
    url, _ = team
    with open_store(_as(url, alice)) as store:
        event = store.append("x", {"note": "nul \x00 and \\u0000 and \u2028"}, actor="a\x00b",
                             case_id="C-0001")
        assert store.get(1) == event and verify(store, deep=True).ok


def test_opening_errors_are_one_line(team: tuple[str, str]) -> None:
    url, _ = team
    with pytest.raises(StoreError, match="no dorker store in schema"):
        open_store(url.replace("schema=", "schema=missing_")).close()
    with pytest.raises(StoreError, match="not a plain identifier"):
        open_store(url + "x;drop").close()
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://someone:s3cret@127.0.0.1:1/db").close()
    assert "s3cret" not in str(info.value)
    assert redact_url("postgresql://u:pw@h:5/d?schema=x") == "postgresql://u@h:5/d?schema=x"


def test_cli_uses_a_postgres_store_from_dorker_store(team: tuple[str, str],
                                                     alice: tuple[str, str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = team
    monkeypatch.setenv("DORKER_STORE", _as(url, alice))
    with open_store(_as(url, alice)) as store:
        store.append("x", {"n": 1}, actor="alice")
    result = run_cli("audit", "verify")
    assert result.code == 0, result.err
    head = run_cli("audit", "head")
    assert head.code == 0 and head.out.startswith("1:")


WRITER = r"""
import sys, os, time
from dorker.store import open_store
url, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
store = open_store(url)
while not os.path.exists(go):
    time.sleep(0.001)
for i in range(count):
    store.append("test.tick", {"writer": name, "i": i}, actor=name)
store.close()
"""


@pytest.mark.slow
def test_eight_processes_appending_a_thousand_each_lose_nothing(team: tuple[str, str],
                                                                alice: tuple[str, str],
                                                                tmp_path: Path) -> None:
    url, _ = team
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, _as(url, alice), f"w{n}", "1000",
                               str(go)], stderr=subprocess.PIPE, text=True) for n in range(8)]
    time.sleep(0.5)
    started = time.monotonic()
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    elapsed = time.monotonic() - started
    assert [p.returncode for p in procs] == [0] * 8, errors
    with open_store(url) as store:
        report = verify(store)
        assert report.ok and report.checked == 8000, report.problem
        seen = sorted((e.actor, int(e.payload["i"])) for e in store.iter_events())
        assert seen == sorted((f"w{n}", i) for n in range(8) for i in range(1000))
        # The writers really interleaved (one chain, not eight runs one after another).
        actors = [e.actor for e in store.iter_events()]
        switches = sum(a != b for a, b in itertools.pairwise(actors))
        assert switches > 100
    assert elapsed < 60


# -- without a server ------------------------------------------------------------------------

def test_without_psycopg_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"needs psycopg 3 \(pip install 'dorker\[postgres\]'\)"):
        open_store("postgresql://someone@127.0.0.1:1/db")


def test_dorker_options_are_taken_out_of_the_url() -> None:
    from dorker.store.postgres import parse_postgres_url

    conninfo, options = parse_postgres_url(
        "postgresql://u:pw@h:5/d?sslmode=require&schema=Team_A&evidence_dir=/srv/ev")
    assert conninfo == "postgresql://u:pw@h:5/d?sslmode=require"
    assert options == {"schema": "team_a", "evidence_dir": "/srv/ev"}
    assert parse_postgres_url("postgresql://h/d")[1] == {"schema": "dorker"}
    with pytest.raises(StoreError, match="not a plain identifier"):
        parse_postgres_url('postgresql://h/d?schema=a";drop')
    assert redact_url("postgresql://u:pw@h:5/d?schema=x") == "postgresql://u@h:5/d?schema=x"
