"""`audit report` gives the same answer, byte for byte, as the report it was checked against.

A generated record of a few thousand varied events (searches in and outside cases with phone
numbers, e-mails and handles in them, commands of many events, bursts, late nights, weekends,
daylight-saving changes, scheduled watch runs, exports, escaped actor and case names), and the
same record tampered with (an edited event, a re-written one, an unreadable one), is reported
under several queries and settings; the JSON must match `data/report_golden.json`, written by
the report as it was before its inner loop was rewritten for speed. Regenerate it (only when
the report is meant to change) with `DORKER_REGEN_GOLDEN=1 pytest` on this file.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dorker.audit.report import ReportQuery, build_report
from dorker.audit.settings import AuditSettings
from dorker.store import GENESIS_HASH, NewEvent, open_store
from dorker.store.events import Head, seal
from dorker.store.sqlite import create_schema

GOLDEN = Path(__file__).parent / "data" / "report_golden.json"
ACTORS = ("officer.rahman", "s.khan", "অফিসার-৩", 'we\\ird "actor"', "tab\there", "cron")
CASES = ("C-0001", "C-0002", "C-0003", 'C-"q"\\x', "C-০৪")
QUERIES = ('"free visa" site:bikroy.com', '"01712-345678" job', "contact agent@visa-bd.com",
           "@dubai_jobs_bd free ticket", "wa.me/8801812345678", "০১৭১২৩৪৫৬৭৮ ভিসা",
           '"malaysia agent" fee 4 lakh', 'intitle:"job in dubai"', "")
ZONES = {
    "utc": AuditSettings(),
    "dhaka": AuditSettings(timezone="Asia/Dhaka", start_minute=9 * 60, end_minute=19 * 60,
                           days=frozenset({6, 0, 1, 2, 3}), burst_per_minute=6),
    "adelaide-night": AuditSettings(timezone="Australia/Adelaide", start_minute=20 * 60,
                                    end_minute=4 * 60, days=frozenset({0, 2, 4}),
                                    burst_per_minute=3),
    "london": AuditSettings(timezone="Europe/London", start_minute=8 * 60 + 30,
                            end_minute=17 * 60 + 45, burst_per_minute=10),
}


def _payload(rng: random.Random, action: str, case: str | None) -> dict[str, Any]:
    query = QUERIES[rng.randrange(len(QUERIES))]
    if action == "query.opened":
        payload: dict[str, Any] = {"engine": rng.choice(("google", "bing", "yandex")),
                                   "how": "browser", "url": "https://www.google.com/search?q=x"}
        payload["query" if rng.random() < 0.8 else "dork"] = query
        return payload
    if action == "search.run":
        return {"engine": "google", "query": query, "provider": "searxng", "page": 1,
                "outcome": {"status": "ok", "results": [{"url": "https://bikroy.com/ad/1",
                                                         "title": "Free visa \u201cjobs\u201d",
                                                         "scheduled": True}],
                            "request": {"from_cache": rng.random() < 0.5}}}
    if action == "export":
        return {"what": rng.choice(("case report", "leads", "audit log", "evidence")),
                "destination": f"/home/o/{case or 'all'}.html"}
    if action == "source.checked":
        return {"source": "bikroy", "outcome": "leads", "note": "রিপোস্ট \"again\""}
    if action == "result.reviewed":
        return {"url": "https://bikroy.com/ad/1", "verdict": "relevant", "tags": []}
    if action == "evidence.added":
        return {"sha256": "b" * 64, "size": 1234, "file": "ad.png"}
    if action.startswith("watch."):
        return {"watch": rng.choice(("gulf", "loose", "gone")), "new": 2}
    return {"text": "a note", "lead": "phone:+8801712345678"}


def varied_events(n: int = 3000, seed: int = 16) -> list[tuple[str, NewEvent]]:
    """(UTC time, event) pairs in time order over a month that crosses two DST changes."""
    rng = random.Random(seed)
    clock = datetime(2026, 3, 20, 2, 17, 3, 250_000, tzinfo=UTC)
    events: list[tuple[str, NewEvent]] = []

    def add(item: NewEvent) -> None:
        events.append((clock.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), item))

    for number, made in enumerate(CASES[:4], 1):
        add(NewEvent("case.created", {"title": f"Case {number} <b>&amp;</b>"}, "officer.rahman",
                     made))
    add(NewEvent("watch.added", {"name": "gulf"}, "s.khan", "C-0001"))
    add(NewEvent("watch.added", {"name": "loose"}, "officer.rahman", None))
    add(NewEvent("watch.added", {"watch": "old-style"}, "officer.rahman", "C-0002"))
    actions = ("query.opened",) * 8 + ("search.run",) * 4 + (
        "source.checked", "source.checked", "result.reviewed", "evidence.added", "export",
        "watch.run", "lead.noted", "case.note")
    while len(events) < n:
        roll = rng.random()
        clock += timedelta(seconds=rng.choice((0.4, 3, 20, 70, 400, 3000, 4 * 3600, 11 * 3600)),
                           microseconds=rng.randrange(1_000_000))
        actor = ACTORS[rng.randrange(len(ACTORS) - 1)]
        case = None if rng.random() < 0.15 else CASES[rng.randrange(len(CASES))]
        if roll < 0.03:  # a burst: a script of single commands, a second or less apart
            for _ in range(rng.randrange(5, 30)):
                clock += timedelta(milliseconds=rng.randrange(50, 1500))
                add(NewEvent("query.opened", _payload(rng, "query.opened", case), actor, case))
            continue
        if roll < 0.08:  # one command of many events (a plan opened with --all)
            command = f"{rng.getrandbits(48):012x}"
            for _ in range(rng.randrange(2, 25)):
                clock += timedelta(milliseconds=rng.randrange(10, 400))
                payload = _payload(rng, "query.opened", case)
                payload["command_id"] = command
                add(NewEvent("query.opened", payload, actor, case))
            continue
        if roll < 0.11:  # a scheduled watch run, judged by its watch
            watch = rng.choice(("gulf", "loose", "gone", "old-style", 7))
            payload = _payload(rng, "search.run", None)
            payload.update(watch=watch, scheduled=rng.random() < 0.9)
            add(NewEvent(rng.choice(("search.run", "search.run", "watch.run")), payload, "cron",
                         None))
            continue
        action = actions[rng.randrange(len(actions))]
        payload = _payload(rng, action, case)
        if rng.random() < 0.1:
            payload["command_id"] = f"{rng.getrandbits(20):05x}"
        add(NewEvent(action, payload, actor, case))
    return events


def _write(path: Path, events: list[tuple[str, NewEvent]]) -> list[str]:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    create_schema(con)
    prev, hashes = GENESIS_HASH, []
    for seq, (ts, item) in enumerate(events, 1):
        event, body = seal(seq, prev, item, ts)
        con.execute("INSERT INTO events (seq, body, hash) VALUES (?, ?, ?)",
                    (seq, body, event.hash))
        prev = event.hash
        hashes.append(prev)
    con.execute("COMMIT")
    con.close()
    return hashes


def _tamper(path: Path) -> None:
    """Edit event 1200, re-write 1500 in non-canonical form, make 1800 and 1900 unreadable."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DROP TRIGGER events_no_update")
    body = bytes(con.execute("SELECT body FROM events WHERE seq = 1200").fetchone()[0])
    con.execute("UPDATE events SET body = ? WHERE seq = 1200",
                (body.replace(b'"engine":"', b'"engine":"x'),))
    body = bytes(con.execute("SELECT body FROM events WHERE seq = 1500").fetchone()[0])
    spaced = json.dumps(json.loads(body), indent=1, ensure_ascii=True).encode()
    con.execute("UPDATE events SET body = ? WHERE seq = 1500", (spaced,))
    con.execute("UPDATE events SET body = ? WHERE seq = 1800", (b'{"action": "cut"}',))
    con.execute("UPDATE events SET body = CAST(? AS BLOB) WHERE seq = 1900",
                (json.dumps({"action": 3, "actor": "a", "case": None, "ts": "x"}),))
    con.close()


def reports(tmp_path: Path, only: str | None = None) -> dict[str, Any]:
    """Every scenario's report, with what differs from run to run (time, path) taken out."""
    clean, tampered = tmp_path / "clean.sqlite3", tmp_path / "tampered.sqlite3"
    events = varied_events()
    hashes = _write(clean, events)
    _write(tampered, events)
    _tamper(tampered)
    middle = events[len(events) // 2][0]
    scenarios: list[tuple[str, Path, ReportQuery, str]] = [
        ("all-utc", clean, ReportQuery(), "utc"),
        ("all-dhaka", clean, ReportQuery(), "dhaka"),
        ("all-adelaide", clean, ReportQuery(), "adelaide-night"),
        ("all-london-anchored", clean, ReportQuery(anchor=Head(2000, hashes[1999])), "london"),
        ("bad-anchor", clean, ReportQuery(anchor=Head(2000, "c" * 64)), "utc"),
        ("since-until", clean, ReportQuery(since="2026-03-27T11:00:00.000000Z", until=middle),
         "dhaka"),
        ("since", clean, ReportQuery(since=middle), "london"),
        ("escaped-actor", clean, ReportQuery(actor='we\\ird "actor"'), "dhaka"),
        ("bengali-actor", clean, ReportQuery(actor="অফিসার-৩"), "utc"),
        ("case", clean, ReportQuery(case_id="C-0002"), "adelaide-night"),
        ("escaped-case-and-actor", clean, ReportQuery(case_id='C-"q"\\x', actor="s.khan"),
         "dhaka"),
        ("tampered", tampered, ReportQuery(), "dhaka"),
        ("tampered-window", tampered, ReportQuery(since="2026-03-25T00:00:00.000000Z"),
         "adelaide-night"),
    ]
    out: dict[str, Any] = {}
    for name, path, query, zone in scenarios:
        if only is not None and name != only:
            continue
        with open_store(f"sqlite:///{path}") as store:
            data = build_report(store, query, ZONES[zone], evidence=False)
            data.pop("evidence")  # added after the golden file; tests/audit/test_audit_evidence.py
        data.pop("generated_at")
        data["store"] = path.name
        out[name] = data
    return out


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """What the golden file keeps of one report: a digest of each part (the reports are a few
    MB in all), with the totals and the flags per kind in the clear to make a change legible."""
    kinds: dict[str, int] = {}
    for flag in data["flags"]:
        kinds[flag["kind"]] = kinds.get(flag["kind"], 0) + 1
    return {"parts": {key: _digest(value) for key, value in sorted(data.items())},
            "totals": data["totals"], "flag_kinds": dict(sorted(kinds.items())),
            "chain": data["chain"]}


def test_the_report_is_unchanged_on_a_varied_record(tmp_path: Path) -> None:
    got = {name: summary(data) for name, data in reports(tmp_path).items()}
    if os.environ.get("DORKER_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(got) == set(want)
    for name in want:  # scenario by scenario, so a failure names the scenario and the part
        assert got[name]["totals"] == want[name]["totals"], name
        assert got[name]["flag_kinds"] == want[name]["flag_kinds"], name
        assert got[name]["chain"] == want[name]["chain"], name
        assert got[name]["parts"] == want[name]["parts"], name


def test_the_record_is_varied_enough_to_mean_something() -> None:
    """The golden record exercises every flag kind, the slow path and the unreadable count."""
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    kinds = {kind for data in want.values() for kind in data["flag_kinds"]}
    assert kinds == {"selector-outside-case", "outside-case", "burst", "off-hours", "export",
                     "chain", "anchor", "no-anchor"}
    assert want["tampered"]["totals"]["unreadable"] == 2
    assert want["tampered"]["chain"]["first_bad"] == 1200
    assert want["all-london-anchored"]["chain"]["ok"] is True
    assert want["bad-anchor"]["chain"]["ok"] is False
    assert want["escaped-actor"]["totals"]["events"] > 100
    assert want["case"]["totals"]["events"] > 100


def test_a_scheduled_run_and_a_selector_are_in_the_varied_record(tmp_path: Path) -> None:
    data = reports(tmp_path, only="all-utc")["all-utc"]
    details = [f["detail"] for f in data["flags"]]
    assert any("scheduled run of watch loose" in d for d in details)
    assert any("it holds phone +8801712345678" in d for d in details)
    assert any("it holds email agent@visa-bd.com" in d for d in details)


def test_counting_in_several_rounds_gives_the_same_report(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """When the counters grow past their bound (whos × cases) they are added up and started
    again (`Collector.fold`); the report must not change."""
    from dorker.audit import collect

    monkeypatch.setattr(collect, "_COUNTS", 12)
    data = reports(tmp_path, only="all-dhaka")["all-dhaka"]
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))["all-dhaka"]
    assert summary(json.loads(json.dumps(data, ensure_ascii=False))) == want


def test_an_edited_time_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    """A body whose time names no such minute (edited) is counted as unreadable."""
    path = tmp_path / "s.sqlite3"
    events = [("2026-03-20T10:00:00.000000Z", NewEvent("query.opened", {"query": "x"}, "a",
                                                       "C-0001")),
              ("2026-03-20T10:01:00.000000Z", NewEvent("query.opened", {"query": "y"}, "a",
                                                       "C-0001"))]
    _write(path, events)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DROP TRIGGER events_no_update")
    body = bytes(con.execute("SELECT body FROM events WHERE seq = 2").fetchone()[0])
    con.execute("UPDATE events SET body = ? WHERE seq = 2", (body.replace(b"10:01", b"10:99"),))
    con.close()
    with open_store(f"sqlite:///{path}") as store:
        data = build_report(store, evidence=False)
        data.pop("evidence")  # added after the golden file; tests/audit/test_audit_evidence.py
    assert data["totals"]["unreadable"] == 1 and data["totals"]["events"] == 1
    assert data["chain"]["first_bad"] == 2


def test_clip_skips_escaping_only_where_nothing_needs_it() -> None:
    """`clip` passes printable text through as it is; anything else goes through printable."""
    from dorker.audit.summary import clip
    from dorker.textsafe import printable

    rng = random.Random(19)
    alphabet = ["a", " ", "ব", "\x1b", "\n", "\t", "\u202e", "\u2028", "\u061c", "\u200f",
                "\x85", "\u2066", "\x7f", "\u00a0", "\ufeff", "…"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        want = printable(text)
        assert clip(text, 9) == (want if len(want) <= 9 else want[:8] + "…"), repr(text)
