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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from functools import cache, lru_cache
from itertools import groupby
from urllib.parse import unquote, unquote_plus, urlsplit

from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term

__all__ = [
    "UNCHECKABLE_OPERATORS",
    "Matcher",
    "PreparedText",
    "Truth",
    "compile_matcher",
    "fold",
    "match",
    "prepare_text",
    "words",
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
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WESTERN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_EUROPEAN_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_INDIAN_RE = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?")
_DECIMAL_RE = re.compile(r"\d+[.,]\d+")
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
_MAX_SPANS = 10_000  # AROUND looks at this many occurrences of a side at most (huge texts)


# --- folding and words --------------------------------------------------------------------------


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


def _split(folded: str) -> list[str]:
    return _tables()[1].findall(folded)


def words(text: str) -> list[str]:
    """The words of a text as the matcher sees them (folded; one per letter in CJK/Thai...)."""
    return _split(fold(text))


@lru_cache(maxsize=65536)
def _pattern(text: str) -> Pattern:
    """The words of a term or phrase; a `*` between spaces stands for exactly one word."""
    out: list[str | None] = []
    for piece in text.split():
        if piece.strip("*") == "":
            out.append(None)
        else:
            out.extend(words(piece))
    return tuple(out)


# --- prepared texts -----------------------------------------------------------------------------


class _Doc:
    """A folded text cut into words, with where each word occurs."""

    __slots__ = ("folded", "index", "words")

    def __init__(self, text: str) -> None:
        self.folded = fold(text)
        self.words = _split(self.folded)
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
        return any(True for _ in self._starts(pattern, first_only=True))

    def spans(self, pattern: Pattern) -> list[Span]:
        """Every occurrence of `pattern`, as word spans."""
        length = len(pattern)
        return [(s, s + length) for s in self._starts(pattern, first_only=False)]

    def _starts(self, pattern: Pattern, first_only: bool) -> Iterator[int]:
        words_, length, n = self.words, len(pattern), len(self.words)
        anchor = next((k for k, w in enumerate(pattern) if w is not None), None)
        if anchor is None:
            yield from range(min(max(0, n - length + 1), _MAX_SPANS))
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
            with suppress(UnicodeError, ValueError):
                label = label.encode("ascii").decode("idna")
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
    def words(self) -> list[str]:
        """The text's words as the matcher sees them."""
        return self.doc.words

    @property
    def numbers(self) -> list[float]:
        """Every number written in the text, sorted (computed on first use)."""
        if self._numbers is None:
            self._numbers = sorted(_numbers_in(self.doc.folded))
        return self._numbers

    def with_page(self, *, url: str | None = None, title: str | None = None) -> PreparedText:
        """The same text with another URL and/or title; the text is not prepared again.

        An argument left out (None) keeps the current value; a blank one makes it unknown.
        """
        return PreparedText(self.doc, self.url if url is None else _page_url(url),
                            self.title if title is None else _page_title(title))


def _page_url(url: str | None) -> _Url | None:
    return _Url(url) if url is not None and url.strip() else None


def _page_title(title: str | None) -> _Doc | None:
    return _Doc(title) if title is not None and title.strip() else None


def prepare_text(text: str, *, url: str | None = None, title: str | None = None) -> PreparedText:
    """Fold and index `text` once; `url`/`title` are the page's (None or blank: unknown)."""
    return PreparedText(_Doc(text), _page_url(url), _page_title(title))


# --- numbers ------------------------------------------------------------------------------------


def _numbers_in(folded: str) -> list[float]:
    out: list[float] = []
    for found in _NUMBER_RE.finditer(folded):
        out.extend(_read_number(found.group()))
    return out


def _read_number(token: str) -> list[float]:
    """The value(s) of a run of digits and separators; see docs/matching.md, "Ranges"."""
    if token.isdigit():
        return [float(token)]
    if _WESTERN_RE.fullmatch(token) or _INDIAN_RE.fullmatch(token):
        return [float(token.replace(",", ""))]
    if _EUROPEAN_RE.fullmatch(token):
        return [float(token.replace(".", "").replace(",", "."))]
    if _DECIMAL_RE.fullmatch(token):
        return [float(token.replace(",", "."))]
    return [float(part) for part in re.split(r"[.,]", token)]  # a list, a date, an address


def _bound(text: str) -> float | None:
    found = _NUMBER_RE.search(fold(text))
    return _read_number(found.group())[0] if found else None


# --- compiling ----------------------------------------------------------------------------------


def _unknown(_: PreparedText) -> Truth:
    return None


def _true(_: PreparedText) -> Truth:
    return True


def _is_star(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and stripped.strip("*") == ""


def _in_text(pattern: Pattern, raw: str = "") -> _Eval:
    if not pattern:
        # No letter or digit (`$`, `€`, `%`): look for the symbols themselves. Calling them
        # unknown would let an OR group holding one match every text.
        needle = fold(raw).strip()
        if not needle:
            return _unknown
        return lambda t: needle in t.doc.folded
    if len(pattern) == 1 and pattern[0] is not None:
        word = pattern[0]
        return lambda t: word in t.doc.index
    return lambda t: t.doc.find(pattern)


def _in_title(pattern: Pattern) -> _Eval:
    if not pattern:
        return _unknown

    def evaluate(t: PreparedText) -> Truth:
        return None if t.title is None else t.title.find(pattern)
    return evaluate


def _in_url(value: str) -> _Eval:
    needle = " ".join(words(value))
    if not needle:
        return _unknown

    def evaluate(t: PreparedText) -> Truth:
        return None if t.url is None else needle in t.url.joined
    return evaluate


def _site(value: str) -> _Eval:
    value = value.strip()
    scheme = _SCHEME_RE.match(value)
    if scheme:
        value = value[scheme.end():]
    host_part, slash, path_part = value.partition("/")
    host = _host(host_part.rsplit("@", 1)[-1].split(":")[0].lstrip("*").lstrip("."))
    path = fold(unquote(slash + path_part)) if path_part else ""
    if not host:
        return _unknown
    dotted = "." + host

    def evaluate(t: PreparedText) -> Truth:
        url = t.url
        if url is None:
            return None
        if url.host != host and not url.host.endswith(dotted):
            return False
        return not path or url.path.startswith(path)
    return evaluate


def _filetype(value: str) -> _Eval:
    ext = fold(value).strip().lstrip(".")
    if not ext:
        return _unknown
    suffix = "." + ext

    def evaluate(t: PreparedText) -> Truth:
        return None if t.url is None else t.url.path.endswith(suffix)
    return evaluate


def _field(op: str, value: str) -> _Eval:
    if op in _TEXT_OPS:
        return _true if _is_star(value) else _in_text(_pattern(value), value)
    if op in _TITLE_OPS:
        return _in_title(_pattern(value))
    if op in _URL_OPS:
        return _in_url(value)
    if op == "site":
        return _site(value)
    if op == "filetype":
        return _filetype(value)
    return _unknown  # UNCHECKABLE_OPERATORS, and any operator this version does not know


def _all(evals: Sequence[_Eval]) -> _Eval:
    if len(evals) == 1:
        return evals[0]

    def evaluate(t: PreparedText) -> Truth:
        result: Truth = True
        for each in evals:
            value = each(t)
            if value is False:
                return False
            if value is None:
                result = None
        return result
    return evaluate


def _any(evals: Sequence[_Eval]) -> _Eval:
    if len(evals) == 1:
        return evals[0]

    def evaluate(t: PreparedText) -> Truth:
        result: Truth = False
        for each in evals:
            value = each(t)
            if value is True:
                return True
            if value is None:
                result = None
        return result
    return evaluate


def _not(inner: _Eval) -> _Eval:
    def evaluate(t: PreparedText) -> Truth:
        value = inner(t)
        return None if value is None else not value
    return evaluate


def _range(low: str, high: str) -> _Eval:
    lo, hi = _bound(low), _bound(high)
    if lo is None or hi is None:
        return _unknown
    if lo > hi:
        lo, hi = hi, lo

    def evaluate(t: PreparedText) -> Truth:
        numbers = t.numbers
        i = bisect_left(numbers, lo)
        return i < len(numbers) and numbers[i] <= hi
    return evaluate


def _compile(node: Node) -> _Eval:
    if isinstance(node, Term):
        return _true if _is_star(node.text) else _in_text(_pattern(node.text), node.text)
    if isinstance(node, Phrase):
        return _in_text(_pattern(node.text), node.text)
    if isinstance(node, Field):
        return _field(node.op, node.value)
    if isinstance(node, AllIn):
        op = {"allintitle": "intitle", "allinurl": "inurl", "allintext": "intext"}.get(node.op)
        if op is None or not node.items:
            return _unknown
        return _all([_field(op, item.text) if isinstance(item, (Term, Phrase)) else _unknown
                     for item in node.items])
    if isinstance(node, Not):
        return _not(_compile(node.child))
    if isinstance(node, And):
        return _all([_compile(c) for c in node.children]) if node.children else _true
    if isinstance(node, Or):
        return _any([_compile(c) for c in node.children]) if node.children else (lambda t: False)
    if isinstance(node, Around):
        return _around(node)
    if isinstance(node, Range):
        return _range(node.low, node.high)
    return _unknown


# --- proximity ----------------------------------------------------------------------------------


def _spans_of(node: Node) -> _Spans | None:
    """How to find where `node` occurs in the text, or None when it is not about words."""
    pattern: Pattern = ()
    if (isinstance(node, Term) and not _is_star(node.text)) or isinstance(node, Phrase):
        pattern = _pattern(node.text)
    elif isinstance(node, Field) and node.op == "intext" and not _is_star(node.value):
        pattern = _pattern(node.value)
    elif isinstance(node, Or) and node.children:
        parts = [_spans_of(c) for c in node.children]
        kept = [p for p in parts if p is not None]
        if len(kept) != len(parts):
            return None
        return lambda t: sorted({s for part in kept for s in part(t)})
    elif isinstance(node, Around):
        left, right = _spans_of(node.left), _spans_of(node.right)
        if left is None or right is None:
            return None
        distance = max(0, node.distance)
        return lambda t: _near(left(t), right(t), distance, first_only=False)
    if not pattern:
        return None
    return lambda t: t.doc.spans(pattern)


def _near(a_spans: list[Span], b_spans: list[Span], distance: int,
          first_only: bool) -> list[Span]:
    """Pairs of non-overlapping spans with at most `distance` words between them."""
    if not a_spans or not b_spans:
        return []
    b_spans = sorted(b_spans)
    starts = [b[0] for b in b_spans]
    longest = max(b1 - b0 for b0, b1 in b_spans)
    out: list[Span] = []
    for a0, a1 in a_spans:
        first = bisect_left(starts, a0 - distance - longest)
        last = bisect_right(starts, a1 + distance)
        for i in range(first, last):
            b0, b1 = b_spans[i]
            if (a1 <= b0 <= a1 + distance) or (b1 <= a0 <= b1 + distance):
                out.append((min(a0, b0), max(a1, b1)))
                if first_only or len(out) >= _MAX_SPANS:
                    return out
    return out


def _around(node: Around) -> _Eval:
    left, right = _spans_of(node.left), _spans_of(node.right)
    if left is None or right is None:  # not both about words: read as AND (docs)
        return _all([_compile(node.left), _compile(node.right)])
    distance = max(0, node.distance)
    return lambda t: bool(_near(left(t), right(t), distance, first_only=True))


# --- public API ---------------------------------------------------------------------------------


class Matcher:
    """A query compiled for offline matching. Cheap to evaluate; build with `compile_matcher`."""

    __slots__ = ("_evaluate", "node")

    def __init__(self, node: Node, evaluate: _Eval) -> None:
        self.node = node
        self._evaluate = evaluate

    def evaluate(self, text: PreparedText | str, *, url: str | None = None,
                 title: str | None = None) -> Truth:
        """True, False, or None when the result depends on what cannot be checked offline."""
        prepared = _prepared(text, url, title)
        try:
            return self._evaluate(prepared)
        except RecursionError:  # a tree deeper than Python's stack: nothing can be decided
            return None

    def matches(self, text: PreparedText | str, *, url: str | None = None,
                title: str | None = None) -> bool:
        """True unless the query is known not to match (unknown counts as a match)."""
        return self.evaluate(text, url=url, title=title) is not False


def _prepared(text: PreparedText | str, url: str | None, title: str | None) -> PreparedText:
    if isinstance(text, PreparedText):
        if url is None and title is None:
            return text
        return text.with_page(url=url, title=title)
    return prepare_text(text, url=url, title=title)


_CACHE: dict[Node, Matcher] = {}
_CACHE_SIZE = 8192


def compile_matcher(node: Node) -> Matcher:
    """Compile `node` once (cached by value); never raises."""
    try:
        cached = _CACHE.get(node)
    except (TypeError, RecursionError):  # unhashable or too deep to hash: compile uncached
        return _build(node)
    if cached is None:
        cached = _build(node)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[node] = cached
    return cached


def _build(node: Node) -> Matcher:
    try:
        return Matcher(node, _compile(node))
    except RecursionError:
        return Matcher(node, _unknown)


def match(node: Node, text: str, *, url: str | None = None, title: str | None = None) -> bool:
    """Does `text` (on a page with this `url` and `title`, when known) satisfy `node`?"""
    return compile_matcher(node).matches(text, url=url, title=title)
