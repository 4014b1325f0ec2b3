"""Every kind of tampering with the SQLite file is detected and named (or needs an anchor)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from dorker.store import Head, open_store, verify
from dorker.store.events import NewEvent, seal
from helpers import run_cli

Tamper = Callable[[sqlite3.Connection], None]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of 10 events; DORKER_STORE points at it."""
    path = tmp_path / "record.sqlite3"
    with open_store(f"sqlite:///{path}", create=True) as store:
        store.append_many([NewEvent("source.checked", {"note": f"note {i}", "i": i}, "officer",
                                    "C-0001") for i in range(1, 11)])
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{path}")
    return path


def tamper(path: Path, edit: Tamper) -> None:
    """Edit the database directly, as someone with the file would (triggers dropped first)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DROP TRIGGER events_no_update")
    con.execute("DROP TRIGGER events_no_delete")
    con.execute("BEGIN")
    edit(con)
    con.execute("COMMIT")
    con.close()


def row(con: sqlite3.Connection, seq: int) -> tuple[bytes, str]:
    body, digest = con.execute("SELECT body, hash FROM events WHERE seq = ?", (seq,)).fetchone()
    return bytes(body), str(digest)


def set_row(con: sqlite3.Connection, seq: int, body: bytes, digest: str) -> None:
    con.execute("UPDATE events SET body = ?, hash = ? WHERE seq = ?", (body, digest, seq))


def edit_payload(con: sqlite3.Connection) -> None:
    body, digest = row(con, 5)
    set_row(con, 5, body.replace(b"note 5", b"note X"), digest)


def edit_hash(con: sqlite3.Connection) -> None:
    body, _ = row(con, 5)
    set_row(con, 5, body, "f" * 64)


def delete_middle(con: sqlite3.Connection) -> None:
    con.execute("DELETE FROM events WHERE seq = 5")


def renumber_from(con: sqlite3.Connection, first: int, by: int) -> None:
    con.execute("UPDATE events SET seq = -seq WHERE seq >= ?", (first,))
    con.execute("UPDATE events SET seq = -seq + ? WHERE seq < 0", (by,))


def insert_forged(con: sqlite3.Connection) -> None:
    """A well-formed forged event at 5 (correct hash, links to 4), later events renumbered."""
    _, prev = row(con, 4)
    renumber_from(con, 5, 1)
    event, body = seal(5, prev, NewEvent("source.checked", {"note": "forged"}, "officer", "C-0001"))
    con.execute("INSERT INTO events (seq, body, hash) VALUES (?, ?, ?)", (5, body, event.hash))


def insert_copy_at_end(con: sqlite3.Connection) -> None:
    body, digest = row(con, 3)
    con.execute("INSERT INTO events (seq, body, hash) VALUES (11, ?, ?)", (body, digest))


def swap(con: sqlite3.Connection) -> None:
    five, six = row(con, 5), row(con, 6)
    set_row(con, 5, *six)
    set_row(con, 6, *five)


def delete_and_renumber(con: sqlite3.Connection) -> None:
    con.execute("DELETE FROM events WHERE seq = 5")
    renumber_from(con, 6, -1)


def edit_and_rehash_one(con: sqlite3.Connection) -> None:
    body, _ = row(con, 5)
    new = body.replace(b"note 5", b"note X")
    import hashlib

    set_row(con, 5, new, hashlib.sha256(new).hexdigest())


@pytest.mark.parametrize(("edit", "seq", "kind", "words"), [
    pytest.param(edit_payload, 5, "edited", "content", id="edit-payload"),
    pytest.param(edit_hash, 5, "edited", "stored hash", id="edit-hash"),
    pytest.param(delete_middle, 5, "deleted", "missing", id="delete-middle-row"),
    pytest.param(delete_and_renumber, 5, "deleted", "renumbered", id="delete-and-renumber"),
    pytest.param(insert_forged, 5, "inserted", "inserted", id="insert-row"),
    pytest.param(insert_copy_at_end, 3, "inserted", "inserted", id="insert-copy-at-end"),
    pytest.param(swap, 5, "reordered", "swapped", id="swap-two-rows"),
    pytest.param(edit_and_rehash_one, 5, "edited", "recomputed", id="edit-and-rehash-one"),
])
def test_tampering_inside_the_chain_is_named(db: Path, edit: Tamper, seq: int, kind: str,
                                             words: str) -> None:
    tamper(db, edit)
    with open_store(f"sqlite:///{db}") as store:
        report = verify(store)
    assert report.problem is not None and not report.ok
    assert (report.problem.seq, report.problem.kind) == (seq, kind), report.problem
    assert words in report.problem.message
    result = run_cli("audit", "verify")
    assert result.code == 1
    assert f"FAILED at seq {seq}: {kind}:" in result.out


def _anchor(db: Path) -> Head:
    with open_store(f"sqlite:///{db}") as store:
        head = store.head()
    assert head is not None
    return head


def test_a_cut_off_tail_is_only_caught_with_an_anchor(db: Path) -> None:
    anchor = _anchor(db)
    tamper(db, lambda con: con.execute("DELETE FROM events WHERE seq > 7"))
    plain = run_cli("audit", "verify")
    assert plain.code == 0 and "ok: 7 events" in plain.out
    assert "without an anchor, a cut-off tail or a wholly recomputed chain cannot be detected" \
        in plain.out
    anchored = run_cli("audit", "verify", "--anchor", str(anchor))
    assert anchored.code == 1
    assert "FAILED anchor 10: truncated:" in anchored.out and "ends at 7" in anchored.out


def recompute_from(con: sqlite3.Connection, first: int) -> None:
    """Change event `first` and recompute every hash after it: an internally perfect chain."""
    _, prev = row(con, first - 1)
    import json

    for seq in range(first, 11):
        body, _ = row(con, seq)
        doc = json.loads(body)
        if seq == first:
            doc["payload"]["note"] = "rewritten"
        event, new_body = seal(seq, prev, NewEvent(doc["action"], doc["payload"], doc["actor"],
                                                   doc["case"]), ts=doc["ts"])
        set_row(con, seq, new_body, event.hash)
        prev = event.hash


def test_a_wholly_recomputed_chain_is_only_caught_with_an_anchor(db: Path) -> None:
    anchor = _anchor(db)
    tamper(db, lambda con: recompute_from(con, 3))
    plain = run_cli("audit", "verify")
    assert plain.code == 0 and "cannot be detected" in plain.out
    anchored = run_cli("audit", "verify", "--anchor", str(anchor))
    assert anchored.code == 1 and "FAILED anchor 10: rewritten:" in anchored.out
    older = run_cli("audit", "verify", "--anchor", f"2:{_hash_of(db, 2)}")
    assert older.code == 0 and "anchor 2: matches" in older.out  # before the rewrite: honest


def _hash_of(db: Path, seq: int) -> str:
    con = sqlite3.connect(db)
    digest = con.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()[0]
    con.close()
    return str(digest)


def test_an_intact_store_verifies_against_its_anchor(db: Path) -> None:
    head = run_cli("audit", "head").out.strip()
    result = run_cli("audit", "verify", "--anchor", head)
    assert result.code == 0 and "anchor 10: matches" in result.out


def test_the_file_refuses_plain_updates_and_deletes(db: Path) -> None:
    con = sqlite3.connect(db)
    for sql in ("UPDATE events SET hash = 'x' WHERE seq = 1", "DELETE FROM events WHERE seq = 1"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(sql)
    con.close()


@pytest.mark.parametrize("anchor", ["10", "x:abc", "10:" + "g" * 64, "-1:" + "0" * 64])
def test_a_malformed_anchor_is_a_usage_error(db: Path, anchor: str) -> None:
    result = run_cli("audit", "verify", f"--anchor={anchor}")
    assert result.code == 2 and result.err.count("\n") == 1 and "bad anchor" in result.err


def duplicate_key_body(con: sqlite3.Connection) -> None:
    """Event 10 rewritten with a duplicate key that a JSON reader resolves differently.

    Its hash is recomputed and it is the last event, so the fast scan cannot object; only
    re-canonicalising (what an independent auditor's script does) shows the body is not canonical.
    """
    import hashlib

    body, _ = row(con, 10)
    forged = body.replace(b'{"action"', b'{"action":"forged","action"', 1)
    set_row(con, 10, forged, hashlib.sha256(forged).hexdigest())


def test_deep_verify_re_canonicalises_every_event(db: Path) -> None:
    assert run_cli("audit", "verify", "--deep").code == 0
    tamper(db, duplicate_key_body)
    assert run_cli("audit", "verify").code == 0  # hashes and links hold: only the tail changed
    deep = run_cli("audit", "verify", "--deep")
    assert deep.code == 1 and "FAILED at seq 10: edited: event 10 is not in canonical form" \
        in deep.out
