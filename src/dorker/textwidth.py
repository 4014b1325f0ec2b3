"""One cell-width rule for all of dorker's terminal text, as terminals count cells.

Terminals give each character a number of cells: glibc's `wcwidth` (and so tmux, xterm, GNOME
Terminal and most others) counts a spacing vowel sign of Bengali, Devanagari, Sinhala, Tamil...
(general category Mc: া U+09BE, ি U+09BF, ে U+09C7) as one cell, while Rich's tables count it as
none, so every Bengali line was wider on screen than Textual had laid it out and lost its tail.

The rule, from the `wcwidth` library's Unicode tables (kept current by its maintainers):

- zero cells: combining marks that do not space (Mn, Me), format characters, controls;
- two cells: East Asian wide and full-width characters (and emoji presentation);
- one cell: everything else, spacing marks (Mc) and regional indicators included (glibc counts
  both so; a flag, two indicators, takes two cells);
- a zero width joiner joins the character after it into the cell before (an emoji sequence, a
  Sinhala "yansaya" ්‍ය), and VS16 widens a narrow emoji to two cells: Rich's sequence handling,
  which tmux shares for ZWJ.

`install_rich()` puts this rule under Rich (and so under every Textual widget) by replacing the
table Rich measures with; Rich's own algorithms stay. The CLI measures with `cell_width` and pads
with `ljust` / `fit`, which follow the same rule without importing Rich.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

__all__ = [
    "ELLIPSIS",
    "cell_ranges",
    "cell_width",
    "char_width",
    "column",
    "fit",
    "install_rich",
    "ljust",
    "rich_installed",
    "rjust",
    "uninstall_rich",
]

ELLIPSIS = "…"
_ZWJ = "\u200d"
_VS16 = "\ufe0f"

_REGIONAL_INDICATORS = (0x1F1E6, 0x1F1FF)

Ranges = tuple[tuple[int, int, int], ...]


def _minus(ranges: Sequence[tuple[int, int]],
           holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The code points of `ranges` that are in none of `holes` (both sorted, inclusive)."""
    out: list[tuple[int, int]] = []
    for low, high in ranges:
        start = low
        for hole_low, hole_high in holes:
            if hole_high < start or hole_low > high:
                continue
            if hole_low > start:
                out.append((start, hole_low - 1))
            start = max(start, hole_high + 1)
            if start > high:
                break
        if start <= high:
            out.append((start, high))
    return out


@cache
def cell_ranges() -> Ranges:
    """Sorted, disjoint (first, last, cells) ranges of every code point that is not one cell."""
    import wcwidth
    from wcwidth.table_mc import CATEGORY_MC
    from wcwidth.table_wide import WIDE_EASTASIAN
    from wcwidth.table_zero import ZERO_WIDTH

    version = wcwidth.list_versions()[-1]
    spacing = sorted(CATEGORY_MC[version])
    zero = _minus(sorted(ZERO_WIDTH[version]), spacing)  # a spacing mark takes its own cell
    # wcwidth asks "zero?" first; a regional indicator is one cell, a flag (a pair) two
    wide = _minus(_minus(sorted(WIDE_EASTASIAN[version]), zero), [_REGIONAL_INDICATORS])
    return tuple(sorted([(lo, hi, 0) for lo, hi in zero] + [(lo, hi, 2) for lo, hi in wide]))


@cache
def _starts() -> list[int]:
    return [first for first, _last, _cells in cell_ranges()]


@cache
def _narrow_to_wide() -> frozenset[str]:
    """Narrow characters that VS16 (emoji presentation) turns into two cells."""
    from wcwidth.table_vs16 import VS16_NARROW_TO_WIDE

    table = VS16_NARROW_TO_WIDE[max(VS16_NARROW_TO_WIDE)]
    return frozenset(chr(cp) for low, high in table for cp in range(low, high + 1))


@cache
def _spacing_marks() -> frozenset[str]:
    """Spacing combining marks (Mc): a cut keeps them with the letter before."""
    import wcwidth
    from wcwidth.table_mc import CATEGORY_MC

    table = CATEGORY_MC[wcwidth.list_versions()[-1]]
    return frozenset(chr(cp) for low, high in table for cp in range(low, high + 1))


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells one character takes on its own (0, 1 or 2); controls take none."""
    code = ord(char)
    if code < 32 or 0x7F <= code < 0xA0:
        return 0
    index = bisect_right(_starts(), code) - 1
    if index >= 0:
        _first, last, cells = cell_ranges()[index]
        if code <= last:
            return cells
    return 1


def _spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, cells) of each piece a cut must keep whole: a character with the marks
    after it (a spacing vowel sign stays with its letter) and what a ZWJ joins to it."""
    spans: list[tuple[int, int, int]] = []
    last: str | None = None
    index, count = 0, len(text)
    while index < count:
        char = text[index]
        if char == _ZWJ:
            end = min(index + 2, count)
            if spans:
                start, _end, cells = spans[-1]
                spans[-1] = (start, end, cells)
            else:
                spans.append((index, end, 0))
            index = end
            continue
        if char == _VS16:
            extra = 1 if last is not None and last in _narrow_to_wide() else 0
            last = None
            if spans:
                start, _end, cells = spans[-1]
                spans[-1] = (start, index + 1, cells + extra)
            else:
                spans.append((index, index + 1, 0))
            index += 1
            continue
        cells = char_width(char)
        if spans and char in _spacing_marks():
            start, _end, before = spans[-1]
            spans[-1] = (start, index + 1, before + cells)
            last = char
        elif cells or not spans:
            if cells:
                last = char
            spans.append((index, index + 1, cells))
        else:
            start, _end, before = spans[-1]
            spans[-1] = (start, index + 1, before)
        index += 1
    return spans


def cell_width(text: str) -> int:
    """Cells `text` takes on one line of a terminal."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(cells for _start, _end, cells in _spans(text))


def fit(text: str, width: int, *, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it fits in `width` cells, else cut to fit with `ellipsis` at the end (a cut
    never splits a character from its marks)."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    room = width - cell_width(ellipsis)
    used, end = 0, 0
    for _start, stop, cells in _spans(text):
        if used + cells > room:
            break
        used += cells
        end = stop
    return text[:end].rstrip() + ellipsis if room > 0 else ellipsis[:width]


def ljust(text: str, width: int) -> str:
    """`text` padded with spaces to `width` cells (like `str.ljust`, never cut)."""
    return text + " " * max(0, width - cell_width(text))


def rjust(text: str, width: int) -> str:
    """`text` right-aligned in `width` cells (like `str.rjust`, never cut)."""
    return " " * max(0, width - cell_width(text)) + text


def column(text: str, width: int) -> str:
    """`text` in a column exactly `width` cells wide: padded, or cut with an ellipsis."""
    return ljust(fit(text, width), width)


# -- under Rich (and Textual) ----------------------------------------------------------------

_RICH_ORIGINAL: dict[str, Callable[..., Any]] = {}


def _rich_caches() -> list[Any]:
    import rich.cells
    from rich.segment import Segment

    return [rich.cells.get_character_cell_size, rich.cells.cached_cell_len,
            Segment._split_cells]


def install_rich() -> None:
    """Make Rich (and Textual, which measures with Rich) count cells by this rule.

    Rich looks its width table up through `rich.cells.load_cell_table` on every uncached
    measurement; this replaces that loader with one that returns the rule's table (and clears
    Rich's caches). Idempotent; `uninstall_rich` undoes it.
    """
    import rich.cells

    if "load_cell_table" in _RICH_ORIGINAL:
        return
    cells: Any = rich.cells  # Rich's module attribute, replaced on purpose
    _RICH_ORIGINAL["load_cell_table"] = cells.load_cell_table

    @cache
    def table(_unicode_version: str = "auto") -> Any:
        return cells.CellTable("wcwidth-" + _wcwidth_unicode(), cell_ranges(),
                               _narrow_to_wide())

    cells.load_cell_table = table
    for cached in _rich_caches():
        cached.cache_clear()


def uninstall_rich() -> None:
    """Give Rich its own table back (for benchmarks that compare both in one process)."""
    import rich.cells

    original = _RICH_ORIGINAL.pop("load_cell_table", None)
    if original is not None:
        cells: Any = rich.cells
        cells.load_cell_table = original
        for cached in _rich_caches():
            cached.cache_clear()


def rich_installed() -> bool:
    """Whether Rich measures with this rule now."""
    return "load_cell_table" in _RICH_ORIGINAL


def _wcwidth_unicode() -> str:
    import wcwidth

    return str(wcwidth.list_versions()[-1])
