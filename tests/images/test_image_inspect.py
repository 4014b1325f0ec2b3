"""Reading images: EXIF and GPS read back exactly, and every kind of bad input refused."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from images_fixtures import bomb_png, jpeg_of, photo_with_gps, plain_photo
from PIL import Image

from dorker.errors import InputError
from dorker.images.inspect import load_image, read_facts


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        pytest.param(Decimal("23.810331"), Decimal("90.412521"), id="dhaka"),
        pytest.param(Decimal("-33.868820"), Decimal("151.209290"), id="sydney-south"),
        pytest.param(Decimal("25.204849"), Decimal("-0.127758"), id="west-of-greenwich"),
        pytest.param(Decimal("0.000100"), Decimal("0.000100"), id="near-null-island"),
    ],
)
def test_gps_written_into_exif_reads_back_to_1e4_degrees(tmp_path: Path, lat: Decimal,
                                                        lon: Decimal) -> None:
    path = photo_with_gps(tmp_path / "gps.jpg", lat, lon)
    facts, _ = read_facts(path)
    assert facts.gps is not None
    assert abs(facts.gps.lat - lat) <= Decimal("0.0001")
    assert abs(facts.gps.lon - lon) <= Decimal("0.0001")
    assert isinstance(facts.gps.record()["lat"], str)  # decimal strings for the record
    assert facts.gps.osm_url().startswith("https://www.openstreetmap.org/?mlat=")


def test_exif_summary_names_camera_time_software(tmp_path: Path) -> None:
    path = photo_with_gps(tmp_path / "gps.jpg", Decimal("23.8"), Decimal("90.4"))
    facts, upright = read_facts(path)
    assert facts.exif["make"] == "Samsung"
    assert facts.exif["model"] == "SM-A525F"
    assert facts.exif["software"] == "A525FXXS4CWB1"
    assert facts.exif["datetime_original"] == "2025:03:14 09:26:53"
    assert facts.exif["orientation"] == 1
    assert (facts.format, facts.width, facts.height) == ("JPEG", 640, 480)
    assert upright.size == (640, 480)
    assert len(facts.sha256) == 64 and facts.size == path.stat().st_size


def test_no_exif_no_gps(tmp_path: Path) -> None:
    facts, _ = read_facts(plain_photo(tmp_path / "p.png", fmt="PNG"))
    assert facts.gps is None and facts.exif == {} and facts.format == "PNG"


def test_exif_orientation_is_applied_before_hashing(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    path = tmp_path / "rotated.jpg"
    Image.open(io.BytesIO(jpeg_of(3))).save(path, "JPEG", exif=exif)
    facts, upright = read_facts(path)
    assert (facts.width, facts.height) == (640, 480)
    assert upright.size == (480, 640)


def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "cut.jpg"
    data = jpeg_of(5)
    path.write_bytes(data[: len(data) // 2])
    return path


def _text(tmp_path: Path) -> Path:
    path = tmp_path / "notes.jpg"
    path.write_text("WhatsApp +8801712345678 for visa\n", encoding="utf-8")
    return path


def _pcx(tmp_path: Path) -> Path:
    path = tmp_path / "old.pcx"
    Image.new("RGB", (32, 32), "blue").save(path, "PCX")
    return path


def _svg(tmp_path: Path) -> Path:
    path = tmp_path / "logo.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>', encoding="utf-8")
    return path


def _heic(tmp_path: Path) -> Path:
    path = tmp_path / "phone.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(_text, "not an image", id="not-an-image"),
        pytest.param(_truncated, "truncated", id="truncated-jpeg"),
        pytest.param(lambda p: bomb_png(p / "bomb.png"), "decompression bomb", id="bomb"),
        pytest.param(lambda p: bomb_png(p / "big.png", side=10_000), "decompression bomb",
                     id="bomb-over-the-warning-limit"),
        pytest.param(_pcx, "unsupported image format PCX", id="unsupported-pcx"),
        pytest.param(_svg, "unsupported image format SVG", id="unsupported-svg"),
        pytest.param(_heic, "unsupported image format HEIC", id="unsupported-heic"),
        pytest.param(lambda p: p / "missing.jpg", "not a readable file", id="missing"),
        pytest.param(lambda p: p, "not a file", id="a-folder"),
    ],
)
def test_bad_input_is_one_input_error_naming_the_file(tmp_path: Path, make: object,
                                                      expected: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(InputError) as caught:
        load_image(path)
    message = str(caught.value)
    assert expected in message
    assert str(path) in message and "\n" not in message
