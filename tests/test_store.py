"""The store contract, run against every backend (SQLite now; PostgreSQL joins via its URL).

Includes the crash test (a real process killed with SIGKILL mid-stream, many rounds) and the
concurrency test (four processes appending at once).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dorker.errors import InputError
from dorker.store import (
    GENESIS_HASH,
    EventFilter,
    EventStore,
    HeadMovedError,
    NewEvent,
    open_store,
    verify,
)
from pg_support import fresh_schema

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty store of each backend (PostgreSQL: a fresh schema, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    with fresh_schema() as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    s = open_store(store_url, create=True)
    yield s
    s.close()


def independent_hash(event_json: dict[str, object]) -> str:
    """Recompute a hash the way docs/audit.md tells an auditor to (no dorker code)."""
    doc = {k: event_json[k] for k in ("seq", "ts", "actor", "case", "action", "payload", "prev")}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_first_event_starts_the_chain(store: EventStore) -> None:
    event = store.append("case.created", {"title": "t"}, actor="alice", case_id="C-0001")
    assert (event.seq, event.prev_hash, event.actor, event.case_id) == (1, GENESIS_HASH, "alice",
                                                                        "C-0001")
    assert TS.match(event.ts)
    assert event.hash == independent_hash(event.to_json())
    assert store.get(1) == event
    assert str(store.head()) == f"1:{event.hash}"


def test_events_link_into_one_chain(store: EventStore) -> None:
    events = [store.append("x.y", {"i": i}, actor="a") for i in range(10)]
    assert [e.seq for e in events] == list(range(1, 11))
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert list(store.iter_events()) == events
    report = verify(store)
    assert report.ok and report.checked == 10 and report.head == store.head()


def test_non_latin_text_round_trips_and_hashes_as_documented(store: EventStore) -> None:
    payload = {"note": "বিদেশে চাকরি — وظائف في ماليزيا \u200d", "nested": {"b": [1, True, None]}}
    event = store.append("source.checked", payload, actor="অফিসার", case_id="C-0001")
    again = store.get(event.seq)
    assert again is not None and dict(again.payload) == payload and again.actor == "অফিসার"
    assert event.hash == independent_hash(again.to_json())


@pytest.mark.parametrize("payload", [
    pytest.param({"x": 1.5}, id="float"),
    pytest.param({"x": 2**60}, id="huge-int"),
    pytest.param({"x": {1: "a"}}, id="non-string-key"),
    pytest.param({"x": {1, 2}}, id="set"),
])
def test_payloads_the_canonical_form_cannot_carry_are_refused(store: EventStore,
                                                              payload: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        store.append("x", payload, actor="a")
    assert store.head() is None


def test_undecodable_text_is_a_user_error(store: EventStore) -> None:
    with pytest.raises(InputError):
        store.append("x", {"note": "bad \udcff byte"}, actor="a")
    assert store.count() == 0


def test_append_many_is_all_or_nothing(store: EventStore) -> None:
    store.append("x", {"i": 0}, actor="a")
    good = [NewEvent("x", {"i": i}, "a") for i in range(5)]
    with pytest.raises(ValueError):
        store.append_many([*good, NewEvent("x", {"bad": 0.1}, "a")])
    assert store.count() == 1
    events = store.append_many(good)
    assert [e.seq for e in events] == [2, 3, 4, 5, 6] and verify(store).ok


def test_expect_seq_refuses_a_moved_head(store: EventStore) -> None:
    store.append("x", {}, actor="a")
    with pytest.raises(HeadMovedError):
        store.append("x", {}, actor="a", expect_seq=0)
    assert store.append("x", {}, actor="a", expect_seq=1).seq == 2


def test_filters(store: EventStore) -> None:
    store.append("case.created", {"title": "a"}, actor="alice", case_id="C-0001")
    store.append("case.created", {"title": "b"}, actor="bob", case_id="C-0002")
    store.append("source.checked", {"n": 1}, actor="alice", case_id="C-0001")
    store.append("source.checked", {"n": 2}, actor="bob", case_id="C-0001")
    store.append("evidence.added", {"n": 3}, actor="bob", case_id=None)

    def seqs(where: EventFilter, **kw: object) -> list[int]:
        return [e.seq for e in store.iter_events(where, **kw)]  # type: ignore[arg-type]

    assert seqs(EventFilter(case_id="C-0001")) == [1, 3, 4]
    assert seqs(EventFilter(actor="bob")) == [2, 4, 5]
    assert seqs(EventFilter(action="source.checked")) == [3, 4]
    assert seqs(EventFilter(action="case.*")) == [1, 2]
    assert seqs(EventFilter(case_id="C-0001", actor="bob")) == [4]
    assert seqs(EventFilter(after_seq=3)) == [4, 5]
    assert seqs(EventFilter(), reverse=True, limit=2) == [5, 4]
    assert store.count(EventFilter(actor="alice")) == 2
    third = store.get(3)
    assert third is not None
    assert seqs(EventFilter(since=third.ts)) == [3, 4, 5]
    assert seqs(EventFilter(until=third.ts)) == [1, 2]
    assert store.get(99) is None


def test_reopening_keeps_everything(store_url: str) -> None:
    with open_store(store_url, create=True) as s:
        s.append_many([NewEvent("x", {"i": i}, "a") for i in range(20)])
        head = s.head()
    with open_store(store_url) as s:
        assert s.head() == head and s.count() == 20 and verify(s).ok


def test_the_interface_has_no_update_or_delete() -> None:
    names = {n for n in dir(EventStore) if not n.startswith("_")}
    assert not {n for n in names if any(w in n for w in ("update", "delete", "remove", "edit"))}


# -- crash and concurrency: real processes ---------------------------------------------------

WRITER = r"""
import os, sys, time
from dorker.store import NewEvent, open_store
url, writer, go = sys.argv[1], sys.argv[2], sys.argv[5]
count, batch = int(sys.argv[3]), int(sys.argv[4])
store = open_store(url, create=True)
while go != "-" and not os.path.exists(go):
    time.sleep(0.001)
i = 0
while count < 0 or i < count:
    if batch == 1:
        events = [store.append("test.tick", {"writer": writer, "i": i}, actor=writer)]
    else:
        events = store.append_many([NewEvent("test.tick", {"writer": writer, "i": i + k,
                                    "batch": i // batch}, writer) for k in range(batch)])
    i += len(events)
    sys.stdout.write("".join(f"{e.seq}:{e.hash}\n" for e in events))
    sys.stdout.flush()
"""


def _writer(url: str, name: str, count: int, batch: int = 1,
            go: str = "-") -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, url, name, str(count), str(batch), go],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_sigkill_mid_stream_loses_nothing_committed(store_url: str) -> None:
    rng = random.Random(4)
    reported: dict[int, str] = {}
    for round_no in range(20):
        batch = 1 if round_no % 2 == 0 else 25
        proc = _writer(store_url, f"w{round_no}", -1, batch)
        assert proc.stdout is not None
        wanted = rng.randint(1, 60)
        lines = []
        while len(lines) < wanted:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "writer died"
            lines.append(line)
        time.sleep(rng.random() * 0.004)  # land the kill anywhere inside the next appends
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        for line in lines + rest.splitlines():
            seq, _, digest = line.strip().partition(":")
            reported[int(seq)] = digest
    with open_store(store_url) as store:
        report = verify(store)
        assert report.ok, report.problem
        for seq, digest in reported.items():  # every append that reported success is there
            event = store.get(seq)
            assert event is not None and event.hash == digest
        batches: dict[tuple[str, int], int] = {}
        for event in store.iter_events():
            if "batch" in event.payload:
                key = (event.actor, int(event.payload["batch"]))
                batches[key] = batches.get(key, 0) + 1
        assert batches and set(batches.values()) == {25}  # a batch is all or nothing
        assert store.count() >= len(reported)


@pytest.mark.slow
def test_four_processes_appending_at_once_lose_nothing(store_url: str, tmp_path: Path) -> None:
    open_store(store_url, create=True).close()
    go = tmp_path / "go"
    procs = [_writer(store_url, f"p{n}", 250, 1, str(go)) for n in range(4)]
    time.sleep(0.3)
    go.touch()
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in outputs]
    with open_store(store_url) as store:
        report = verify(store)
        assert report.ok and report.checked == 1000
        seen = [(e.actor, e.payload["i"]) for e in store.iter_events()]
        assert sorted(seen) == sorted((f"p{n}", i) for n in range(4) for i in range(250))
        assert [e.seq for e in store.iter_events()] == list(range(1, 1001))
    reported = [line for out, _ in outputs for line in out.splitlines()]
    assert len(reported) == len(set(reported)) == 1000


def test_time_never_runs_backwards_along_the_chain(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import dorker.store.sqlite as backend

    with open_store(f"sqlite:///{tmp_path / 's.sqlite3'}", create=True) as store:
        first = store.append("x", {}, actor="a")
        monkeypatch.setattr(backend, "utc_now", lambda: "2001-01-01T00:00:00.000000Z")
        second = store.append("x", {}, actor="a")  # the clock stepped back a quarter century
        assert second.ts == first.ts
        assert [e.seq for e in store.iter_events(EventFilter(since=first.ts))] == [1, 2]
        assert verify(store).ok
