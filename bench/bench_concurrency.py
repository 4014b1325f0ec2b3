"""Benchmark concurrent appends: events/s with 1, 4 and 16 writer processes, SQLite vs PostgreSQL.

    python bench/bench_concurrency.py                  # 3 runs of 2 s per configuration
    python bench/bench_concurrency.py --seconds 1 --writers 1 4
    DORKER_BENCH_POSTGRES=postgresql://owner@127.0.0.1:54329/db python bench/bench_concurrency.py

PostgreSQL is measured when DORKER_BENCH_POSTGRES (or DORKER_TEST_POSTGRES) names a server; each
run uses a fresh schema, dropped afterwards. Every writer is a real process with its own
connection appending one event per transaction (durable commit) until the time is up; the store
is verified afterwards (one linear chain, nothing lost). Target (issue 7): throughput with 16
writers at least 0.8x that of 1 writer (the chain must not collapse under contention).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from dorker.store import open_store, verify

WRITER = r"""
import sys, time
from dorker.store import open_store
url, name, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
store = open_store(url)
print("ready", flush=True)
sys.stdin.readline()  # the start signal: every writer starts at once
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    store.append("bench.tick", {"writer": name, "i": n, "note": "বিদেশে চাকরি"}, actor=name)
    n += 1
store.close()
print(n, flush=True)
"""


def run(url: str, writers: int, seconds: float) -> tuple[float, int]:
    """(events per second, events) for `writers` processes appending to the store at `url`."""
    open_store(url, create=True).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, f"w{n}", str(seconds)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for n in range(writers)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    started = time.monotonic()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    counts = [int(proc.communicate()[0].strip() or 0) for proc in procs]
    elapsed = time.monotonic() - started
    if any(proc.returncode for proc in procs):
        raise SystemExit(f"a writer failed on {url}")
    with open_store(url) as store:
        report = verify(store, evidence=False)
        if not report.ok or report.checked != sum(counts):
            raise SystemExit(f"chain check failed on {url}: {report.to_json()}")
        first, last = store.get(1), store.get(sum(counts))
    # The rate over the events' own timestamps: process start-up and exit are left out.
    assert first is not None and last is not None
    span = (_seconds(last.ts) - _seconds(first.ts)) or elapsed
    return (sum(counts) - 1) / span, sum(counts)


def _seconds(ts: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


def postgres_url(base: str) -> tuple[str, str]:
    """A store URL in a fresh schema of the server at `base`, and that schema's name."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    return f"{base}{'&' if '?' in base else '?'}schema={schema}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base.split("?", 1)[0], autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each run")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per configuration; the median is reported (a shared machine "
                             "is noisy)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), nargs="+",
                        default=["sqlite", "postgresql"])
    args = parser.parse_args()
    pg = os.environ.get("DORKER_BENCH_POSTGRES") or os.environ.get("DORKER_TEST_POSTGRES")
    print(f"{'backend':<11} {'writers':>7} {'events':>8} {'events/s':>10} {'vs 1 writer':>12}"
          "   (events/s: median of the runs)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for backend in args.backend:
            if backend == "postgresql" and not pg:
                print("postgresql  skipped: set DORKER_BENCH_POSTGRES (or DORKER_TEST_POSTGRES)")
                continue
            base: float | None = None
            for writers in args.writers:
                rates: list[float] = []
                events = 0
                for attempt in range(args.repeat):
                    schema = None
                    if backend == "sqlite":
                        url = f"sqlite:///{work / f's{writers}-{attempt}.sqlite3'}?timeout=120"
                    else:
                        assert pg is not None
                        url, schema = postgres_url(pg)
                    try:
                        rate, moved = run(url, writers, args.seconds)
                    finally:
                        if schema is not None:
                            drop_schema(pg or "", schema)
                    rates.append(rate)
                    events += moved
                rate = statistics.median(rates)
                base = rate if base is None else base
                ratio = rate / base
                if writers == 16 and ratio < 0.8:
                    ok = False
                print(f"{backend:<11} {writers:>7} {events:>8} {rate:>10.0f} {ratio:>11.2f}x",
                      flush=True)
    print("target (16 writers >= 0.8x 1 writer):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
