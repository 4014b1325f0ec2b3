"""Files for the image tests, made in code: a photo with EXIF and GPS, and broken inputs."""

from __future__ import annotations

import io
import struct
import zlib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from photos import make_photo
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

__all__ = ["bomb_png", "dms", "photo_with_gps", "plain_photo"]


def dms(value: Decimal) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Decimal degrees as EXIF degrees, minutes, seconds (seconds to 1/10000)."""
    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = Fraction(str(((minutes_full - minutes) * 60).quantize(Decimal("0.0001"))))
    return (IFDRational(degrees), IFDRational(minutes),
            IFDRational(seconds.numerator, seconds.denominator))


def photo_with_gps(path: Path, lat: Decimal, lon: Decimal, *, seed: int = 7,
                   make: str = "Samsung", model: str = "SM-A525F",
                   when: str = "2025:03:14 09:26:53", fmt: str = "JPEG") -> Path:
    """A synthetic photo saved with camera, time, software and a GPS point in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0131] = "A525FXXS4CWB1"
    exif[0x0112] = 1
    exif.get_ifd(ExifTags.IFD.Exif)[0x9003] = when
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1] = "N" if lat >= 0 else "S"
    gps[2] = dms(lat)
    gps[3] = "E" if lon >= 0 else "W"
    gps[4] = dms(lon)
    make_photo(seed).save(path, fmt, exif=exif)
    return path


def plain_photo(path: Path, seed: int = 11, fmt: str = "JPEG") -> Path:
    make_photo(seed).save(path, fmt)
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def bomb_png(path: Path, side: int = 20_000) -> Path:
    """A tiny PNG whose header claims side x side pixels (400 million by default)."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    body = zlib.compress(row * 16)
    png = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body)
           + _chunk(b"IEND", b""))
    path.write_bytes(png)
    return path


def jpeg_of(seed: int) -> bytes:
    buffer = io.BytesIO()
    make_photo(seed).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
