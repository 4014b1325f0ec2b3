"""Digits as people type them: Bengali, Arabic-Indic, Extended Arabic-Indic, Devanagari and
full-width digits mapped to ASCII, one character for one character (so spans stay valid)."""

from __future__ import annotations

import re

__all__ = ["DIGIT_BLOCKS", "ascii_digits", "has_digit"]

DIGIT_BLOCKS: tuple[tuple[str, str], ...] = (
    ("bengali", "০১২৩৪৫৬৭৮৯"),
    ("arabic-indic", "٠١٢٣٤٥٦٧٨٩"),
    ("extended-arabic-indic", "۰۱۲۳۴۵۶۷۸۹"),
    ("devanagari", "०१२३४५६७८९"),
    ("fullwidth", "０１２３４５６７８９"),
)
"""The zero-to-nine runs that are mapped (name, digits)."""

_TABLE: dict[int, int] = {}
for _name, _digits in DIGIT_BLOCKS:
    for _value, _char in enumerate(_digits):
        _TABLE[ord(_char)] = ord("0") + _value
# Arabic decimal and thousands separators, and the full-width plus: also one for one.
_TABLE[ord("٫")] = ord(".")
_TABLE[ord("٬")] = ord(",")
_TABLE[ord("＋")] = ord("+")
_ANY_DIGIT = re.compile(r"\d")


def ascii_digits(text: str) -> str:
    """`text` with every mapped digit (and Arabic separator) replaced by its ASCII twin.

    The result has exactly the length of `text`, so a span found in it is a span of `text`.
    """
    if text.isascii():
        return text
    return text.translate(_TABLE)


def has_digit(text: str) -> bool:
    """Whether `text` holds any decimal digit, of any script."""
    return _ANY_DIGIT.search(text) is not None
