"""Perceptual hashes of an image (imagehash's pHash and dHash) and how far apart two are.

Three kinds of 64-bit hash are kept per image, all computed by imagehash on the upright image:

- `phash`: pHash of the whole frame (DCT of a 32x32 greyscale; survives resizing, JPEG
  recompression and brightness changes);
- `dhash`: dHash of the whole frame (neighbouring-pixel gradients; survives a caption bar over
  part of the photo better than pHash);
- `windows`: pHash of sub-windows of the frame, at two scales (90 % and 80 % of each side) on a
  3x3 grid of positions. A cropped copy's whole-frame pHash lands near one of the original's
  windows, so comparing one image's windows against the other's `phash` links crops.
  (imagehash's own `crop_resistant_hash` was measured too and linked fewer crops, with false
  links between photos sharing the same caption bar, at 20 times the cost: docs/images.md.)

The thresholds that link two images are chosen from a measurement on synthetic photos; see
`dorker.images.links` and docs/images.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import imagehash
from PIL import Image

__all__ = ["HASH_BITS", "WINDOW_SCALES", "WINDOW_STEPS", "ImageHashes", "compute_hashes",
           "hamming", "to_ints", "window_boxes"]

HASH_BITS = 64
WINDOW_SCALES = (0.9, 0.8)
WINDOW_STEPS = 3
_HEX_DIGITS = HASH_BITS // 4


@dataclass(frozen=True, slots=True)
class ImageHashes:
    """An image's hashes as 16-digit lowercase hex strings."""

    phash: str
    dhash: str
    windows: tuple[str, ...]

    def record(self) -> dict[str, Any]:
        """For events and JSON output."""
        return {"phash": self.phash, "dhash": self.dhash, "windows": list(self.windows)}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> ImageHashes:
        """Read back what `record` wrote; ValueError when a hash is not 16 hex digits."""
        phash, dhash = str(data.get("phash", "")), str(data.get("dhash", ""))
        windows = tuple(str(w) for w in data.get("windows") or ())
        for value in (phash, dhash, *windows):
            if len(value) != _HEX_DIGITS or not all(c in "0123456789abcdef" for c in value):
                raise ValueError(f"not a {HASH_BITS}-bit hex hash: {value!r}")
        return cls(phash, dhash, windows)


def _hex(value: imagehash.ImageHash) -> str:
    return str(value).rjust(_HEX_DIGITS, "0")


def window_boxes(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """The sub-windows (left, top, right, bottom) whose pHash is kept, scale by scale."""
    boxes = []
    for scale in WINDOW_SCALES:
        win_w, win_h = round(width * scale), round(height * scale)
        for row in range(WINDOW_STEPS):
            for col in range(WINDOW_STEPS):
                left = (width - win_w) * col // (WINDOW_STEPS - 1)
                top = (height - win_h) * row // (WINDOW_STEPS - 1)
                boxes.append((left, top, left + win_w, top + win_h))
    return boxes


def compute_hashes(image: Image.Image) -> ImageHashes:
    """pHash, dHash and the window pHashes of an (upright) image."""
    rgb = image if image.mode in ("RGB", "L") else image.convert("RGB")
    windows = tuple(_hex(imagehash.phash(rgb.crop(box)))
                    for box in window_boxes(rgb.width, rgb.height))
    return ImageHashes(_hex(imagehash.phash(rgb)), _hex(imagehash.dhash(rgb)), windows)


def hamming(a: str, b: str) -> int:
    """Bits that differ between two hex hashes of the same length."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def to_ints(values: Sequence[str]) -> list[int]:
    """Hex hashes as integers (for the index)."""
    return [int(v, 16) for v in values]
