"""Shared fixtures: every test runs with its own DORKER_HOME and no provider settings."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"

_ISOLATED_VARS = (
    "DORKER_CONFIG", "DORKER_STORE", "DORKER_ACTOR", "DORKER_PROXY", "DORKER_SEARXNG_URL",
    "DORKER_BRAVE_API_KEY", "DORKER_BRAVE_URL", "DORKER_GOOGLE_CSE_KEY", "DORKER_GOOGLE_CSE_CX",
    "DORKER_GOOGLE_CSE_URL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy",
    "https_proxy", "all_proxy", "DORKER_LANG",
)


@pytest.fixture(autouse=True)
def dorker_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty DORKER_HOME for each test; nothing leaks in from the developer's environment."""
    home = tmp_path / "dorker-home"
    for name in _ISOLATED_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DORKER_HOME", str(home))
    monkeypatch.setenv("DORKER_ACTOR", "test-officer")
    # tldextract must never fetch its suffix list (see dorker.results); belt and braces.
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path / "tldextract-cache"))
    return home


def corpus(name: str) -> Path:
    """A file of ../shared/corpora, or skip the test with a reason when it is absent."""
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"corpus {path} is not present (it lives in ../shared/corpora beside the repo)")
    return path
