"""Images as evidence: EXIF and GPS, perceptual hashes that link reused photos, reverse-image
search pages (docs/images.md)."""
