"""Finding every pair of 64-bit hashes within a Hamming radius without comparing every pair.

Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index
Hashing", CVPR 2012): the 64 bits are cut into `m` chunks and each chunk's values are bucketed.
If two codes differ in at most `r` bits, then by the pigeonhole principle at least one chunk
differs in at most `r // m` bits, so probing each chunk's buckets at the values within
`r // m` bits of the query's chunk finds every candidate; candidates are then checked on all 64
bits. `m` is chosen per search from the expected cost (probes plus candidates) for the radius
and the number of codes: for 50,000 codes and a radius of 10 or 11, four 16-bit chunks.

Everything runs as numpy array operations (a bucket table per chunk, all probes of a chunk at
once), so the index competes with a vectorised brute-force pass, not with a Python loop;
`bench/bench_images.py` measures the two. When probing would cost more than comparing every
pair (a tiny set, or a radius so large that the probes explode), the brute-force pass is used.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["HammingIndex", "PairArrays", "brute_force_pairs", "popcount"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
_BITS = 64
_PROBE_BATCH = 1 << 22  # probes (queries x masks) handled at once: bounds memory
_CHUNK_CHOICES = range(4, 12)


@dataclass(frozen=True, slots=True)
class PairArrays:
    """Pairs found: `left[k]` and `right[k]` are positions, `distance[k]` their Hamming distance."""

    left: I64
    right: I64
    distance: I64

    def __len__(self) -> int:
        return int(self.left.shape[0])

    def as_tuples(self) -> list[tuple[int, int, int]]:
        return list(zip(self.left.tolist(), self.right.tolist(), self.distance.tolist(),
                        strict=True))


def popcount(values: U64) -> I64:
    """Set bits of each 64-bit value."""
    return np.bitwise_count(values).astype(np.int64)


def _as_codes(values: Iterable[int] | U64) -> U64:
    if isinstance(values, np.ndarray):
        return values.astype(np.uint64, copy=False)
    return np.fromiter((v & 0xFFFF_FFFF_FFFF_FFFF for v in values), dtype=np.uint64)


def _masks(width: int, radius: int) -> I64:
    """Every value of `width` bits with at most `radius` bits set."""
    out = [0]
    for k in range(1, min(radius, width) + 1):
        out.extend(sum(1 << b for b in bits) for bits in itertools.combinations(range(width), k))
    return np.array(out, dtype=np.int64)


def _empty() -> PairArrays:
    none = np.zeros(0, dtype=np.int64)
    return PairArrays(none, none, none)


def _unique(left: I64, right: I64, distance: I64, n_right: int) -> PairArrays:
    key = left * max(n_right, 1) + right
    _, first = np.unique(key, return_index=True)
    return PairArrays(left[first], right[first], distance[first])


def brute_force_pairs(codes: U64, radius: int, queries: U64 | None = None,
                      block: int = 2048) -> PairArrays:
    """Every pair within `radius`, comparing all of them (i < j when `queries` is None)."""
    self_join = queries is None
    probe = codes if queries is None else queries
    found: list[tuple[I64, I64, I64]] = []
    for start in range(0, probe.shape[0], block):
        rows = probe[start:start + block]
        first = start if self_join else 0
        distance = np.bitwise_count(rows[:, None] ^ codes[None, first:])
        qi, ci = np.nonzero(distance <= radius)
        ci = ci + first
        d = distance[qi, ci - first].astype(np.int64)
        qi = qi + start
        if self_join:
            keep = qi < ci
            qi, ci, d = qi[keep], ci[keep], d[keep]
        found.append((qi.astype(np.int64), ci.astype(np.int64), d))
    if not found:
        return _empty()
    return PairArrays(*(np.concatenate(parts) for parts in zip(*found, strict=True)))


class HammingIndex:
    """A multi-index over 64-bit codes; `pairs` and `search` return everything within a radius."""

    def __init__(self, codes: Iterable[int] | U64) -> None:
        self.codes = _as_codes(codes)
        self._layouts: dict[int, list[tuple[int, int, I64, I64]]] = {}

    def _layout(self, chunks: int) -> list[tuple[int, int, I64, I64]]:
        """The bucket tables for `chunks` chunks (built on first use): (shift, width, order,
        starts) per chunk; the codes of bucket `k` are `order[starts[k]:starts[k + 1]]`."""
        if chunks in self._layouts:
            return self._layouts[chunks]
        base, extra = divmod(_BITS, chunks)
        tables = []
        shift = 0
        for c in range(chunks):
            w = base + (1 if c < extra else 0)
            keys = ((self.codes >> np.uint64(shift)) & np.uint64((1 << w) - 1)).astype(np.int64)
            order = np.argsort(keys, kind="stable").astype(np.int64)
            starts = np.zeros((1 << w) + 1, dtype=np.int64)
            np.cumsum(np.bincount(keys, minlength=1 << w), out=starts[1:])
            tables.append((shift, w, order, starts))
            shift += w
        self._layouts[chunks] = tables
        return tables

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def _probe_cost(self, n_queries: int, radius: int, chunks: int) -> float:
        """Expected probes plus candidates checked with `chunks` chunks, for spread-out codes."""
        sub = radius // chunks
        base, extra = divmod(_BITS, chunks)
        total = 0.0
        for c in range(chunks):
            w = base + (1 if c < extra else 0)
            masks = sum(math.comb(w, k) for k in range(min(sub, w) + 1))
            total += n_queries * masks * (1 + len(self) / (1 << w))
        return total

    def pairs(self, radius: int) -> PairArrays:
        """Every pair (i < j) of stored codes within `radius` bits."""
        return self._find(self.codes, radius, self_join=True)

    def search(self, queries: Iterable[int] | U64, radius: int) -> PairArrays:
        """Every (query position, code position) within `radius` bits."""
        return self._find(_as_codes(queries), radius, self_join=False)

    def _find(self, queries: U64, radius: int, *, self_join: bool) -> PairArrays:
        n_q, n = int(queries.shape[0]), len(self)
        if n_q == 0 or n == 0 or radius < 0:
            return _empty()
        # 4 to 11 chunks (16 to 6 bits): the cheapest for this radius and number of codes.
        chunks = min(_CHUNK_CHOICES, key=lambda m: self._probe_cost(n_q, radius, m))
        if self._probe_cost(n_q, radius, chunks) >= n_q * n * (0.5 if self_join else 1.0):
            return brute_force_pairs(self.codes, radius, None if self_join else queries)
        sub = radius // chunks
        found: list[tuple[I64, I64, I64]] = []
        for shift, w, order, starts in self._layout(chunks):
            masks = _masks(w, sub)
            qkeys = ((queries >> np.uint64(shift)) & np.uint64((1 << w) - 1)).astype(np.int64)
            batch = max(1, _PROBE_BATCH // masks.shape[0])
            for start in range(0, n_q, batch):
                found.append(self._probe(queries, qkeys, start, batch, masks, order, starts,
                                         radius, self_join))
        left, right, distance = (np.concatenate(parts) for parts in zip(*found, strict=True))
        return _unique(left, right, distance, n)

    def _probe(self, queries: U64, qkeys: I64, start: int, batch: int, masks: I64,
               order: I64, starts: I64, radius: int,
               self_join: bool) -> tuple[I64, I64, I64]:
        keys = (qkeys[start:start + batch, None] ^ masks[None, :]).ravel()
        lo = starts[keys]
        count = starts[keys + 1] - lo
        total = int(count.sum())
        owner = np.repeat(np.arange(keys.shape[0], dtype=np.int64) // masks.shape[0] + start,
                          count)
        offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
        code = order[np.repeat(lo, count) + offset]
        distance = popcount(queries[owner] ^ self.codes[code])
        keep = distance <= radius
        if self_join:
            keep &= owner < code
        return owner[keep], code[keep], distance[keep]
