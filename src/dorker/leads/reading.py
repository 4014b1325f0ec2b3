"""Reading the texts leads come from: bounded, decoded strictly, HTML read for its text.

A file that is binary, not UTF-8, or larger than the bound is refused with one line that says
which and where (a text's first bad byte by line and column); `leads scan` turns the same
refusals into a noted skip. Nothing is guessed: a wrong decoding would invent wrong numbers.
"""

from __future__ import annotations

import codecs
import html
import re
import sys
from pathlib import Path

from dorker.errors import InputError, Location

__all__ = ["MAX_TEXT_BYTES", "Unreadable", "decode_text", "html_text", "read_input"]

MAX_TEXT_BYTES = 16 * 1024 * 1024
"""The most one text may hold (a 100 MB dump is refused, not read for minutes)."""

_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)?[^>]*>")
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "code", "em", "font", "i", "mark", "q",
                     "s", "small", "span", "strong", "sub", "sup", "u", "wbr"})
_HIDDEN = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""\b(?:href|src|content|title|alt)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
                        re.IGNORECASE)


class Unreadable(Exception):
    """Bytes that are not a text dorker can read; the message says why, `line`/`column` where."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM allowed) or BOM-marked UTF-16; anything else is Unreadable."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("not valid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise Unreadable("a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise Unreadable(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", line,
                         column) from None


def html_text(markup: str) -> str:
    """The text of an HTML page, with link targets and image/meta texts kept beside it.

    Inline tags vanish (`<b>01712</b>-345678` reads as one number); other tags end a line.
    """
    body = _HIDDEN.sub("\n", markup)

    def keep(match: re.Match[str]) -> str:
        values = [v.strip("\"'") for v in _ATTRIBUTE.findall(match.group(0))]
        if values:
            return " " + " ".join(html.unescape(v) for v in values) + " "
        return "" if (match.group(1) or "").lower() in _INLINE else "\n"

    return html.unescape(_TAG.sub(keep, body))


def read_input(name: str, *, limit: int = MAX_TEXT_BYTES) -> str:
    """The text of FILE, or of standard input for `-`; InputError naming it when unreadable."""
    label = "standard input" if name == "-" else name
    too_large = InputError(f"more than {limit // (1024 * 1024)} MB: too large to read as one "
                           "text", where=Location(label),
                           hint="split it, e.g. split -C 8M FILE part-")
    try:
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            path = Path(name)
            if path.is_dir():
                raise InputError("is a folder, not a text file", where=Location(name))
            if path.is_file() and path.stat().st_size > limit:
                raise too_large  # refused without reading it
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", where=Location(name)) from None
    except PermissionError:
        raise InputError("cannot read the file: permission denied", where=Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=Location(label)) from None
    if len(data) > limit:
        raise too_large
    try:
        return decode_text(data)
    except Unreadable as exc:
        raise InputError(str(exc), where=Location(label, exc.line, exc.column),
                         hint="save it as UTF-8 text") from None
