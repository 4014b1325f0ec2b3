"""The record says what really happened: an export that cannot be written records nothing, `-o -`
is refused (not a file called "-"), `--copy` without a clipboard records nothing, and searches
the browser does not take are recorded as printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli


def head() -> str:
    return run_cli("audit", "head").out


@pytest.fixture
def case() -> None:
    assert run_cli("case", "new", "Handoffs", "--use").code == 0
    assert run_cli("open", "visa dubai", "-e", "google", "--print").code == 0


@pytest.mark.parametrize("where", ["-", "", "{tmp}", "{tmp}/missing/x.out", "/proc/version"])
@pytest.mark.parametrize("command", [
    ["report", "C-0001"], ["leads", "export", "--format", "csv"], ["audit", "log", "--format",
                                                                    "csv"]])
def test_an_export_that_cannot_be_written_records_nothing(case: None, tmp_path: Path,
                                                          where: str, command: list[str]) -> None:
    before = head()
    result = run_cli(*command, "-o", where.replace("{tmp}", str(tmp_path)))
    assert result.code == 2, result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert head() == before
    assert not (Path.cwd() / "-").exists()


def test_copy_without_a_clipboard_records_nothing(case: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import dorker.browser as browser

    monkeypatch.setattr(browser, "can_copy", lambda env=None: False)
    before = head()
    result = run_cli("open", "visa dubai", "-e", "google", "-e", "facebook", "--copy")
    assert result.code == 2 and "no clipboard is available here" in result.err
    assert head() == before


def test_searches_the_browser_does_not_take_are_recorded_as_printed(
        case: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import dorker.browser as browser

    class Controller:
        name = "firefox"

        def open(self, url: str, new: int = 0) -> bool:
            return True

    monkeypatch.setattr(browser, "_controller", lambda env: (Controller(), ""))
    seq = int(head().split(":")[0])
    result = run_cli("open", "gulf-free-visa-jobs", "-e", "google")
    assert result.code == 0, result.err
    events = [json.loads(line) for line in run_cli("audit", "log", "--format", "jsonl")
              .out.splitlines()][seq:]
    hows = [e["payload"]["how"] for e in events]
    assert len(hows) > 10
    assert hows[:10] == ["browser"] * 10 and set(hows[10:]) == {"printed"}
    assert "opened 10 in the browser" in result.err


@pytest.mark.parametrize("target", ["https://cdn.example/ads/lobby.jpg", "{photo}"])
def test_image_reverse_copy_without_a_clipboard_records_nothing(
        case: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    from PIL import Image

    import dorker.browser as browser

    Image.new("RGB", (40, 30), "red").save(tmp_path / "photo.jpg")
    monkeypatch.setattr(browser, "can_copy", lambda env=None: False)
    before = head()
    result = run_cli("image", "reverse", target.replace("{photo}", str(tmp_path / "photo.jpg")),
                     "--copy")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "no clipboard is available here" in result.err and "--print" in result.err
    assert head() == before


def test_image_reverse_without_a_browser_is_recorded_as_printed(
        case: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    seq = int(head().split(":")[0])
    result = run_cli("image", "reverse", "https://cdn.example/ads/lobby.jpg")
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 4  # no browser here: the pages are printed
    events = [json.loads(line) for line in run_cli("audit", "log", "--format", "jsonl")
              .out.splitlines()][seq:]
    assert [e["payload"]["how"] for e in events] == ["printed"] * 4
