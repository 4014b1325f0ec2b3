"""The case report's "Images" section: the case's images, linked ones side by side, EXIF/GPS.

`case_section(store, case)` follows the report-section contract (issue 18): plain JSON-able
data rendered by `templates/sections/images.html.j2` and `images.md.j2`. Thumbnails are made
from the evidence copies, downscaled and re-encoded as JPEG without metadata (so no GPS leaks
into the report through them), and embedded as `data:` URIs: the report stays one file.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import ImageOps

from dorker.errors import InputError
from dorker.i18n import _
from dorker.images.inspect import load_image
from dorker.images.links import THRESHOLDS, ImageNode, find_links, link_groups, load_images
from dorker.store.base import EventStore
from dorker.store.cases import Case
from dorker.store.evidence import copy_path

__all__ = ["THUMBNAIL_SIDE", "case_section", "thumbnail_data_uri"]

THUMBNAIL_SIDE = 240
"""Longest side of a thumbnail in the report, in pixels."""


def thumbnail_data_uri(store: EventStore, sha256: str, side: int = THUMBNAIL_SIDE) -> str | None:
    """A small JPEG of the evidence copy as a `data:` URI (None when the copy is unusable)."""
    path = copy_path(store, sha256)
    try:
        image, _facts = load_image(path)
    except InputError:
        return None
    thumb = ImageOps.exif_transpose(image).convert("RGB")
    thumb.thumbnail((side, side))
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=75)  # no exif= argument: nothing of the original's
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _osm(gps: dict[str, Any]) -> str:
    lat, lon = gps.get("lat"), gps.get("lon")
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"


def _image_row(store: EventStore, node: ImageNode, case_id: str) -> dict[str, Any]:
    sighting = next((s for s in node.sightings if s.case == case_id), node.sightings[0])
    facts = node.facts
    gps = facts.get("gps") if isinstance(facts.get("gps"), dict) else None
    exif: dict[str, Any] = facts["exif"] if isinstance(facts.get("exif"), dict) else {}
    return {"sha256": node.sha256, "file": sighting.file, "url": sighting.url,
            "seq": sighting.seq, "ts": sighting.ts, "actor": sighting.actor,
            "format": facts.get("format"), "width": facts.get("width"),
            "height": facts.get("height"),
            "exif": {str(k): str(v) for k, v in exif.items()},
            "camera": " ".join(str(exif[k]) for k in ("make", "model") if exif.get(k)),
            "taken": str(exif.get("datetime_original") or exif.get("datetime") or ""),
            "software": str(exif.get("software") or ""),
            "gps": {"lat": str(gps.get("lat")), "lon": str(gps.get("lon")), "osm": _osm(gps)}
            if gps else None,
            "cases": node.cases, "thumbnail": thumbnail_data_uri(store, node.sha256)}


def case_section(store: EventStore, case: Case) -> dict[str, Any] | None:
    """The Images section of `case`'s report, or None when the case holds no image."""
    nodes = load_images(store)
    mine = [n for n in nodes if case.id in n.cases]
    if not mine:
        return None
    links = find_links(nodes)
    groups = [g for g in link_groups(nodes, links) if any(case.id in n.cases for n in g)]
    rows = {n.sha256: _image_row(store, n, case.id) for n in mine}
    for group in groups:  # images of other cases linked to this case's appear in their group
        for node in group:
            rows.setdefault(node.sha256, _image_row(store, node, case.id))
    members = {n.sha256 for g in groups for n in g}
    group_data = [{
        "lead": f"image:{g[0].sha256}",
        "images": [n.sha256 for n in g],
        "links": [link.as_json() for link in links
                  if link.a in {n.sha256 for n in g} and link.b in {n.sha256 for n in g}],
        "other_cases": sorted({c for n in g for c in n.cases} - {case.id}),
    } for g in groups]
    with_gps = [rows[n.sha256] for n in mine if rows[n.sha256]["gps"]]
    return {
        "id": "images",
        "title": _("Images"),
        "summary": [
            {"label": _("images"), "value": len(mine)},
            {"label": _("groups of reused photos"), "value": len(group_data)},
            {"label": _("images with GPS"), "value": len(with_gps)},
            {"label": _("linked in other cases"),
             "value": len({c for g in group_data for c in g["other_cases"]})},
        ],
        "data": {
            "images": [rows[n.sha256] for n in mine],
            "linked": {sha: rows[sha] for sha in members},
            "groups": group_data,
            "gps": [{"sha256": r["sha256"], "file": r["file"], **r["gps"]} for r in with_gps],
            "thresholds": dict(THRESHOLDS),
        },
    }
