"""Benchmark: "seen before?" for 100,000 result URLs in a watch vs raw `diskcache.Cache.get`.

Run: python3 bench/bench_watch.py [--urls N] [--runs N]
A watch has seen half of the URLs (recorded as 100 `watch.run` events in a SQLite store). Timed:
what a run does per watch, `SeenIndex.view(watch)` (load what it has seen) plus
`SeenSet.check(url)` (normalise + look up) for every URL, against a bare
`diskcache.Cache.get(url)` of the same URLs in the same run, the cache holding the seen ones.
Target: a ratio of at most 2.0. Also reported: rebuilding the index from the record, the
per-URL cost of normalisation alone, and what a cron tick (`watch run --due`, nothing due) costs
on a record of 50 watches with 100 runs each: reading each watch's last run only, against
projecting every run (`watch list`). Not a test: no asserts on time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reviewed import make_urls  # the same varied, realistic spellings


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--urls", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--watches", type=int, default=50)
    parser.add_argument("--history", type=int, default=100, help="runs per watch")
    args = parser.parse_args()

    import diskcache  # type: ignore[import-untyped]

    from dorker.results import normalize_url
    from dorker.store.url import open_store
    from dorker.watch.events import WATCH_RUN
    from dorker.watch.seen import SeenIndex

    urls = make_urls(args.urls)
    seen_before = urls[::2]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'store.sqlite3'}", create=True)
        batch = max(1, len(seen_before) // 100)
        for start in range(0, len(seen_before), batch):
            store.append(WATCH_RUN, {"watch": "bench", "watch_id": 1, "new": [
                {"url": normalize_url(u), "original_url": u, "title": "t", "snippet": "s"}
                for u in seen_before[start:start + batch]]}, actor="bench")
        index = SeenIndex(Path(tmp) / "seen.sqlite3")
        started = time.perf_counter()
        index.sync(store)
        rebuild_s = time.perf_counter() - started
        raw = diskcache.Cache(str(Path(tmp) / "raw"))
        with raw.transact():
            for url in seen_before:
                raw.set(url, 1)

        def watch_run() -> int:
            seen = index.view(1)
            return sum(1 for u in urls if seen.check(u)[1])

        def baseline() -> int:
            return sum(1 for u in urls if raw.get(u) is not None)

        def load_only() -> None:
            index.view(1)

        def normalise_only() -> None:
            for u in urls:
                normalize_url(u)

        assert watch_run() == baseline() == len(seen_before)  # same answers before timing
        t_base = t_watch = float("inf")
        for _ in range(args.runs):  # interleaved: both sides see the same machine state
            t_base = min(t_base, best(baseline, 1))
            t_watch = min(t_watch, best(watch_run, 1))
        t_load = best(load_only, args.runs)
        t_norm = best(normalise_only, args.runs)
        index.close()
        raw.close()
        store.close()

    t_light, t_full = tick(args.watches, args.history, args.runs)
    n = len(urls)
    print(f"URLs checked:               {n:,} ({len(seen_before):,} seen before)")
    print(f"index rebuilt from record:  {rebuild_s:.2f} s ({len(seen_before) / rebuild_s:,.0f} "
          "URLs/s)")
    print(f"raw diskcache.Cache.get:    {t_base:.3f} s ({t_base / n * 1e6:.1f} µs/URL)")
    print(f"watch: load + check:        {t_watch:.3f} s ({t_watch / n * 1e6:.1f} µs/URL)")
    print(f"  of which loading the set: {t_load:.3f} s")
    print(f"  of which normalisation:   {t_norm:.3f} s ({t_norm / n * 1e6:.1f} µs/URL)")
    print(f"ratio (target <= 2.0):      {t_watch / t_base:.2f}")
    print(f"cron tick, {args.watches} watches x {args.history} runs: last runs only "
          f"{t_light * 1000:.0f} ms, every run {t_full * 1000:.0f} ms (ratio "
          f"{t_light / t_full:.2f})")


def tick(watches: int, history: int, runs: int) -> tuple[float, float]:
    """Seconds to decide what is due: last runs only, and the full projection."""
    from dorker.store.events import NewEvent
    from dorker.store.url import open_store
    from dorker.watch.events import WATCH_ADDED, WATCH_RUN, load_watches

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'tick.sqlite3'}", create=True)
        ids = [store.append(WATCH_ADDED, {"name": f"w{i}", "targets": ["visa"],
                                          "engines": ["bing"], "every_seconds": 86400},
                            actor="bench").seq for i in range(watches)]
        for day in range(history):
            store.append_many([NewEvent(WATCH_RUN, {
                "watch": f"w{i}", "watch_id": watch_id, "status": "ok",
                "started": "2026-03-01T00:00:00.000000Z", "counts": {"new": 10, "seen": 30},
                "new": [{"url": f"https://ads.example/{watch_id}/{day}/{k}", "title": "t" * 60,
                         "snippet": "s" * 200} for k in range(10)]}, "bench")
                for i, watch_id in enumerate(ids)])
        light = best(lambda: load_watches(store, history=False), runs)
        full = best(lambda: load_watches(store), runs)
        store.close()
    return light, full


if __name__ == "__main__":
    main()
