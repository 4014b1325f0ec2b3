"""The Images screen (F7): a case's images with EXIF/GPS and links, a thumbnail, reverse search."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from tui_fixtures import build_app, run, settle

from dorker.config import load_config
from dorker.store.base import EventFilter
from dorker.store.session import open_configured_store
from dorker.tui.app import DorkerApp
from dorker.tui.screens.images import ImagesScreen
from dorker.tui.widgets.thumbnail import Thumbnail, half_blocks
from helpers import run_cli

HOSTILE = "[bold]x[/bold]\x1b[2J.jpg"


def _photo(seed: int) -> Image.Image:
    image = Image.new("RGB", (320, 240), (30 * seed % 256, 90, 160))
    draw = ImageDraw.Draw(image)
    for k in range(6):
        draw.ellipse((20 + 40 * k, 10 + 17 * ((k * seed) % 5), 70 + 40 * k, 120 + 9 * k),
                     fill=((50 * k + 70 * seed) % 256, (40 * k * seed) % 256, 200 - 20 * k))
    return image


@pytest.fixture
def images(tmp_path: Path) -> Path:
    assert run_cli("case", "new", "Lobby", "--use").code == 0
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Samsung", "SM-A525F"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1], gps[2] = "N", (IFDRational(23), IFDRational(48), IFDRational(3708, 100))
    gps[3], gps[4] = "E", (IFDRational(90), IFDRational(24), IFDRational(5))
    _photo(1).save(tmp_path / "lobby.jpg", exif=exif)
    _photo(1).resize((160, 120)).save(tmp_path / HOSTILE.replace("/", "_"))
    other = Image.new("RGB", (300, 300), "white")
    for x in range(0, 300, 30):  # stripes: nothing like the lobby photo
        ImageDraw.Draw(other).rectangle((x, 0, x + 14, 300), fill=(20, 20, 20))
    other.save(tmp_path / "other.png")
    assert run_cli("image", "add", str(tmp_path / "lobby.jpg"), "--url",
                   "https://cdn.example/ads/lobby.jpg").code == 0
    assert run_cli("image", "add", str(tmp_path / HOSTILE.replace("/", "_"))).code == 0
    assert run_cli("image", "add", str(tmp_path / "other.png")).code == 0
    return tmp_path


async def _open(app: DorkerApp, pilot: Pilot[None]) -> ImagesScreen:
    await pilot.press("f7")
    await settle(pilot, 5)
    screen = app.screen
    assert isinstance(screen, ImagesScreen)
    return screen


def _text(widget: Static) -> str:
    content = widget.render()  # Text or Textual's Content: both have .plain
    return str(getattr(content, "plain", content))


def test_lists_images_with_exif_gps_links_and_a_thumbnail(images: Path) -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = await _open(app, pilot)
        table = screen.query_one("#images", DataTable)
        assert table.row_count == 3
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[1:5] == ["lobby.jpg", "Samsung SM-A525F", "", "23.810300, 90.401389"]
        assert first[5] == "1" and [str(c) for c in table.get_row_at(2)][5] == "-"
        assert str(table.get_row_at(1)[1]) == "[bold]x[_bold]\\x1b[2J.jpg"  # literal, escaped
        detail = _text(screen.query_one("#image-detail", Static))
        assert "GPS 23.810300, 90.401389" in detail and "same photo as" in detail
        thumb = _text(screen.query_one(Thumbnail))
        assert thumb.count("▀") >= 20 * 5 and "loading" not in thumb

    run(scenario, app=build_app(), size=(120, 34))


def test_reverse_search_is_recorded_like_open(images: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    copied: list[str] = []

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await _open(app, pilot)
        await pilot.press("t")  # first row: it has an image URL
        await settle(pilot)
        await pilot.press("down", "y")  # second row: no URL: the upload page
        await settle(pilot)

    run(scenario, app=build_app(), size=(120, 34))
    with open_configured_store(load_config()) as store:
        opened = list(store.iter_events(EventFilter(action="query.opened")))
    assert [e.payload["engine"] for e in opened] == ["tineye", "yandex-images"]
    assert opened[0].payload["url"] == ("https://tineye.com/search?url="
                                        "https%3A%2F%2Fcdn.example%2Fads%2Flobby.jpg")
    assert opened[1].payload["url"] == "https://yandex.com/images/"
    assert opened[1].payload["reverse_image"]["uploaded_by_dorker"] is False
    assert all(e.case_id == "C-0001" and e.payload["via"] == "tui" for e in opened)
    # No browser can be started here: recorded as copied (not "browser"), and copied.
    assert [e.payload["how"] for e in opened] == ["copied", "copied"]
    assert copied == [e.payload["url"] for e in opened]
    ids = [e.payload["command_id"] for e in opened]  # two actions: two commands
    assert ids[0] != ids[1] and all(re.fullmatch("[0-9a-f]{32}", i) for i in ids)


def test_the_map_of_a_gps_point_is_recorded_before_the_hand_off(
        images: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    copied: list[str] = []

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await _open(app, pilot)
        await pilot.press("m")  # first row: it carries GPS
        await settle(pilot)
        await pilot.press("down", "m")  # second row: no GPS: nothing to show, nothing recorded
        await settle(pilot)

    run(scenario, app=build_app(), size=(120, 34))
    with open_configured_store(load_config()) as store:
        [opened] = list(store.iter_events(EventFilter(action="query.opened")))
    url = ("https://www.openstreetmap.org/?mlat=23.810300&mlon=90.401389"
           "#map=16/23.810300/90.401389")
    p = opened.payload
    assert opened.case_id == "C-0001" and p["kind"] == "map" and p["url"] == url
    assert p["engine"] == "openstreetmap" and p["map"]["lat"] == "23.810300"
    assert p["map"]["file"] == "lobby.jpg" and len(p["map"]["sha256"]) == 64
    assert p["how"] == "copied" and p["via"] == "tui"  # no browser here: copied, and said so
    assert re.fullmatch("[0-9a-f]{32}", p["command_id"])
    assert copied == [url]


def test_no_case_and_no_colour_placeholders(dorker_home: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        screen = await _open(app, pilot)
        assert "no case" in _text(screen.query_one("#images-status", Static))
        monkeypatch.setenv("NO_COLOR", "1")
        thumb = screen.query_one(Thumbnail)
        thumb.show(_photo(3), "no thumbnail")
        assert _text(thumb) == "[no thumbnail]"

    run(scenario, app=build_app(), size=(100, 30))
    assert os.environ.get("NO_COLOR") == "1"


def test_half_blocks_two_pixels_per_cell() -> None:
    image = Image.new("RGB", (3, 4), (255, 0, 0))
    image.putpixel((0, 1), (0, 0, 255))
    text = half_blocks(image)
    assert text.plain == "▀▀▀\n▀▀▀"
    first = text.spans[0].style
    assert first.color.triplet == (255, 0, 0) and first.bgcolor.triplet == (0, 0, 255)
