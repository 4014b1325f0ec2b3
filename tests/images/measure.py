"""The measurement that chose the link thresholds: synthetic photos, their edited copies, and
the Hamming distances of each hash between copies of one photo and between different photos.

Run: PYTHONPATH=src python3 tests/images/measure.py [--photos N] [--seed S]
It prints, per method, the distances of same-photo pairs by edit and the smallest distances
between different photos, then recall and false links at the shipped thresholds.
`test_thresholds.py` runs the same measurement and asserts the targets.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from photos import make_photo, variants

from dorker.images.hashing import ImageHashes, compute_hashes
from dorker.images.links import THRESHOLDS, method_distances

__all__ = ["Measurement", "measure"]


@dataclass
class Measurement:
    """Distances per method for every pair of the set, and the outcome at given thresholds."""

    labels: list[tuple[int, str]]  # (photo, edit) per image
    distances: dict[tuple[int, int], dict[str, int]]

    def pairs(self, same: bool) -> list[tuple[int, int]]:
        return [(i, j) for i, j in self.distances
                if (self.labels[i][0] == self.labels[j][0]) == same]

    def linked(self, i: int, j: int, thresholds: dict[str, int]) -> bool:
        return any(d <= thresholds[m] for m, d in self.distances[(i, j)].items())

    def recall(self, thresholds: dict[str, int], *, with_original: bool = False) -> float:
        pairs = [p for p in self.pairs(True)
                 if not with_original or "original" in (self.labels[p[0]][1],
                                                        self.labels[p[1]][1])]
        return sum(self.linked(i, j, thresholds) for i, j in pairs) / len(pairs)

    def false_links(self, thresholds: dict[str, int]) -> list[tuple[int, int]]:
        return [p for p in self.pairs(False) if self.linked(*p, thresholds)]


def measure(photos: int = 24, seed: int = 1000) -> Measurement:
    """Hash `photos` synthetic photos and their five edits; every pair's distances."""
    labels: list[tuple[int, str]] = []
    hashes: list[ImageHashes] = []
    for n in range(photos):
        photo = make_photo(seed + n)
        for edit, image in {"original": photo, **variants(photo)}.items():
            labels.append((n, edit))
            hashes.append(compute_hashes(image))
    distances = {(i, j): method_distances(hashes[i], hashes[j])
                 for i, j in itertools.combinations(range(len(hashes)), 2)}
    return Measurement(labels, distances)


def _report(m: Measurement) -> None:
    methods = list(THRESHOLDS)
    by_edit: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, j in m.pairs(True):
        a, b = m.labels[i][1], m.labels[j][1]
        if "original" not in (a, b):
            continue
        edit = b if a == "original" else a
        for method, d in m.distances[(i, j)].items():
            by_edit[edit][method].append(d)
    print("same photo, original vs edit: max (90th percentile) distance per method")
    print(f"{'edit':<14}" + "".join(f"{x:>14}" for x in methods))
    for edit, per in by_edit.items():
        cells = []
        for method in methods:
            values = sorted(per[method])
            cells.append(f"{values[-1]:>4} ({values[int(len(values) * 0.9) - 1]:>2})")
        print(f"{edit:<14}" + "".join(f"{c:>14}" for c in cells))
    print("different photos: the five smallest distances per method")
    for method in methods:
        low = sorted(m.distances[p][method] for p in m.pairs(False))[:5]
        print(f"  {method:<8} {low}")
    print(f"at the shipped thresholds {THRESHOLDS}:")
    print(f"  same-photo pairs linked: {m.recall(THRESHOLDS):.3f} of all "
          f"{len(m.pairs(True))}, {m.recall(THRESHOLDS, with_original=True):.3f} of "
          "original-edit pairs")
    print(f"  links between different photos: {len(m.false_links(THRESHOLDS))} of "
          f"{len(m.pairs(False))}")
    for method in methods:
        alone = {k: (v if k == method else -1) for k, v in THRESHOLDS.items()}
        print(f"  {method} alone: {m.recall(alone):.3f} linked, "
              f"{len(m.false_links(alone))} false")
    print("one threshold moved, the others as shipped: linked / false links")
    for method in methods:
        cells = []
        for t in range(THRESHOLDS[method] - 3, THRESHOLDS[method] + 4):
            moved = {**THRESHOLDS, method: t}
            cells.append(f"{t}: {m.recall(moved):.3f}/{len(m.false_links(moved))}")
        print(f"  {method:<8} " + "  ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--seed", type=int, default=5000)
    args = parser.parse_args()
    print(f"{args.photos} photos from seed {args.seed}, 6 images each")
    _report(measure(args.photos, args.seed))


if __name__ == "__main__":
    main()
