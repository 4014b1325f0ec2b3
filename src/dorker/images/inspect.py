"""Reading an image file safely and what it carries: SHA-256, format, size, EXIF and GPS.

Everything a user can hand dorker is checked here before anything is stored: the file must be
readable, an image, in a format dorker accepts (an allow-list: Pillow can parse many formats,
some of which hand work to outside programs), whole (a truncated JPEG is refused, not
half-decoded) and within Pillow's decompression-bomb limit. Each failure is one `InputError`.
GPS coordinates are kept as `Decimal` (the record refuses floats) rounded to 1e-6 degrees.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from dorker.errors import InputError, Location

__all__ = ["ACCEPTED_FORMATS", "MAX_FILE_BYTES", "Gps", "ImageFacts", "load_image",
           "read_facts"]

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP", "AVIF")
"""What dorker decodes (MPO, a phone camera's multi-picture JPEG, comes in as JPEG)."""
MAX_FILE_BYTES = 256 * 1024 * 1024
"""A larger file is refused before it is read into memory."""

_DEGREE_PLACES = Decimal("0.000001")  # about 0.1 m: finer than any phone's GPS
_TEXT_LIMIT = 200
_MAGIC = ((b"%PDF", "PDF"), (b"<svg", "SVG"), (b"<?xml", "SVG or XML"))
_FTYP = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF"}

# EXIF tags of the summary: (name, tag, which IFD: None for the main one).
_IFD0 = {"make": 0x010F, "model": 0x0110, "software": 0x0131, "orientation": 0x0112,
         "datetime": 0x0132, "artist": 0x013B}
_EXIF_IFD = {"datetime_original": 0x9003, "offset_time_original": 0x9011,
             "lens_model": 0xA434, "body_serial": 0xA431}


@dataclass(frozen=True, slots=True)
class Gps:
    """A GPS point in decimal degrees (north and east positive), exact decimals."""

    lat: Decimal
    lon: Decimal
    altitude: Decimal | None = None

    def record(self) -> dict[str, str]:
        """For an event: decimal strings (the record refuses floats)."""
        out = {"lat": str(self.lat), "lon": str(self.lon)}
        if self.altitude is not None:
            out["altitude"] = str(self.altitude)
        return out

    def as_json(self) -> dict[str, float]:
        """For `image inspect --format json` (numbers, as DESIGN.md shows)."""
        out = {"lat": float(self.lat), "lon": float(self.lon)}
        if self.altitude is not None:
            out["altitude"] = float(self.altitude)
        return out

    def osm_url(self) -> str:
        """The point on OpenStreetMap."""
        return (f"https://www.openstreetmap.org/?mlat={self.lat}&mlon={self.lon}"
                f"#map=16/{self.lat}/{self.lon}")


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What a file is and carries (no pixels)."""

    path: Path
    sha256: str
    size: int
    format: str
    width: int
    height: int
    exif: dict[str, str | int] = field(default_factory=dict)
    gps: Gps | None = None


def _identify_other(data: bytes) -> str | None:
    """The name of a format dorker does not accept, when the bytes show one."""
    head = data[:64].lstrip()
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if data[4:8] == b"ftyp" and data[8:12] in _FTYP:
        return _FTYP[data[8:12]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as other:  # identifies the header, decodes nothing
                return str(other.format)
    except Exception:  # any reader's failure just means "not an image we know"
        return None


def _fail(path: Path, message: str, hint: str | None = None) -> InputError:
    return InputError(message, where=Location(path), hint=hint)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or one InputError naming the path."""
    try:
        if not path.is_file():
            raise _fail(path, "not a readable file" if not path.exists() else "not a file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _fail(path, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB",
                        "is it really one photo?")
        return path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot read the file: {exc.strerror or exc}") from None


def load_image(path: Path, data: bytes | None = None) -> tuple[Image.Image, bytes]:
    """The decoded image (first frame, EXIF orientation kept as loaded) and the file's bytes."""
    data = read_bytes(path) if data is None else data
    try:
        with warnings.catch_warnings():
            # Pillow warns past MAX_IMAGE_PIXELS and raises past twice that: both are refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _fail(path, "the image has more pixels than Pillow's limit of "
                    f"{Image.MAX_IMAGE_PIXELS:,} (a decompression bomb?)",
                    "dorker refuses it; check the file elsewhere") from None
    except UnidentifiedImageError:
        other = _identify_other(data)
        if other is not None:
            raise _fail(path, f"unsupported image format {other}",
                        f"dorker reads {', '.join(ACCEPTED_FORMATS)}; convert it first") from None
        raise _fail(path, "not an image (no image format recognised)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow reports a cut-off file as OSError "image file is truncated" and broken
        # structures as SyntaxError/ValueError.
        reason = str(exc) or type(exc).__name__
        hint = "the download may have been cut off" if "truncated" in reason else None
        raise _fail(path, f"the image cannot be decoded: {reason}", hint) from None
    return image, data


def _text(value: Any) -> str | int | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value[:_TEXT_LIMIT] or None


def _degrees(parts: Any, ref: Any) -> Decimal | None:
    """`(deg, min, sec)` rationals and a N/S/E/W reference as signed decimal degrees."""
    try:
        d, m, s = (Fraction(p.numerator, p.denominator) if hasattr(p, "numerator")
                   else Fraction(str(p)) for p in parts)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    ref_text = ref.decode("ascii", "replace") if isinstance(ref, bytes) else str(ref or "")
    if ref_text.strip().upper() in ("S", "W"):
        exact = -exact
    return exact.quantize(_DEGREE_PLACES, rounding=ROUND_HALF_EVEN)


def _gps(exif: Image.Exif) -> Gps | None:
    try:
        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # a broken GPS block is no GPS, not a failure
        return None
    if not info or 2 not in info or 4 not in info:
        return None
    lat = _degrees(info[2], info.get(1))
    lon = _degrees(info[4], info.get(3))
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    altitude = None
    raw: Any = info.get(6)
    if hasattr(raw, "numerator") and raw.denominator:
        altitude = (Decimal(raw.numerator) / Decimal(raw.denominator)).quantize(Decimal("0.1"))
        if info.get(5) in (1, b"\x01"):  # below sea level
            altitude = -altitude
    return Gps(lat, lon, altitude)


def exif_summary(image: Image.Image) -> tuple[dict[str, str | int], Gps | None]:
    """Camera, times, software, orientation (and a few more) and the GPS point, if any."""
    try:
        exif = image.getexif()
    except Exception:  # unreadable EXIF: report none rather than refuse the photo
        return {}, None
    summary: dict[str, str | int] = {}
    for name, tag in _IFD0.items():
        value = _text(exif.get(tag))
        if value is not None:
            summary[name] = value
    try:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
    except Exception:
        sub = {}
    for name, tag in _EXIF_IFD.items():
        value = _text(sub.get(tag))
        if value is not None:
            summary[name] = value
    return summary, _gps(exif)


def read_facts(path: Path, data: bytes | None = None,
               image: Image.Image | None = None) -> tuple[ImageFacts, Image.Image]:
    """Facts about the image at `path` and the decoded image, upright (EXIF orientation applied)."""
    if image is None or data is None:
        image, data = load_image(path, data)
    exif, gps = exif_summary(image)
    facts = ImageFacts(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                       format=str(image.format or "?"), width=image.width, height=image.height,
                       exif=exif, gps=gps)
    upright = ImageOps.exif_transpose(image)
    return facts, upright
