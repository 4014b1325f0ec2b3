"""The case report for a case worked end to end: every part present, hostile text escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import run_cli
from provider_server import (
    Canned,
    ProviderServer,
    refuse_non_loopback,
    running_server,
    searxng_body,
)

HOSTILE = '<script>alert("x")</script> [click](javascript:alert(1)) **bold** \x1b[2J'


@pytest.fixture
def worked_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProviderServer]:
    refuse_non_loopback(monkeypatch)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with running_server() as server:
        monkeypatch.setenv("DORKER_SEARXNG_URL", server.url)
        body = searxng_body(["https://ads.example.com/job?id=7"])
        body["results"][0]["title"] = HOSTILE
        server.route("/search", Canned(200, body))
        assert (
            run_cli("case", "new", f"Gulf ads {HOSTILE}", "--pattern", "fake-jobs", "--use").code
            == 0
        )
        assert run_cli("open", f'"free visa" {HOSTILE}', "-e", "google").code == 0
        assert run_cli("check", "facebook", "--outcome", "leads", "--note", HOSTILE).code == 0
        assert run_cli("search", '"free visa" dubai').code == 0
        assert (
            run_cli(
                "review",
                "https://ads.example.com/job?id=7",
                "--verdict",
                "escalate",
                "--note",
                HOSTILE,
                "--tag",
                "<b>tag</b>",
            ).code
            == 0
        )
        shot = tmp_path / "screenshot.png"
        shot.write_bytes(b"\x89PNG fake screenshot bytes")
        assert (
            run_cli(
                "evidence",
                "add",
                str(shot),
                "--url",
                "https://ads.example.com/job?id=7",
                "--note",
                HOSTILE,
            ).code
            == 0
        )
        yield server


def test_html_report_has_every_part_and_escapes(
    worked_case: ProviderServer, tmp_path: Path
) -> None:
    import hashlib

    out = tmp_path / "report.html"
    result = run_cli("report", "C-0001", "--format", "html", "-o", str(out))
    assert result.code == 0, result.err
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in html and "<b>tag</b>" not in html
    assert "https://www.google.com/search?q=" in html  # the opened search, exact URL
    assert "searxng page 1: ok (1 results)" in html  # the provider run
    assert "escalate" in html and "https://ads.example.com/job?id=7" in html
    digest = hashlib.sha256(b"\x89PNG fake screenshot bytes").hexdigest()
    assert digest in html  # evidence hash
    head = run_cli("audit", "head").out.strip()
    assert head and head.split()[-1] in html  # the audit head
    assert "verifies" in html
    assert re.search(r"<td>facebook</td><td>platform</td><td>checked</td>\s*<td>leads</td>", html)


def test_markdown_report_keeps_markup_literal(worked_case: ProviderServer) -> None:
    result = run_cli("report", "C-0001", "--format", "md")
    assert result.code == 0, result.err
    md = result.out
    assert "\\[click\\](javascript:alert(1))" in md and "\\*\\*bold\\*\\*" in md
    assert "\x1b" not in md and "\\x1b" in md
    assert "## Evidence (1)" in md and "## Reviewed results (1)" in md


def test_report_errors() -> None:
    result = run_cli("report", "C-0009")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
