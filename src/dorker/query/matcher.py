"""Offline matcher: does a text (with an optional URL and title) satisfy a neutral query tree?

Semantics are documented in docs/matching.md. In short: both sides are folded the same way
(NFKC, casefold, invisible characters removed, digits made ASCII, a few spelling variants
merged), the text is cut into words once, and every query is evaluated against that word list
with a three-valued logic in which what cannot be checked offline is *unknown* and counts as a
match at the end. A query is compiled once (`compile_matcher`), a text is prepared once
(`prepare_text`); testing hundreds of compiled queries against one prepared text is cheap
because a word is a dictionary lookup, not a regex scan.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from urllib.parse import unquote, unquote_plus, urlsplit

from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term

__all__ = [
    "Truth",
    "PreparedText",
    "Matcher",
    "prepare_text",
    "compile_matcher",
    "match",
    "fold",
    "words",
    "UNCHECKABLE_OPERATORS",
]

# True / False / None, where None means "unknown": it could not be checked offline.
Truth = bool | None
Pattern = tuple[str | None, ...]  # the words of a term or phrase; None is a `*` wildcard
Span = tuple[int, int]  # [start, end) in word indices
_Eval = Callable[["PreparedText"], Truth]
_Spans = Callable[["PreparedText"], list[Span]]

# Operators that no offline text can decide: they are always unknown.
UNCHECKABLE_OPERATORS = frozenset({
    "after", "before", "lang", "loc", "inanchor", "cache", "related", "link", "info",
})
_TITLE_OPS = frozenset({"intitle", "allintitle"})
_URL_OPS = frozenset({"inurl", "allinurl"})
_TEXT_OPS = frozenset({"intext", "allintext"})

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
# Arabic-script spelling variants that people type interchangeably: folded to one letter.
_ARABIC_FOLD = {
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
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WESTERN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_EUROPEAN_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_INDIAN_RE = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?")
_DECIMAL_RE = re.compile(r"\d+[.,]\d+")
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
_MAX_SPANS = 10_000  # bounds the work of AROUND on huge texts full of one word


# --- folding and words --------------------------------------------------------------------------


def _ranges_class(points: Iterable[int]) -> str:
    """A regex character class body for a sorted iterable of code points."""
    out: list[str] = []
    start = prev = -2
    for cp in points:
        if cp != prev + 1:
            if start >= 0:
                out.append(_range_text(start, prev))
            start = cp
        prev = cp
    if start >= 0:
        out.append(_range_text(start, prev))
    return "".join(out)


def _range_text(a: int, b: int) -> str:
    return f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}"


def _in(cp: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


@cache
def _tables() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """The folding table and the word regex, built once from this Python's Unicode database."""
    table: dict[int, str | None] = {ord(k): v for k, v in _ARABIC_FOLD.items()}
    word: list[int] = []
    unspaced: list[int] = []
    for lo, hi in _SCAN_LIMITS:
        for cp, cat in enumerate(map(unicodedata.category, map(chr, range(lo, hi))), lo):
            major = cat[0]
            if cat == "Cf" or _in(cp, _EXTRA_IGNORABLE) or _in(cp, _ARABIC_DROP):
                table[cp] = None
            elif cat == "Nd" and cp > 0x7F:
                table[cp] = str(unicodedata.decimal(chr(cp)))
            elif major in "LN" and _in(cp, _UNSPACED_RANGES):
                unspaced.append(cp)
            elif major in "LMN":
                word.append(cp)
    word_re = re.compile(
        f"[{_ranges_class(unspaced)}][{_ranges_class(c for c in word if _is_mark(c))}]*"
        f"|[{_ranges_class(word)}]+"
    )
    return table, word_re


@lru_cache(maxsize=None)
def _is_mark(cp: int) -> bool:
    return unicodedata.category(chr(cp))[0] == "M"


def fold(text: str) -> str:
    """The folded form both sides are compared in (see docs/matching.md, "Folding")."""
    table, _ = _tables()
    # Old Bengali encodings write khanda ta as ta + hasant + ZWJ; keep it before ZWJ goes.
    text = text.replace("\u09a4\u09cd\u200d", "\u09ce")
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    # Casefolding the Turkish capital İ gives i + combining dot above: the dot is redundant.
    return text.translate(table).replace("i\u0307", "i")


def _split(folded: str) -> list[str]:
    return _tables()[1].findall(folded)


def words(text: str) -> list[str]:
    """The words of a text as the matcher sees them (folded; one per letter in CJK/Thai...)."""
    return _split(fold(text))


@lru_cache(maxsize=65536)
def _pattern(text: str, wildcards: bool) -> Pattern:
    """The words of a term or phrase; with `wildcards`, a `*` piece stands for one word."""
    if not wildcards:
        return tuple(words(text))
    out: list[str | None] = []
    for piece in text.split():
        if piece.strip("*") == "":
            out.extend([None] * len(piece))
        else:
            out.extend(words(piece))
    return tuple(out)


# --- prepared texts -----------------------------------------------------------------------------


class _Doc:
    """A folded text cut into words, with where each word occurs."""

    __slots__ = ("index", "words")

    def __init__(self, text: str) -> None:
        self.words = _split(fold(text))
        index: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            if word in index:
                index[word].append(i)
            else:
                index[word] = [i]
        self.index = index

    def find(self, pattern: Pattern) -> bool:
        """True when the words of `pattern` occur in order, adjacent."""
        index = self.index
        if len(pattern) == 1:
            word = pattern[0]
            return bool(self.words) if word is None else word in index
        for word in pattern:  # fast rejection: a missing word decides
            if word is not None and word not in index:
                return False
        for _ in self._starts(pattern, first_only=True):
            return True
        return False

    def spans(self, pattern: Pattern) -> list[Span]:
        """Every occurrence of `pattern`, as word spans."""
        length = len(pattern)
        return [(s, s + length) for s in self._starts(pattern, first_only=False)]

    def _starts(self, pattern: Pattern, first_only: bool) -> Iterable[int]:
        words_, length, n = self.words, len(pattern), len(self.words)
        anchor = next((k for k, w in enumerate(pattern) if w is not None), None)
        if anchor is None:
            yield from range(max(0, n - length + 1))
            return
        found = 0
        for pos in self.index.get(pattern[anchor] or "", ()):
            start = pos - anchor
            if start < 0 or start + length > n:
                continue
            if all(w is None or words_[start + j] == w for j, w in enumerate(pattern)):
                yield start
                found += 1
                if first_only or found >= _MAX_SPANS:
                    return


class _Url:
    """A URL split into what `site:`, `filetype:` and `inurl:` look at."""

    __slots__ = ("host", "joined", "path")

    def __init__(self, url: str) -> None:
        raw = url.strip()
        if not _SCHEME_RE.match(raw):
            raw = "//" + raw
        try:
            parts = urlsplit(raw)
            host, path = parts.hostname or "", parts.path
        except ValueError:  # e.g. an unbalanced IPv6 bracket
            host, path = "", ""
        self.host = _host(host)
        self.path = fold(unquote(path))
        self.joined = " " + " ".join(words(unquote_plus(url))) + " "


def _host(host: str) -> str:
    labels = []
    for label in host.strip().rstrip(".").split("."):
        if label.lower().startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                pass
        labels.append(fold(label))
    return ".".join(labels)


class PreparedText:
    """A text (and optionally the page's URL and title) folded and indexed once.

    Build it with `prepare_text` and pass it to any number of `Matcher.evaluate` calls.
    """

    __slots__ = ("_numbers", "doc", "title", "url")

    def __init__(self, doc: _Doc, url: _Url | None, title: _Doc | None) -> None:
        self.doc = doc
        self.url = url
        self.title = title
        self._numbers: list[float] | None = None

    @property
    def numbers(self) -> list[float]:
        """Every number written in the text, sorted (computed on first use)."""
        if self._numbers is None:
            found: list[float] = []
            for word in self.doc.words:
                if any(c.isdigit() for c in word):
                    break
            else:
                self._numbers = found
                return found
            self._numbers = sorted(_text_numbers(self._source))
        return self._numbers

    @property
    def _source(self) -> str:
        # Numbers need the separators between digits, which the word list has dropped.
        return getattr(self, "_raw", "")

    def with_page(self, *, url: str | None = None, title: str | None = None) -> PreparedText:
        """The same text with another URL and/or title (the text is not prepared again)."""
        return _make(self.doc, getattr(self, "_raw", ""), url, title)


def _make(doc: _Doc, folded: str, url: str | None, title: str | None) -> PreparedText:
    prepared = PreparedText(doc, _Url(url) if url is not None else None,
                            _Doc(title) if title is not None else None)
    object.__setattr__(prepared, "_raw", folded) if False else None  # noqa: B018
    _RAW[id(prepared)] = folded
    return prepared


_RAW: dict[int, str] = {}


def prepare_text(text: str, *, url: str | None = None, title: str | None = None) -> PreparedText:
    """Fold and index `text` once; `url`/`title` are the page's, when known."""
    return _make(_Doc(text), text, url, title)
