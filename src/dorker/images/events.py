"""`image add`: keep an image as evidence and record its hashes and EXIF in an `image.added` event.

The file is read and decoded first; a file that is not a whole, accepted image (see
`dorker.images.inspect`) is refused before anything is stored or recorded. Then the evidence
path (`dorker.store.evidence.keep_evidence`) keeps the copy, and one transaction records
`evidence.added` (so the image is evidence like any other file) and `image.added` with the
perceptual hashes, the EXIF summary and the GPS point as decimal strings. The image event names
its evidence by SHA-256. Both or neither: a kill cannot leave evidence without its image event
(and a rerun then add a second `evidence.added`).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dorker.errors import InputError, Location
from dorker.images.hashing import ImageHashes, compute_hashes
from dorker.images.inspect import ImageFacts, load_image, read_bytes, read_facts
from dorker.images.links import IMAGE_ADDED
from dorker.store.base import EventStore
from dorker.store.events import Event, NewEvent
from dorker.store.evidence import ACTION as EVIDENCE_ADDED
from dorker.store.evidence import copy_path, keep_evidence

__all__ = ["AddedImage", "add_image", "examine", "image_payload"]


@dataclass(frozen=True, slots=True)
class AddedImage:
    """What `add_image` recorded: the evidence event, the image event and the facts."""

    evidence: Event
    image: Event
    facts: ImageFacts
    hashes: ImageHashes


def examine(path: Path) -> tuple[ImageFacts, ImageHashes]:
    """Read, check and hash an image file (offline; records nothing)."""
    data = read_bytes(path)
    image, _ = load_image(path, data)
    facts, upright = read_facts(path, data, image)
    return facts, compute_hashes(upright)


def image_payload(facts: ImageFacts, hashes: ImageHashes, *, url: str | None,
                  note: str | None) -> dict[str, Any]:
    """The `image.added` payload (no floats: the GPS point is in decimal strings); `sha256`
    names the evidence it describes."""
    return {"sha256": facts.sha256, "file": facts.path.name, "url": url, "note": note,
            "format": facts.format, "width": facts.width,
            "height": facts.height, "size": facts.size, "hashes": hashes.record(),
            "exif": dict(facts.exif), "gps": facts.gps.record() if facts.gps else None}


def _owner_only(store: EventStore, sha256: str) -> None:
    """Case photos name victims and suspects: the copy and its folders for the owner alone."""
    path = copy_path(store, sha256)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o400)
    for folder in (path.parent, path.parent.parent, store.evidence_dir):
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)


def add_image(store: EventStore, path: Path, *, actor: str, case_id: str | None,
              url: str | None = None, note: str | None = None,
              examined: tuple[ImageFacts, ImageHashes] | None = None) -> AddedImage:
    """Keep `path` as evidence and record its hashes and EXIF (InputError on a bad image).

    `examined` is what `examine(path)` returned, when the caller checked the file already.
    """
    facts, hashes = examined or examine(path)
    evidence = keep_evidence(store, path, url=url, note=note)
    _owner_only(store, str(evidence["sha256"]))
    if evidence["sha256"] != facts.sha256:
        raise InputError("the file changed while dorker read it; nothing was recorded",
                         where=Location(path), hint="add it again once it stops changing")
    recorded, image = store.append_many([
        NewEvent(EVIDENCE_ADDED, evidence, actor, case_id),
        NewEvent(IMAGE_ADDED, image_payload(facts, hashes, url=url, note=note), actor, case_id)])
    return AddedImage(recorded, image, facts, hashes)
