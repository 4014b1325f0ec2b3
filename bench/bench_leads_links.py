"""`leads links` over a large store: run through bench/bench_leads.py (or alone).

Run: python3 bench/bench_leads_links.py [--leads N]
Builds a SQLite store holding N `lead.found` events (default 100,000) spread over 50 cases and
N/5 items, leads drawn from a pool where a few numbers recur often (as brokers' numbers do), then
times `links()` for one case and for the whole store. Not a test: no asserts.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

CASES = 50
BATCH = 5_000


def build_store(folder: Path, count: int, seed: int = 5) -> Path:
    """A store with `count` lead sightings; returns its path."""
    from dorker.leads.events import LEAD_FOUND
    from dorker.store.events import NewEvent
    from dorker.store.sqlite import SqliteEventStore

    rnd = random.Random(seed)
    path = folder / "bench.sqlite3"
    store = SqliteEventStore(path, create=True)
    items = max(1, count // 5)
    pool = max(10, count // 4)
    batch: list[NewEvent] = []
    for index in range(count):
        case = f"C-{rnd.randrange(CASES) + 1:04d}"
        item = rnd.randrange(items)
        # A few leads recur everywhere (a broker's number), most are rare.
        lead_no = int(rnd.paretovariate(1.2)) % pool if rnd.random() < 0.3 else rnd.randrange(pool)
        family = rnd.choice(("phone", "phone", "phone", "telegram", "email", "money"))
        value = {"phone": f"+8801{700000000 + lead_no:09d}", "telegram": f"agent_{lead_no}",
                 "email": f"agent{lead_no}@example.com", "money": f"BDT {lead_no * 1000}"}[family]
        lead_id = f"money:BDT:{lead_no * 1000}" if family == "money" else f"{family}:{value}"
        url = f"https://ads.example.com/{item}"
        batch.append(NewEvent(LEAD_FOUND, {
            "lead": {"id": lead_id, "kind": family, "value": value, "raw": value},
            "kinds": [family], "item": {"key": f"url:{url}", "type": "url", "url": url},
            "where": ["snippet"], "from": [index + 1]}, "bench", case))
        if len(batch) == BATCH:
            store.append_many(batch)
            batch = []
    if batch:
        store.append_many(batch)
    store.close()
    return path


def bench_links(folder: Path, count: int) -> None:
    from dorker.leads.graph import links
    from dorker.store.sqlite import SqliteEventStore

    start = time.perf_counter()
    path = build_store(folder, count)
    built = time.perf_counter() - start
    store = SqliteEventStore(path)
    try:
        links(store, "C-0002")  # warm: SQLite pages and imports
        wall, cpu = time.perf_counter(), time.process_time()
        one = links(store, "C-0001")
        t_case, c_case = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        every = links(store, None)
        t_all, c_all = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        store.close()
    print(f"\nleads links over a store of {count:,} lead events ({CASES} cases; "
          f"store built in {built:.1f} s):")
    print(f"  one case (C-0001)   {t_case:6.2f} s wall, {c_case:6.2f} s CPU  "
          f"{len(one.clusters):,} cluster(s), "
          f"{sum(len(c.other_cases) > 0 for c in one.clusters):,} with other cases")
    print(f"  the whole store     {t_all:6.2f} s wall, {c_all:6.2f} s CPU  "
          f"{len(every.clusters):,} cluster(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dorker-bench-links-") as folder:
        bench_links(Path(folder), args.leads)


if __name__ == "__main__":
    main()
