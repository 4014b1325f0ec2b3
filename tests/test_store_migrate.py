"""`dorker store migrate`: a store's (or one case's) events into another chain, with provenance."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from dorker.store import EventFilter, open_store, verify
from dorker.store.events import GENESIS_HASH
from dorker.store.migrate import ACTION
from helpers import run_cli
from pg_support import fresh_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An initialised, empty target store of each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
        open_store(url, create=True).close()
        yield url
        return
    with fresh_schema("mig") as url:
        open_store(url, create=True).close()
        yield url


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A laptop store with two cases and some history, selected through DORKER_STORE."""
    url = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    monkeypatch.setenv("DORKER_STORE", url)
    for title in ("Job ads to Malaysia", "Boat crossings"):
        assert run_cli("case", "new", title).code == 0
    with open_store(url) as store:
        store.append("source.checked", {"source": "fb-group", "note": "বিদেশে চাকরি"},
                     actor="test-officer", case_id="C-0001")
        store.append("source.checked", {"source": "tg-channel"}, actor="other", case_id="C-0002")
    return url


def _export(url: str) -> list[dict[str, object]]:
    with open_store(url) as store:
        return [e.to_json() for e in store.iter_events()]


def _independent_head(events: list[dict[str, object]]) -> str:
    """Re-verify an exported chain without dorker (as docs/audit.md shows) → SEQ:HASH."""
    prev = GENESIS_HASH
    for n, event in enumerate(events, 1):
        doc = {k: event[k] for k in ("seq", "ts", "actor", "case", "action", "payload", "prev")}
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert event["seq"] == n and event["prev"] == prev and event["hash"] == digest
        prev = digest
    return f"{len(events)}:{prev}"


def test_migrating_a_whole_store(source: str, target_url: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    before = _export(source)
    result = run_cli("store", "migrate", "--to", target_url, "--format", "json")
    assert result.code == 0, result.err
    done = json.loads(result.out)
    assert done["moved"] == 4 and done["first_seq"] == 1
    assert done["source_head"] == _independent_head(before)
    # The source is untouched: its export still verifies on its own, to the same head.
    assert _export(source) == before
    with open_store(target_url) as target:
        assert verify(target).ok
        moved = list(target.iter_events())
        assert [(e.action, e.actor, e.case_id, dict(e.payload)) for e in moved[:-1]] == [
            (e["action"], e["actor"], e["case"], e["payload"]) for e in before]
        provenance = moved[-1]
        assert provenance.action == ACTION and provenance.actor == "test-officer"
        assert provenance.payload["source_head"] == done["source_head"]
        assert provenance.payload["events"] == 4 and provenance.payload["source"] == source
    # The migrated cases work in the target as they did on the laptop.
    monkeypatch.setenv("DORKER_STORE", target_url)
    shown = run_cli("case", "show", "C-0001")
    assert shown.code == 0 and "Job ads to Malaysia" in shown.out


def test_migrating_one_case_into_a_store_that_already_has_history(source: str,
                                                                  target_url: str) -> None:
    with open_store(target_url) as target:
        target.append("note", {"n": 1}, actor="team")
    result = run_cli("store", "migrate", "--to", target_url, "--case", "c-2")
    assert result.code == 0, result.err
    assert "migrated case C-0002: 2 events" in result.out
    with open_store(target_url) as target:
        assert verify(target).ok
        case_events = list(target.iter_events(EventFilter(case_id="C-0002")))
        assert [e.seq for e in case_events] == [2, 3, 4]
        assert [e.action for e in case_events] == ["case.created", "source.checked", ACTION]
        assert case_events[-1].payload["source_seqs"] == [2, 4]
        assert case_events[-1].payload["first_seq"] == 2
        assert target.count(EventFilter(case_id="C-0001")) == 0
    again = run_cli("store", "migrate", "--to", target_url, "--case", "C-0002")
    assert again.code == 2 and "already holds case(s) C-0002" in again.err
    with open_store(target_url) as target:
        assert target.count() == 4


def test_a_source_that_fails_verification_is_refused(source: str, target_url: str,
                                                     tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "laptop.sqlite3")
    con.execute("DROP TRIGGER events_no_update")
    body = con.execute("SELECT body FROM events WHERE seq = 3").fetchone()[0]
    con.execute("UPDATE events SET body = ? WHERE seq = 3",
                (bytes(body).replace(b"fb-group", b"fb-grouq"),))
    con.commit()
    con.close()
    result = run_cli("store", "migrate", "--to", target_url)
    assert result.code == 2 and "fails verification at event 3" in result.err
    assert "nothing was migrated" in result.err
    with open_store(target_url) as target:
        assert target.count() == 0


def test_usage_errors(source: str, tmp_path: Path) -> None:
    same = run_cli("store", "migrate", "--to", source)
    assert same.code == 2 and "same store" in same.err
    missing = run_cli("store", "migrate", "--to", f"sqlite:///{tmp_path / 'nope.sqlite3'}")
    assert missing.code == 2 and "no store at" in missing.err
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    open_store(other, create=True).close()
    no_case = run_cli("store", "migrate", "--to", other, "--case", "C-0009")
    assert no_case.code == 2 and "C-0009 has no events" in no_case.err
