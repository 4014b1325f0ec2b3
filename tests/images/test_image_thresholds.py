"""The link thresholds hold on 24 synthetic photos with five edits each (the issue's targets)."""

from __future__ import annotations

import pytest
from measure import Measurement, measure

from dorker.images.links import THRESHOLDS


@pytest.fixture(scope="module")
def measured() -> Measurement:
    return measure(photos=24, seed=1000)


def test_at_least_90_percent_of_same_photo_pairs_are_linked(measured: Measurement) -> None:
    assert len({photo for photo, _ in measured.labels}) == 24
    assert len(measured.pairs(True)) == 24 * 15  # every pair among original and five edits
    assert measured.recall(THRESHOLDS) >= 0.90
    assert measured.recall(THRESHOLDS, with_original=True) >= 0.95


def test_at_most_one_link_between_different_photos(measured: Measurement) -> None:
    assert len(measured.false_links(THRESHOLDS)) <= 1


@pytest.mark.parametrize("edit", ["resized", "recompressed", "cropped", "captioned",
                                  "brightened"])
def test_each_edit_is_linked_to_its_original(measured: Measurement, edit: str) -> None:
    pairs = [(i, j) for i, j in measured.pairs(True)
             if {measured.labels[i][1], measured.labels[j][1]} == {"original", edit}]
    linked = sum(measured.linked(i, j, THRESHOLDS) for i, j in pairs)
    assert linked >= 0.9 * len(pairs), f"{edit}: {linked} of {len(pairs)} linked"


def test_the_photos_really_differ(measured: Measurement) -> None:
    # Distinct photos: no two originals within twice the pHash threshold.
    originals = [i for i, (_, edit) in enumerate(measured.labels) if edit == "original"]
    closest = min(measured.distances[(i, j)]["phash"] for i in originals for j in originals
                  if i < j)
    assert closest > THRESHOLDS["phash"]


def test_a_looser_threshold_would_link_different_photos(measured: Measurement) -> None:
    # The thresholds are near the measured edge, not arbitrary: 6 bits more on every method
    # links different photos.
    loose = {method: value + 6 for method, value in THRESHOLDS.items()}
    assert len(measured.false_links(loose)) > 1
