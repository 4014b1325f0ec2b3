"""The HTML report in headless Chromium (Debian's `chromium`; skipped where it is absent):
it renders (a screenshot that is not blank), prints to a PDF of the expected number of A4 or
Letter pages, and asks for nothing outside itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium_tools import chromium, page_requests, run
from report_casework import worked, worked_home

from helpers import run_cli

__all__ = ["worked", "worked_home"]  # fixtures, re-exported for pytest

pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed "
                                "(apt-get install chromium) — the report's browser test skips")

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "action", "formaction",
                      "manifest", "ping", "longdesc", "usemap", "codebase", "archive"}


class References(HTMLParser):
    """Everything in a page that would make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        if tag in ("script", "link", "iframe", "frame", "object", "embed", "base", "img",
                   "source", "video", "audio", "track", "image", "use", "svg"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name in LOADING_ATTRIBUTES:
                self.found.append(f"{tag} {name}={value}")
            if name == "style" and value and ("url(" in value or "@import" in value):
                self.found.append(f"{tag} style={value}")
            if name == "href" and value is not None:
                self.links.append(value)
            if name == "http-equiv" and (value or "").lower() == "refresh":
                self.found.append("meta refresh")

    def handle_data(self, data: str) -> None:
        if self.in_style and ("url(" in data or "@import" in data or "@font-face" in data):
            self.found.append("style resource")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False


def report(tmp_path: Path, paper: str = "a4") -> Path:
    out = tmp_path / f"report-{paper}.html"
    result = run_cli("report", "C-0001", "--paper", paper, "-o", str(out))
    assert result.code == 0, result.err
    return out


def pdf_pages(pdf: Path) -> tuple[int, set[tuple[int, int]]]:
    """(pages, page sizes in points) of a PDF that Chromium wrote."""
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", body))
    boxes = {(round(float(w)), round(float(h))) for w, h in
             re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", body)}
    return pages, boxes


def test_report_refers_to_nothing_outside_itself(worked: Path, tmp_path: Path) -> None:
    page = report(tmp_path)
    parser = References()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.found == []
    assert parser.links and all(h.startswith(("#", "https://", "http://")) for h in parser.links)
    assert "default-src 'none'" in page.read_text(encoding="utf-8")
    # In the browser: the page asks the network for nothing (a control page that does ask is
    # seen, so the check can fail).
    assert page_requests(page, tmp_path / "net.json") == []
    control = tmp_path / "control.html"
    control.write_text('<p>x</p><img src="http://127.0.0.1:9/pixel.png">', encoding="utf-8")
    assert page_requests(control, tmp_path / "control.json") == ["http://127.0.0.1:9/pixel.png"]


def test_report_renders_on_screen(worked: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "report.png"
    run(report(tmp_path), f"--screenshot={shot}", "--window-size=1280,2000",
        "--hide-scrollbars")
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (1280, 2000)
        grey = rgb.convert("L")
        dark = sum(grey.histogram()[:160])
        assert dark > 0.01 * 1280 * 2000  # text, not a blank page
        colours = {colour for _n, colour in rgb.getcolors(maxcolors=1 << 20) or ()}
        assert (0xC6, 0x28, 0x28) in colours  # a "leads" cell of the matrix, styled


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_report_prints_to_pdf(worked: Path, tmp_path: Path, paper: str) -> None:
    pdf = tmp_path / f"report-{paper}.pdf"
    run(report(tmp_path, paper), f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    pages, boxes = pdf_pages(pdf)
    # Summary 1 page, the matrix (2 bands × 185 sources) about 6, 39 searches about 10, the
    # rest 3-4: a broken print stylesheet gives far fewer (clipped) or far more pages.
    assert 12 <= pages <= 40, pages
    assert boxes == {PAPER_POINTS[paper]}
