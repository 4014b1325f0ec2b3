"""Benchmark `dorker audit report` against `dorker audit verify` over the same 1,000,000 events.

    python bench/bench_audit_report.py               # 1,000,000 events (about 1 GB of store)
    python bench/bench_audit_report.py --scale 0.05  # a quick run
    python bench/bench_audit_report.py --keep DIR    # build the store once in DIR, reuse it

The store is a year of a 25-officer unit: opened searches (several per command, sharing a
command id), provider runs with ten results, checks, reviews, evidence, a few exports, a few
searches outside any case (some on phone numbers), the odd burst and late night. Each
measurement runs in a fresh process (so its peak memory is its own), alternating verify and
report, three times each; the table shows medians. Modules are imported before the clock
starts (the same for both); what the report loads on first use (the leads extractor, for the
searches outside a case) is timed with it. Aim (issue 16): the report within 2x the
verify, in memory that does not grow with the record (the report streams). The verify is the
chain check without re-hashing evidence copies (the generated store has none), which is also
the chain check the report itself makes.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dorker.store import GENESIS_HASH, NewEvent
from dorker.store.events import seal
from dorker.store.sqlite import create_schema

ACTORS = [f"officer-{i:02d}" for i in range(25)]
QUERIES = ('"free visa" site:bikroy.com', 'intitle:"job in dubai" "no experience"',
           '"বিদেশে চাকরি" ফ্রি ভিসা', '"passport for sale" site:facebook.com',
           '"malaysia" "agent" "4 lakh"', '"boat to italy" price libya')
PHONES = ("01712-345678", "+880 1812 345678", "01911223344")
NOTES = ("nothing relevant on the first two pages", "ad reposted with a new phone number",
         "বিদেশে চাকরির বিজ্ঞাপন, এজেন্টের নম্বর একই", "")


def _results(rng: random.Random) -> list[dict[str, str]]:
    return [{"url": f"https://bikroy.com/ad/{rng.randrange(10**7)}",
             "title": "Free visa jobs in Dubai, salary 80,000 taka",
             "snippet": "Free visa, free ticket, company job. Contact our agent today. " * 2}
            for _ in range(10)]


def sample(n: int, seed: int = 16) -> Iterator[tuple[str, NewEvent]]:
    """(UTC time, event) pairs over about a year, in time order."""
    rng = random.Random(seed)
    clock = datetime(2025, 1, 1, 3, 0, tzinfo=UTC)  # 09:00 in Dhaka
    step = timedelta(seconds=max(1, 365 * 10 * 3600 // max(n, 1)))
    command: tuple[str, str, int] = ("", "", 0)  # actor, id, events left
    made = 0
    while made < n:
        clock += step * rng.random() * 2
        if clock.hour >= 13 and rng.random() > 0.002:  # the day ends at 19:00 Dhaka...
            clock = (clock + timedelta(days=1)).replace(hour=3, minute=0)
            while clock.weekday() in (4, 5) and rng.random() > 0.01:  # ...the week on Thursday
                clock += timedelta(days=1)
        actor, cid, left = command
        if left <= 0:
            actor = ACTORS[rng.randrange(len(ACTORS))]
            cid, left = f"{rng.getrandbits(64):016x}", rng.choice((1, 1, 1, 3, 8))
            if rng.random() < 0.0005:  # a burst: a script of 40 single commands
                for _ in range(40):
                    clock += timedelta(seconds=1)
                    made += 1
                    yield _ts(clock), _event(rng, actor, None, "C-0001")
        command = (actor, cid, left - 1)
        case = None if rng.random() < 0.02 else f"C-{rng.randrange(1, 501):04d}"
        made += 1
        yield _ts(clock), _event(rng, actor, cid if left > 1 else None, case)


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _event(rng: random.Random, actor: str, cid: str | None, case: str | None) -> NewEvent:
    roll = rng.random()
    query = QUERIES[rng.randrange(len(QUERIES))]
    if case is None and rng.random() < 0.2:
        query = f'"{PHONES[rng.randrange(len(PHONES))]}"'
    if roll < 0.45 or cid is not None:
        payload: dict[str, object] = {"engine": "google", "query": query, "how": "browser",
                                      "url": "https://www.google.com/search?q=x",
                                      "playbook": "gulf-free-visa-jobs", "query_id": "en-free-1",
                                      "playbook_version": "3", "playbook_sha256": "a" * 64}
        if cid is not None:
            payload["command_id"] = cid
        return NewEvent("query.opened", payload, actor, case)
    if roll < 0.55:
        return NewEvent("search.run", {
            "engine": "google", "query": query, "provider": "searxng", "page": 1,
            "outcome": {"status": "ok", "message": "10 results", "results": _results(rng),
                        "request": {"from_cache": rng.random() < 0.3}}}, actor, case)
    case = case or "C-0002"
    if roll < 0.80:
        return NewEvent("source.checked", {"source": "bikroy", "outcome": "leads", "query": None,
                                           "note": NOTES[rng.randrange(len(NOTES))]}, actor, case)
    if roll < 0.93:
        return NewEvent("result.reviewed", {"url": "https://bikroy.com/ad/1",
                                            "verdict": "relevant", "note": None, "tags": []},
                        actor, case)
    if roll < 0.995:
        return NewEvent("evidence.added", {"sha256": "b" * 64, "size": 1234, "file": "ad.png",
                                           "url": None, "note": None}, actor, case)
    return NewEvent("export", {"what": "case report", "destination": f"/home/o/{case}.html"},
                    actor, case)


def build(path: Path, n: int) -> None:
    """Write `n` events straight into a store file (sealed exactly as the store seals them)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("BEGIN IMMEDIATE")
    create_schema(con)
    prev, rows, seq = GENESIS_HASH, [], 0
    for seq, (ts, item) in enumerate(sample(n), 1):
        event, body = seal(seq, prev, item, ts)
        rows.append((seq, body, event.hash))
        prev = event.hash
        if len(rows) == 50_000:
            con.executemany("INSERT INTO events (seq, body, hash) VALUES (?, ?, ?)", rows)
            rows.clear()
    con.executemany("INSERT INTO events (seq, body, hash) VALUES (?, ?, ?)", rows)
    con.execute("COMMIT")
    con.close()


# The unit's working week, as its config would say: Sunday to Thursday, 09:00-19:00 in Dhaka.
CHILD = """
import json, resource, sys, time
from dorker.audit.report import build_report
from dorker.audit.settings import AuditSettings
from dorker.store import open_store
from dorker.store.verify import verify
kind, url = sys.argv[1], sys.argv[2]
settings = AuditSettings(timezone="Asia/Dhaka", start_minute=9 * 60, end_minute=19 * 60,
                         days=frozenset({6, 0, 1, 2, 3}))
with open_store(url) as store:
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "verify":
        verify(store, evidence=False)
        flags = 0
    else:
        flags = len(build_report(store, settings=settings)["flags"])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": elapsed, "cpu": cpu, "flags": flags,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(kind: str, url: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, url], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the store in this folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    n = int(1_000_000 * args.scale)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dorker-audit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"audit-{n}.sqlite3"
    if not path.exists():
        start = time.perf_counter()
        build(path, n)
        print(f"built {n:,} events ({path.stat().st_size / 1e6:,.0f} MB) in "
              f"{time.perf_counter() - start:.0f} s")
    url = f"sqlite:///{path}"
    measure("verify", url)  # warm the page cache once, untimed
    times: dict[str, list[dict[str, float]]] = {"verify": [], "report": []}
    for _ in range(args.runs):
        for kind in ("verify", "report"):
            times[kind].append(measure(kind, url))
    print(f"{'measure':<30}{'median wall s':>15}{'median CPU s':>14}{'peak RSS MB':>13}")
    medians: dict[str, tuple[float, float]] = {}
    for kind, label in (("verify", "audit verify (chain)"), ("report", "audit report (data)")):
        rss = max(r["max_rss_mb"] for r in times[kind])
        wall = statistics.median(r["seconds"] for r in times[kind])
        cpu = statistics.median(r["cpu"] for r in times[kind])
        medians[kind] = (wall, cpu)
        print(f"{label:<30}{wall:>15.2f}{cpu:>14.2f}{rss:>13.0f}")
    print(f"ratio report / verify: {medians['report'][1] / medians['verify'][1]:.2f}x CPU, "
          f"{medians['report'][0] / medians['verify'][0]:.2f}x wall (aim <= 2x); "
          f"{int(times['report'][0]['flags'])} flags over {n:,} events")


if __name__ == "__main__":
    main()
