"""What the Images screen needs from the core: a case's images with EXIF, GPS and links, small
thumbnails from the evidence copies, and reverse-image searches and map look-ups recorded like
`open`.

Blocking calls for thread workers, like `Services` (whose store and lock it shares, so the app
keeps one connection). Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from dorker.tui.services import Services

__all__ = ["ImageAccess", "ImageLinkRow", "ImageRow"]


@dataclass(frozen=True, slots=True)
class ImageLinkRow:
    """Another image showing the same photo."""

    sha256: str
    file: str
    method: str
    distance: int
    cases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImageRow:
    """One image of a case, as the screen shows it."""

    sha256: str
    file: str
    url: str | None
    seq: int
    ts: str
    actor: str
    format: str
    width: int
    height: int
    exif: dict[str, str] = field(default_factory=dict)
    lat: str | None = None
    lon: str | None = None
    links: tuple[ImageLinkRow, ...] = ()

    @property
    def camera(self) -> str:
        return " ".join(self.exif[k] for k in ("make", "model") if self.exif.get(k))

    @property
    def osm_url(self) -> str | None:
        if self.lat is None or self.lon is None:
            return None
        return (f"https://www.openstreetmap.org/?mlat={self.lat}&mlon={self.lon}"
                f"#map=16/{self.lat}/{self.lon}")


class ImageAccess:
    """The images of the record through the app's services."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def _store(self) -> Any:
        return self.services._open()

    def case_images(self, case_id: str) -> list[ImageRow]:
        """The case's images (first sighting order) with their links, in any case."""
        from dorker.images.links import find_links, load_images

        with self.services._lock:
            nodes = load_images(self._store())
        by_sha = {n.sha256: n for n in nodes}
        links: dict[str, list[ImageLinkRow]] = {}
        for link in find_links(nodes):
            for here, there in ((link.a, link.b), (link.b, link.a)):
                other = by_sha[there]
                links.setdefault(here, []).append(ImageLinkRow(
                    there, str(other.sightings[0].file or ""), link.method, link.distance,
                    tuple(other.cases)))
        rows = []
        for node in nodes:
            if case_id not in node.cases:
                continue
            seen = next(s for s in node.sightings if s.case == case_id)
            facts = node.facts
            gps = facts.get("gps") if isinstance(facts.get("gps"), dict) else None
            exif = facts.get("exif") if isinstance(facts.get("exif"), dict) else None
            rows.append(ImageRow(
                node.sha256, str(seen.file or ""), seen.url, seen.seq, seen.ts, seen.actor,
                str(facts.get("format") or "?"), int(facts.get("width") or 0),
                int(facts.get("height") or 0),
                {str(k): str(v) for k, v in (exif or {}).items()},
                str(gps["lat"]) if gps else None, str(gps["lon"]) if gps else None,
                tuple(links.get(node.sha256, ()))))
        return rows

    def thumbnail(self, sha256: str, columns: int, rows: int) -> Image.Image | None:
        """The evidence copy scaled to fit `columns` x `rows * 2` pixels (half-block cells)."""
        from PIL import ImageOps

        from dorker.errors import InputError
        from dorker.images.inspect import load_image
        from dorker.store.evidence import copy_path

        with self.services._lock:
            path = copy_path(self._store(), sha256)
        try:
            image, _ = load_image(path)
        except InputError:
            return None
        thumb = ImageOps.exif_transpose(image).convert("RGB")
        # A terminal cell is about twice as tall as wide; a half-block cell holds 1x2 pixels.
        thumb.thumbnail((max(1, columns), max(1, rows * 2)))
        return thumb

    def record_reverse(self, case_id: str | None, row: ImageRow, service: str,
                       how: str = "browser") -> tuple[str, bool]:
        """Record a reverse-image search for `row` (like `dorker image reverse`): the page URL,
        and whether it is a search by URL (else the upload page: nothing is uploaded)."""
        from pathlib import Path

        from dorker.coverage import QUERY_OPENED
        from dorker.images.reverse import looks_like_image_address, pages_for_file, pages_for_url
        from dorker.store.events import new_command_id

        # The recorded URL is where the image came from: a search by URL only when it is the
        # image's own address; an ad's page gets the upload page instead.
        if row.url and looks_like_image_address(row.url):
            [page] = pages_for_url(row.url, [service])
        else:
            [page] = pages_for_file(Path(row.file or row.sha256), row.sha256, [service])
        payload = {**page.record(), "how": how, "via": "tui", "command_id": new_command_id()}
        with self.services._lock:
            self._store().append(QUERY_OPENED, payload, actor=self.services.actor,
                                 case_id=case_id)
        return page.url, page.uploads_nothing

    def record_map(self, case_id: str | None, row: ImageRow, how: str = "browser") -> str:
        """Record that the image's GPS point is handed over on OpenStreetMap (`how`: browser
        or copied), like a reverse search: looking up where a victim or suspect was is an
        action, and the map service learns the place. Returns the map URL."""
        from dorker.coverage import QUERY_OPENED
        from dorker.store.events import new_command_id

        url = row.osm_url
        if url is None:
            raise ValueError("the image has no GPS point")
        payload = {"engine": "openstreetmap", "query": f"{row.lat}, {row.lon}", "url": url,
                   "dork": None, "kind": "map",
                   "map": {"lat": row.lat, "lon": row.lon, "sha256": row.sha256,
                           "file": row.file},
                   "how": how, "via": "tui", "command_id": new_command_id()}
        with self.services._lock:
            self._store().append(QUERY_OPENED, payload, actor=self.services.actor,
                                 case_id=case_id)
        return url
