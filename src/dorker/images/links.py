"""Which images show the same photo: the link rule and the thresholds that the measurement chose.

Two images are linked when any of three methods finds them close (Hamming distance over 64
bits, at most the method's threshold):

- `phash`: whole-frame pHash against whole-frame pHash (resized, recompressed, brightened);
- `dhash`: whole-frame dHash against whole-frame dHash (a caption bar over the photo);
- `window`: one image's window pHashes against the other's whole-frame pHash (a crop).

The thresholds come from `tests/images/measure.py` (docs/images.md has the figures): each is
the largest value with no link between different photos in the measured sets, less a margin.
"""

from __future__ import annotations

from dorker.images.hashing import ImageHashes, hamming

__all__ = ["METHODS", "THRESHOLDS", "method_distances"]

THRESHOLDS: dict[str, int] = {"phash": 12, "dhash": 11, "window": 10}
METHODS = tuple(THRESHOLDS)


def method_distances(a: ImageHashes, b: ImageHashes) -> dict[str, int]:
    """Each method's distance between two images (the window one in both directions)."""
    windows = [hamming(w, b.phash) for w in a.windows] + [hamming(w, a.phash) for w in b.windows]
    return {"phash": hamming(a.phash, b.phash), "dhash": hamming(a.dhash, b.dhash),
            "window": min(windows, default=64)}
