"""Which images show the same photo: the link rule, its thresholds, and links across the record.

Two images are linked when any of three methods finds them close (Hamming distance over 64
bits, at most the method's threshold):

- `phash`: whole-frame pHash against whole-frame pHash (resized, recompressed, brightened);
- `dhash`: whole-frame dHash against whole-frame dHash (a caption bar over the photo);
- `window`: one image's window pHashes against the other's whole-frame pHash (a crop).

The thresholds come from `tests/images/measure.py` (docs/images.md has the figures): each is
the largest value with no link between different photos in the measured sets, less a margin,
and at most 11 bits so that the index probes stay at two bits per 16-bit chunk.

Images are nodes by SHA-256 (the same file added twice, or in two cases, is one node that
carries both sightings). A group is a connected set of linked images; its lead id is
`image:<SHA-256 of the group's earliest image>` (earliest by record sequence).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dorker.images.hashing import ImageHashes, hamming
from dorker.images.index import HammingIndex
from dorker.store.base import EventFilter, EventStore

__all__ = ["IMAGE_ADDED", "METHODS", "THRESHOLDS", "ImageNode", "Link", "Sighting",
           "find_links", "image_lead_edges", "link_groups", "load_images", "method_distances"]

IMAGE_ADDED = "image.added"
THRESHOLDS: dict[str, int] = {"phash": 11, "dhash": 11, "window": 10}
METHODS = tuple(THRESHOLDS)


@dataclass(frozen=True, slots=True)
class Sighting:
    """One `image.added` event of an image: where and when it entered the record."""

    seq: int
    case: str | None
    url: str | None
    file: str | None
    ts: str
    actor: str


@dataclass(slots=True)
class ImageNode:
    """A distinct image (by SHA-256), its hashes and every time it was added."""

    sha256: str
    hashes: ImageHashes
    sightings: list[Sighting] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    """The latest event's payload (exif, gps, format, size...) for display."""

    @property
    def first_seq(self) -> int:
        return min(s.seq for s in self.sightings)

    @property
    def cases(self) -> list[str]:
        return sorted({s.case for s in self.sightings if s.case})


@dataclass(frozen=True, slots=True)
class Link:
    """Two images showing the same photo: the closest method and its distance."""

    a: str
    b: str
    distance: int
    method: str

    def as_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "distance": self.distance, "method": self.method}


def method_distances(a: ImageHashes, b: ImageHashes) -> dict[str, int]:
    """Each method's distance between two images (the window one in both directions)."""
    windows = [hamming(w, b.phash) for w in a.windows] + [hamming(w, a.phash) for w in b.windows]
    return {"phash": hamming(a.phash, b.phash), "dhash": hamming(a.dhash, b.dhash),
            "window": min(windows, default=64)}


def load_images(store: EventStore) -> list[ImageNode]:
    """Every image of the record (all cases), in order of first sighting."""
    nodes: dict[str, ImageNode] = {}
    for event in store.iter_events(EventFilter(action=IMAGE_ADDED)):
        payload = event.payload
        sha = str(payload.get("sha256", ""))
        try:
            hashes = ImageHashes.from_record(payload.get("hashes") or {})
        except (ValueError, AttributeError):
            continue  # an event without usable hashes links nothing (verify guards the bytes)
        node = nodes.get(sha)
        if node is None:
            node = nodes[sha] = ImageNode(sha, hashes)
        node.sightings.append(Sighting(event.seq, event.case_id, payload.get("url"),
                                       payload.get("file"), event.ts, event.actor))
        node.facts = dict(payload)
    return list(nodes.values())


def _codes(values: list[str]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    return np.array([int(v, 16) for v in values], dtype=np.uint64)


def find_links(nodes: list[ImageNode], thresholds: Mapping[str, int] | None = None) -> list[Link]:
    """Every linked pair among `nodes`, found through the Hamming index (not pair by pair)."""
    limits = {**THRESHOLDS, **(thresholds or {})}
    best: dict[tuple[int, int], tuple[int, int]] = {}  # (i, j) -> (distance, method index)

    def offer(i: int, j: int, distance: int, method: int) -> None:
        key = (i, j) if i < j else (j, i)
        if i != j and (key not in best or (distance, method) < best[key]):
            best[key] = (distance, method)

    if len(nodes) < 2:
        return []
    phash = HammingIndex(_codes([n.hashes.phash for n in nodes]))
    for i, j, d in phash.pairs(limits["phash"]).as_tuples():
        offer(i, j, d, 0)
    dhash = HammingIndex(_codes([n.hashes.dhash for n in nodes]))
    for i, j, d in dhash.pairs(limits["dhash"]).as_tuples():
        offer(i, j, d, 1)
    owners = [k for k, n in enumerate(nodes) for _ in n.hashes.windows]
    windows = [w for n in nodes for w in n.hashes.windows]
    if windows:
        for q, j, d in phash.search(_codes(windows), limits["window"]).as_tuples():
            offer(owners[q], j, d, 2)
    links = [Link(nodes[i].sha256, nodes[j].sha256, d, METHODS[m])
             for (i, j), (d, m) in best.items()]
    order = {n.sha256: n.first_seq for n in nodes}
    links.sort(key=lambda link: (min(order[link.a], order[link.b]), order[link.a],
                                 order[link.b]))
    return links


def link_groups(nodes: list[ImageNode], links: list[Link]) -> list[list[ImageNode]]:
    """Connected groups of linked images (two or more), each in order of first sighting."""
    parent = {n.sha256: n.sha256 for n in nodes}

    def root(sha: str) -> str:
        while parent[sha] != sha:
            parent[sha] = parent[parent[sha]]
            sha = parent[sha]
        return sha

    for link in links:
        parent[root(link.a)] = root(link.b)
    groups: dict[str, list[ImageNode]] = {}
    for node in nodes:
        groups.setdefault(root(node.sha256), []).append(node)
    out = [sorted(g, key=lambda n: n.first_seq) for g in groups.values() if len(g) > 1]
    return sorted(out, key=lambda g: g[0].first_seq)


def image_lead_edges(store: EventStore, case_id: str | None) -> Iterator[dict[str, Any]]:
    """Lead edges for the leads graph: one per sighting of an image in a group of reused photos.

    A group is two or more linked images, or one image added in two or more cases; its lead is
    `image:<SHA-256 of the earliest image>`. With `case_id`, only groups that touch the case,
    with their sightings in other cases too (so the leads graph can show other cases' hits).
    """
    nodes = load_images(store)
    grouped = link_groups(nodes, find_links(nodes))
    in_group = {n.sha256 for g in grouped for n in g}
    grouped += [[n] for n in nodes if n.sha256 not in in_group and len(n.sightings) > 1
                and len({s.case for s in n.sightings}) > 1]
    for group in sorted(grouped, key=lambda g: g[0].first_seq):
        sightings = [(node, s) for node in group for s in node.sightings]
        if case_id is not None and all(s.case != case_id for _, s in sightings):
            continue
        lead = f"image:{min(group, key=lambda n: n.first_seq).sha256}"
        for node, sighting in sorted(sightings, key=lambda pair: pair[1].seq):
            yield {"lead": lead, "kind": "image",
                   "item": {"type": "evidence", "sha256": node.sha256, "url": sighting.url},
                   "case": sighting.case, "seq": sighting.seq}
