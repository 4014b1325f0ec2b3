"""The multi-index finds exactly the pairs a brute-force pass finds, and links match the rule."""

from __future__ import annotations

import numpy as np
import pytest

from dorker.images.hashing import ImageHashes
from dorker.images.index import HammingIndex, brute_force_pairs
from dorker.images.links import ImageNode, Sighting, find_links, link_groups, method_distances


def _codes(n: int, seed: int, planted: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2**64, size=n, dtype=np.uint64)
    for _ in range(planted):  # near-copies at 0 to 14 bits
        src, dst = rng.integers(0, n, size=2)
        flips = np.uint64(0)
        for bit in rng.choice(64, size=int(rng.integers(0, 15)), replace=False):
            flips |= np.uint64(1) << np.uint64(bit)
        codes[dst] = codes[src] ^ flips
    codes[:3] = codes[3]  # identical codes too
    return codes


@pytest.mark.parametrize("n", [5, 300, 4000])
@pytest.mark.parametrize("radius", [0, 3, 8, 11, 14])
def test_pairs_equal_brute_force(n: int, radius: int) -> None:
    codes = _codes(n, seed=n + radius, planted=n // 4)
    found = set(HammingIndex(codes).pairs(radius).as_tuples())
    expected = set(brute_force_pairs(codes, radius).as_tuples())
    assert found == expected
    assert all(i < j and d <= radius for i, j, d in found)
    assert (0, 1, 0) in found


@pytest.mark.parametrize("radius", [2, 10])
def test_search_equals_brute_force(radius: int) -> None:
    codes = _codes(3000, seed=5, planted=800)
    queries = codes[::7] ^ np.uint64(0b1011)
    found = set(HammingIndex(codes).search(queries, radius).as_tuples())
    assert found == set(brute_force_pairs(codes, radius, queries).as_tuples())
    # every query is 3 bits from its source
    assert (len({q for q, _, _ in found}) == len(queries)) == (radius >= 3)


def test_empty_and_single() -> None:
    assert len(HammingIndex([]).pairs(5)) == 0
    assert len(HammingIndex([7]).pairs(5)) == 0
    assert HammingIndex([7, 6]).pairs(1).as_tuples() == [(0, 1, 1)]


def _node(sha: str, phash: str, dhash: str, windows: tuple[str, ...], seq: int) -> ImageNode:
    return ImageNode(sha, ImageHashes(phash, dhash, windows),
                     [Sighting(seq, "C-0001", None, None, "t", "a")])


def test_links_follow_the_rule_on_measured_photos() -> None:
    from measure import measure
    from photos import make_photo, variants

    from dorker.images.hashing import compute_hashes

    measured = measure(photos=6, seed=77)
    nodes = []
    for n in range(6):
        photo = make_photo(77 + n)
        for k, image in enumerate([photo, *variants(photo).values()]):
            nodes.append(ImageNode(f"{n}-{k}", compute_hashes(image),
                                   [Sighting(len(nodes) + 1, "C-0001", None, None, "t", "a")]))
    links = find_links(nodes)
    pairs = {(link.a, link.b) for link in links}
    for i, j in measured.distances:
        linked = measured.linked(i, j, {"phash": 11, "dhash": 11, "window": 10})
        assert ((nodes[i].sha256, nodes[j].sha256) in pairs) == linked
    for link in links:
        a = next(n for n in nodes if n.sha256 == link.a)
        b = next(n for n in nodes if n.sha256 == link.b)
        assert method_distances(a.hashes, b.hashes)[link.method] == link.distance
    groups = link_groups(nodes, links)
    assert len(groups) == 6  # each photo's six images end up in one group
    assert all({n.sha256.split("-")[0] for n in g} == {g[0].sha256.split("-")[0]}
               for g in groups)


def test_window_links_a_crop_either_way() -> None:
    a = _node("a", "0" * 16, "f" * 16, ("1" * 16,), 1)
    b = _node("b", "1" * 16, "0" * 16, (), 2)  # b's whole frame is a's first window
    assert [(x.a, x.b, x.method, x.distance) for x in find_links([a, b])] == [
        ("a", "b", "window", 0)]
    assert find_links([b, a])[0].method == "window"
