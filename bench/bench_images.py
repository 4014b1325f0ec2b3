"""Benchmark: all linked pairs among 50,000 image hashes, multi-index vs numpy brute force.

Run: PYTHONPATH=src python3 bench/bench_images.py [--hashes N] [--runs N]
The hashes are 64-bit codes, uniformly random, with 10 % of them near-copies (0 to 14 bits
flipped) of others, as reused photos would be. `HammingIndex.pairs(radius)` (what
`dorker image links` runs per method) is timed against `brute_force_pairs` (a vectorised numpy
XOR + popcount over every pair, in blocks) on the same codes in the same run, at the shipped
thresholds; both must find the same pairs. Then the crop method's search: every window hash of
the first 2,000 images against all whole-frame hashes. Target: a ratio below 1.0. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from dorker.images.hashing import WINDOW_SCALES, WINDOW_STEPS
from dorker.images.index import HammingIndex, PairArrays, brute_force_pairs
from dorker.images.links import THRESHOLDS


def make_codes(count: int, seed: int = 15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2**64, size=count, dtype=np.uint64)
    copies = count // 10
    sources = rng.integers(0, count, size=copies)
    targets = rng.choice(count, size=copies, replace=False)
    flips = np.zeros(copies, dtype=np.uint64)
    for k in range(copies):
        for bit in rng.choice(64, size=int(rng.integers(0, 15)), replace=False):
            flips[k] |= np.uint64(1) << np.uint64(bit)
    codes[targets] = codes[sources] ^ flips
    return codes


def best(fn: Callable[[], PairArrays], runs: int) -> tuple[float, PairArrays]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hashes", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    codes = make_codes(args.hashes)
    print(f"{args.hashes:,} hashes, best of {args.runs} run(s)")
    for radius in sorted(set(THRESHOLDS.values())):
        t_index, found = best(lambda r=radius: HammingIndex(codes).pairs(r), args.runs)
        t_brute, expected = best(lambda r=radius: brute_force_pairs(codes, r), args.runs)
        same = set(found.as_tuples()) == set(expected.as_tuples())
        print(f"radius {radius:>2}: index {t_index:7.3f} s (building included), brute force "
              f"{t_brute:7.3f} s, ratio {t_index / t_brute:.3f}, {len(found):,} pairs, "
              f"same pairs: {same}")
    per_image = len(WINDOW_SCALES) * WINDOW_STEPS**2
    windows = make_codes(2_000 * per_image, seed=16)
    index = HammingIndex(codes)
    t_index, found = best(lambda: index.search(windows, THRESHOLDS["window"]), args.runs)
    t_brute, expected = best(lambda: brute_force_pairs(codes, THRESHOLDS["window"], windows),
                             args.runs)
    print(f"windows of 2,000 images ({len(windows):,} hashes) against {args.hashes:,}: index "
          f"{t_index:.3f} s, brute force {t_brute:.3f} s, ratio {t_index / t_brute:.3f}, "
          f"same pairs: {set(found.as_tuples()) == set(expected.as_tuples())}")


if __name__ == "__main__":
    main()
