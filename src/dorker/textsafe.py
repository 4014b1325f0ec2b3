"""Showing untrusted text in a terminal: control characters and escape sequences become visible
escapes (`\\x1b`), so a hostile title or dork can never move the cursor, recolour or retitle the
terminal. Markup is not interpreted because dorker's CLI prints plain text, never Rich markup.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "json_safe", "printable"]

# C0 and C1 controls (escape sequences), and the invisible marks that reorder or split text
# (bidi overrides, isolates, LRM/RLM/ALM, line/paragraph separators). Newline and tab are
# handled by `keep_newlines`.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control or bidi-override character written as a visible escape."""

    def escape(match: re.Match[str]) -> str:
        ch = match.group(0)
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    text = _CONTROL.sub(escape, text)
    return text if keep_newlines else text.replace("\n", "\\n").replace("\t", " ")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will neither run as a formula (CSV injection) nor read as a
    number (None is empty; other values are written as text).

    Every cell that starts like a formula gets a leading `'`, with no exception for digits:
    `-2+3` and `+1+cmd|...` are formulas, and `+8801712345678` would become the number
    8801712345678 (its `+` lost, shown as 8.80E+12); `'+8801712345678` stays the phone number.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def json_safe(text: str) -> str:
    """JSON text with the invisible and control characters that `json.dumps` leaves raw written
    as `\\uXXXX` escapes (the same character to a JSON reader; nothing a terminal obeys)."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
