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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from urllib.parse import unquote, unquote_plus, urlsplit

from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term
from dorker.query.folding import Pattern, fold, pattern_of, split_words, words

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

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WESTERN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_EUROPEAN_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_INDIAN_RE = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?")
_DECIMAL_RE = re.compile(r"\d+[.,]\d+")
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
_MAX_SPANS = 10_000  # AROUND looks at this many occurrences of a side at most (huge texts)


# --- prepared texts -----------------------------------------------------------------------------


class _Doc:
    """A folded text cut into words, with where each word occurs."""

    __slots__ = ("folded", "index", "words")

    def __init__(self, text: str) -> None:
        self.folded = fold(text)
        self.words = split_words(self.folded)
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
        return _true if _is_star(value) else _in_text(pattern_of(value), value)
    if op in _TITLE_OPS:
        return _in_title(pattern_of(value))
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
        return _true if _is_star(node.text) else _in_text(pattern_of(node.text), node.text)
    if isinstance(node, Phrase):
        return _in_text(pattern_of(node.text), node.text)
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
        pattern = pattern_of(node.text)
    elif isinstance(node, Field) and node.op == "intext" and not _is_star(node.value):
        pattern = pattern_of(node.value)
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
