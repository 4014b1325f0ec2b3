"""Folding and word splitting for offline matching: the one place that decides when two
spellings are the same word (NFKC, casefold, invisible characters removed, digits made ASCII,
a few Arabic/Urdu and Turkish variants merged) and where words begin and end in each script.
See docs/matching.md, "Folding".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import groupby

__all__ = ["Pattern", "fold", "pattern_of", "split_words", "words"]

Pattern = tuple[str | None, ...]  # the words of a term or phrase; None is a `*` wildcard

# Scripts written without spaces between words: every letter is a word of its own, so a term
# in them matches as a substring. Ranges are intersected with letters and digits at start-up.
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF), (0x19E0, 0x19FF),  # Khmer
    (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF),  # Hangul
    (0x2E80, 0x2FDF), (0x3000, 0x303F),  # CJK radicals, ideographic iteration marks
    (0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F),  # Hiragana, Katakana
    (0x3100, 0x312F), (0x31A0, 0x31BF),  # Bopomofo
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF),  # Han
    (0xA000, 0xA4CF),  # Yi
)
# Characters removed besides the format characters (category Cf: ZWSP, ZWJ, ZWNJ, BOM, soft
# hyphen, bidi controls...): the grapheme joiner and variation selectors.
_EXTRA_IGNORABLE = ((0x034F, 0x034F), (0x180B, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
# Spelling variants that people type interchangeably (Arabic script, Turkish i): one letter.
_LETTER_FOLD = {
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",  # alef forms
    "\u0649": "\u064a", "\u06cc": "\u064a",  # alef maksura, Farsi/Urdu yeh -> yeh
    "\u06a9": "\u0643",  # keheh (Farsi/Urdu kaf) -> kaf
    "\u06c1": "\u0647", "\u0629": "\u0647",  # heh goal (Urdu), teh marbuta -> heh
    "\u0131": "i",  # dotless i (see docs: Turkish)
}
# Arabic tatweel and optional vowel marks (harakat, Quranic annotation): removed.
_ARABIC_DROP = ((0x0640, 0x0640), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
                (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED))
_SCAN_LIMITS = ((0, 0x40000), (0xE0000, 0xE1000))  # planes holding letters, marks, Cf

def _category_runs() -> list[tuple[str, int, int]]:
    """(category, first, last) for each run of code points sharing a general category."""
    runs: list[tuple[str, int, int]] = []
    for lo, hi in _SCAN_LIMITS:
        start = lo
        for category, group in groupby(map(unicodedata.category, map(chr, range(lo, hi)))):
            size = sum(1 for _ in group)
            runs.append((category, start, start + size - 1))
            start += size
    return runs


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted inclusive ranges with touching ones joined."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and out[-1][1] >= lo - 1:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _split_ranges(ranges: list[tuple[int, int]], windows: Sequence[tuple[int, int]]
                  ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The parts of `ranges` inside any of `windows`, and the parts outside all of them."""
    inside: list[tuple[int, int]] = []
    outside: list[tuple[int, int]] = []
    for lo, hi in ranges:
        cursor = lo
        for wlo, whi in sorted(windows):
            if whi < cursor or wlo > hi:
                continue
            if wlo > cursor:
                outside.append((cursor, wlo - 1))
            inside.append((max(cursor, wlo), min(hi, whi)))
            cursor = min(hi, whi) + 1
            if cursor > hi:
                break
        if cursor <= hi:
            outside.append((cursor, hi))
    return inside, outside


def _char_class(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


@cache
def _tables() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """The folding table and the word regex, built once from this Python's Unicode database.

    Scanning the database (about 40 ms, once per process) keeps the classes in step with the
    NFKC and casefolding of the running Python.
    """
    table: dict[int, str | None] = {ord(k): v for k, v in _LETTER_FOLD.items()}
    runs = _category_runs()
    letters = _merge((lo, hi) for cat, lo, hi in runs if cat[0] in "LN")  # letters, digits
    marks = _merge((lo, hi) for cat, lo, hi in runs if cat[0] == "M")  # part of their word
    for cat, lo, hi in runs:
        if cat == "Cf":
            table.update((cp, None) for cp in range(lo, hi + 1))
        elif cat == "Nd" and lo > 0x7F:
            table.update((cp, str(unicodedata.decimal(chr(cp), 0))) for cp in range(lo, hi + 1))
    for lo, hi in (*_EXTRA_IGNORABLE, *_ARABIC_DROP):
        table.update((cp, None) for cp in range(lo, hi + 1))
    unspaced, spaced = _split_ranges(letters, _UNSPACED_RANGES)
    word_re = re.compile(
        f"[{_char_class(unspaced)}][{_char_class(marks)}]*"
        f"|[{_char_class(spaced + marks)}]+"
    )
    return table, word_re


def fold(text: str) -> str:
    """The folded form both sides are compared in (see docs/matching.md, "Folding")."""
    table, _ = _tables()
    # Old Bengali encodings write khanda ta as ta + hasant + ZWJ; keep it before ZWJ goes.
    text = text.replace("\u09a4\u09cd\u200d", "\u09ce")
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    # Casefolding the Turkish capital İ gives i + combining dot above: the dot is redundant.
    return text.translate(table).replace("i\u0307", "i")


def split_words(folded: str) -> list[str]:
    return _tables()[1].findall(folded)


def words(text: str) -> list[str]:
    """The words of a text as the matcher sees them (folded; one per letter in CJK/Thai...)."""
    return split_words(fold(text))


@lru_cache(maxsize=65536)
def pattern_of(text: str) -> Pattern:
    """The words of a term or phrase; a `*` between spaces stands for exactly one word."""
    out: list[str | None] = []
    for piece in text.split():
        if piece.strip("*") == "":
            out.append(None)
        else:
            out.extend(words(piece))
    return tuple(out)
