"""The cell-width rule: what it counts, that Rich counts the same once installed, and that it
agrees with glibc's wcwidth (what tmux and most terminals use) on every bundled line."""

from __future__ import annotations

import ctypes
import ctypes.util
import locale
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import rich.cells
import wcwidth

from dorker import textwidth
from dorker.textwidth import cell_width, char_width, column, fit, ljust, rjust

REPO = Path(__file__).resolve().parents[2]
SPACING_SIGNS = "\u09be\u09bf\u09c0\u09c7\u09cb\u093e\u093f\u0dcf\u0dd0\u0bbe\u0bbf"
SAMPLES = [
    "কাতারে ওমান কুয়েত কুয়েতে",      # Bengali vowel signs (Mc)
    "স্ত্রী গ্রেপ্তার র‍্যাব",          # conjuncts, ZWJ before a virama (rya-phala)
    "वीज़ा नौकरी क्षत्रिय",             # Devanagari
    "අවශ්‍යයි කුවේට්",                # Sinhala: ZWJ after al-lakuna (yansaya)
    "தமிழ்நாடு வேலை",                # Tamil
    "وظائف السعودية",                # Arabic
    "ক্‌ষ",                          # ZWNJ
    "👨\u200d👩\u200d👧 🇸🇦 👍🏽 ❤️ ok",  # emoji sequences
    "日本語のテキスト",                # wide
    "plain ASCII [bold] text",
]


def bundled_lines() -> Iterator[str]:
    """Every line of text in the bundled playbooks and catalog."""
    for folder in ("queries", "catalog"):
        for path in sorted((REPO / folder).rglob("*.yaml")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield line


def test_spacing_vowel_signs_take_a_cell() -> None:
    for sign in SPACING_SIGNS:
        assert unicodedata.category(sign) == "Mc"
        assert char_width(sign) == 1, unicodedata.name(sign)
    assert cell_width("কাতারে") == 6  # ক া ত া র ে: every character advances the cursor


@pytest.mark.parametrize(("text", "cells"), [
    pytest.param("abc", 3, id="ascii"),
    pytest.param("e\u0301", 1, id="non-spacing mark"),
    pytest.param("ক্ষ", 2, id="conjunct: virama is zero"),
    pytest.param("日本", 4, id="wide"),
    pytest.param("🇸🇦", 2, id="flag: two regional indicators"),
    pytest.param("❤\ufe0f", 2, id="VS16 widens"),
    pytest.param("👨\u200d👩\u200d👧", 2, id="ZWJ joins the next character"),
    pytest.param("අවශ්\u200dයයි", 4, id="Sinhala yansaya: ZWJ joins ya"),
    pytest.param("a\x1bb", 2, id="controls take none"),
])
def test_cell_width(text: str, cells: int) -> None:
    assert cell_width(text) == cells


def test_table_is_wcwidth_with_spacing_marks_and_indicators_one_cell() -> None:
    """Every code point of the BMP, and both ends of every range of wcwidth's tables beyond:
    wcwidth's answer, except that Mc and regional indicators are 1."""
    from wcwidth.table_mc import CATEGORY_MC
    from wcwidth.table_wide import WIDE_EASTASIAN
    from wcwidth.table_zero import ZERO_WIDTH

    version = wcwidth.list_versions()[-1]
    marks = {cp for lo, hi in CATEGORY_MC[version] for cp in range(lo, hi + 1)}
    edges = {cp for table in (ZERO_WIDTH, WIDE_EASTASIAN, CATEGORY_MC)
             for lo, hi in table[version] for cp in (lo - 1, lo, hi, hi + 1)}
    wrong = []
    for code in sorted(set(range(0xA0, 0x10000)) | {c for c in edges if 0xA0 <= c < 0x110000}):
        if 0xD800 <= code < 0xE000:
            continue
        expected = wcwidth.wcwidth(chr(code))
        if code in marks or 0x1F1E6 <= code <= 0x1F1FF:
            expected = 1
        if char_width(chr(code)) != expected:
            wrong.append(hex(code))
    assert wrong == []


def test_rich_measures_with_the_rule_once_installed() -> None:
    import dorker.tui  # noqa: F401  (installs the rule, as the app does)

    assert textwidth.rich_installed()
    lines = [*SAMPLES, *bundled_lines()]
    assert len(lines) > 1000
    differ = [line for line in lines if rich.cells.cell_len(line) != cell_width(line)]
    assert differ == []
    for sign in SPACING_SIGNS:
        assert rich.cells.get_character_cell_size(sign) == 1
    # Rich's fast path counts these ranges as one cell each without a lookup: the rule agrees
    single = [chr(c) for lo, hi in ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482),
                                    (0x2500, 0x25FC), (0x2800, 0x28FF)) for c in range(lo, hi + 1)]
    assert [c for c in single if char_width(c) != 1] == []


def test_uninstall_gives_rich_its_table_back() -> None:
    textwidth.install_rich()
    assert rich.cells.cell_len("কাতারে") == 6
    textwidth.uninstall_rich()
    try:
        assert not textwidth.rich_installed()
        assert rich.cells.cell_len("কাতারে") == 3  # Rich's own table: vowel signs count 0
    finally:
        textwidth.install_rich()
    assert rich.cells.cell_len("কাতারে") == 6


def _glibc_wcwidth() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        function = libc.wcwidth
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_wchar]
    function.restype = ctypes.c_int
    return function


def test_agrees_with_glibc_and_tmux_on_every_bundled_line() -> None:
    """glibc's wcwidth per character (tmux, xterm, VTE), with a ZWJ joining the character
    after it into the cell before, as tmux does: the same count for every bundled line."""
    wc = _glibc_wcwidth()
    if wc is None:
        pytest.skip("no C library with wcwidth here")
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pytest.skip("no C.UTF-8 locale here")
    try:
        if wc("\u09be") != 1:
            pytest.skip("this C library predates Unicode's Bengali widths")

        def terminal(line: str) -> int:
            cells, index = 0, 0
            while index < len(line):
                if line[index] == "\u200d":
                    index += 2
                    continue
                cells += max(0, wc(line[index]))
                index += 1
            return cells

        lines = [line for line in bundled_lines() if not line.isascii()] + SAMPLES[:7]
        differ = [line for line in lines if terminal(line) != cell_width(line)]
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)
    assert differ == []


def test_fit_cuts_visibly_and_keeps_signs_with_their_letter() -> None:
    text = "কাতারে ওমান কুয়েত"
    assert fit(text, 40) == text
    for width in range(1, cell_width(text)):
        cut = fit(text, width)
        assert cut.endswith("…") and cell_width(cut) <= width
        assert not unicodedata.category(cut[-2:-1] or "a").startswith("Z")  # no space before …
        body = cut[:-1]
        assert text.startswith(body)
        # never ends on a letter whose vowel sign was cut off
        rest = text[len(body):]
        assert not rest or unicodedata.category(rest[0]) not in ("Mc", "Mn")
    assert fit("abc", 0) == ""


def test_columns_pad_by_cells() -> None:
    assert ljust("কাতার", 8) == "কাতার   "
    assert rjust("কাতার", 8) == "   কাতার"
    assert ljust("long text", 3) == "long text"  # like str.ljust: never cut
    assert column("কাতারে ওমান", 6) == "কাতা… "
    assert cell_width(column("日本語テキスト", 7)) == 7
