"""The report's Images section: data per the section contract, and both partials rendered."""

from __future__ import annotations

import base64
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from images_fixtures import photo_with_gps
from photos import make_photo, variants
from PIL import Image

from dorker.config import load_config
from dorker.images.report import case_section
from dorker.store.cases import require_case
from dorker.store.session import open_configured_store
from helpers import run_cli

HOSTILE = "<script>alert(1)</script>*ad*.jpg"


def _render(section: dict[str, Any], fmt: str) -> str:
    from dorker.report.render import make_environment

    return str(make_environment(fmt).get_template(f"sections/images.{fmt}.j2")
               .render(section=section))


@pytest.fixture
def section(tmp_path: Path, dorker_home: Path) -> dict[str, Any]:
    assert run_cli("case", "new", "Lobby", "--use").code == 0
    assert run_cli("case", "new", "Other").code == 0
    photo = make_photo(51)
    photo.save(tmp_path / "original.jpg")
    variants(photo)["brightened"].save(tmp_path / HOSTILE.replace("/", "_"))
    photo_with_gps(tmp_path / "site.jpg", Decimal("23.810331"), Decimal("90.412521"), seed=52)
    for name, case in (("original.jpg", "C-0001"), (HOSTILE.replace("/", "_"), "C-0002"),
                       ("site.jpg", "C-0001")):
        assert run_cli("image", "add", str(tmp_path / name), "--case", case).code == 0
    with open_configured_store(load_config()) as store:
        result = case_section(store, require_case(store, "C-0001"))
        assert case_section(store, require_case(store, "C-0002")) is not None
    assert result is not None
    return result


def test_section_data_follows_the_contract(section: dict[str, Any]) -> None:
    assert section["id"] == "images" and section["title"] == "Images"
    json.dumps(section)  # plain JSON-able data
    summary = {item["label"]: item["value"] for item in section["summary"]}
    assert summary == {"images": 2, "groups of reused photos": 1, "images with GPS": 1,
                       "linked in other cases": 1}
    [group] = section["data"]["groups"]
    assert group["other_cases"] == ["C-0002"] and len(group["images"]) == 2
    [gps] = section["data"]["gps"]
    assert (gps["lat"], gps["lon"]) == ("23.810331", "90.412521")
    assert gps["osm"] == ("https://www.openstreetmap.org/?mlat=23.810331&mlon=90.412521"
                          "#map=16/23.810331/90.412521")


def test_thumbnails_are_small_jpegs_without_exif(section: dict[str, Any]) -> None:
    for row in section["data"]["images"]:
        uri = row["thumbnail"]
        assert uri.startswith("data:image/jpeg;base64,")
        thumb = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
        assert max(thumb.size) <= 240
        assert not thumb.getexif()  # the GPS point does not travel in the thumbnail


def test_html_partial_shows_groups_side_by_side_exif_and_map_links(
        section: dict[str, Any]) -> None:
    html = _render(section, "html")
    assert html.count('<img src="data:image/jpeg;base64,') == 2
    assert 'class="thumbs" style="display:flex' in html
    assert 'href="https://www.openstreetmap.org/?mlat=23.810331&amp;mlon=90.412521' in html
    assert "Samsung SM-A525F" in html and "2025:03:14 09:26:53" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "also in C-0002" in html


def test_markdown_partial(section: dict[str, Any]) -> None:
    md = _render(section, "md")
    assert md.count("](data:image/jpeg;base64,") == 2
    assert "[23.810331, 90.412521](https://www.openstreetmap.org/?mlat=23.810331" in md
    assert "\\<script\\>" in md and "<script>" not in md
    assert "| Samsung SM-A525F |" in md


def test_no_images_no_section(dorker_home: Path) -> None:
    assert run_cli("case", "new", "Empty", "--use").code == 0
    with open_configured_store(load_config()) as store:
        assert case_section(store, require_case(store, "C-0001")) is None
