"""Opening searches: graphical browsers only, a cap on tabs, printing as the way on."""

from __future__ import annotations

import webbrowser

import pytest

from dorker.browser import MAX_TABS, has_graphical_browser, open_urls


class FakeBrowser:
    def __init__(self, name: str = "firefox") -> None:
        self.name = name
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0) -> bool:
        self.opened.append(url)
        return True


def test_no_display_prints_instead_of_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda *a: fake)
    result = open_urls(["https://example.org/?q=a"], env={})
    assert result.printed == ["https://example.org/?q=a"] and result.opened == []
    assert fake.opened == []
    assert "no graphical browser" in result.reason


def test_text_browser_is_never_started(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeBrowser("/usr/bin/lynx")
    monkeypatch.setattr(webbrowser, "get", lambda *a: fake)
    result = open_urls(["https://example.org/"], env={"DISPLAY": ":0"})
    assert fake.opened == [] and result.printed == ["https://example.org/"]


def test_tabs_are_capped_unless_all(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda *a: fake)
    urls = [f"https://example.org/{i}" for i in range(MAX_TABS + 3)]
    result = open_urls(urls, env={"DISPLAY": ":0"})
    assert len(result.opened) == MAX_TABS and len(result.printed) == 3
    assert "--all" in result.reason
    fake.opened.clear()
    result = open_urls(urls, env={"DISPLAY": ":0"}, allow_all=True)
    assert len(result.opened) == len(urls)


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "w"}, "linux", True),
        ({}, "darwin", True),
        ({}, "win32", True),
    ],
)
def test_graphical_browser_detection(env: dict[str, str], platform: str, expected: bool) -> None:
    assert has_graphical_browser(env, platform) is expected
