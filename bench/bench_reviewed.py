"""Benchmark: "has this URL been reviewed?" for 100,000 URLs vs raw `diskcache.Cache.get`.

Run: python3 bench/bench_reviewed.py [--urls N] [--runs N]
Half of the URLs were reviewed. `ReviewedIndex.get(url)` (normalisation + lookup + the mark) is
timed against a bare `diskcache.Cache.get(url)` over the same URLs in the same run, each cache
holding the same values; the target is a ratio of at most 2.0. Not a test: no asserts.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TRACKERS = ["utm_source=fb", "utm_medium=social", "fbclid=IwAR0abc", "gclid=Cj0KCQ", "ref_src=tw"]
HOSTS = ["jobs.example.com", "WWW.Example.co.uk", "visa-agency.test", "bücher.example",
         "classifieds.example.com.bd", "t.me", "m.facebook.com", "recruit.example.my"]


def make_urls(count: int, seed: int = 7) -> list[str]:
    """Varied, realistic spellings: case, ports, fragments, tracking and real parameters."""
    rnd = random.Random(seed)
    urls = []
    for i in range(count):
        host = rnd.choice(HOSTS)
        port = ":443" if rnd.random() < 0.1 else ""
        path = f"/{rnd.choice(['job', 'post', 's', 'ad'])}/{i}"
        params = [f"id={rnd.randint(1, 999)}"] if rnd.random() < 0.5 else []
        params += rnd.sample(TRACKERS, rnd.randint(0, 2))
        rnd.shuffle(params)
        query = "?" + "&".join(params) if params else ""
        frag = "#comments" if rnd.random() < 0.2 else ""
        urls.append(f"https://{host}{port}{path}{query}{frag}")
    return urls


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
    args = parser.parse_args()

    import diskcache  # type: ignore[import-untyped]

    from dorker.results import ReviewedIndex, normalize_url

    urls = make_urls(args.urls)
    reviewed = urls[::2]
    value = ("relevant", "officer-a", "2026-11-28T03:00:00.000000Z", "note", ("tag",))
    with tempfile.TemporaryDirectory() as tmp:
        index = ReviewedIndex(Path(tmp) / "index")
        events = [{"action": "result.reviewed", "actor": value[1], "ts": value[2],
                   "payload": {"url": u, "verdict": value[0], "note": value[3],
                               "tags": list(value[4])}} for u in reviewed]
        start = time.perf_counter()
        index.rebuild(events)
        rebuild_s = time.perf_counter() - start
        raw = diskcache.Cache(str(Path(tmp) / "raw"))
        with raw.transact():
            for url in reviewed:
                raw.set(url, value)

        def indexed() -> int:
            return sum(1 for u in urls if index.get(u) is not None)

        def baseline() -> int:
            return sum(1 for u in urls if raw.get(u) is not None)

        def normalise_only() -> None:
            for u in urls:
                normalize_url(u)

        assert indexed() == baseline() == len(reviewed)  # same answers before timing
        # Interleaved, best of N each: both sides see the same machine state.
        t_base = t_index = float("inf")
        for _ in range(args.runs):
            t_base = min(t_base, best(baseline, 1))
            t_index = min(t_index, best(indexed, 1))
        t_norm = best(normalise_only, args.runs)
        index.close()
        raw.close()

    n = len(urls)
    print(f"URLs looked up:            {n:,} ({len(reviewed):,} reviewed)")
    print(f"rebuild from events:       {rebuild_s:.2f} s ({len(reviewed) / rebuild_s:,.0f}/s)")
    print(f"raw diskcache.Cache.get:   {t_base:.3f} s ({t_base / n * 1e6:.1f} µs/URL)")
    print(f"ReviewedIndex.get:         {t_index:.3f} s ({t_index / n * 1e6:.1f} µs/URL)")
    print(f"  of which normalisation:  {t_norm:.3f} s ({t_norm / n * 1e6:.1f} µs/URL)")
    print(f"ratio (target <= 2.0):     {t_index / t_base:.2f}")


if __name__ == "__main__":
    main()
