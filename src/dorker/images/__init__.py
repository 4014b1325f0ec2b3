"""Images as evidence: EXIF and GPS, perceptual hashes that link reused photos, reverse-image
search pages (docs/images.md)."""

from __future__ import annotations

__all__: list[str] = []  # the modules are the interface: events, hashing, inspect, links...
