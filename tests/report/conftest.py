"""The worked case, recorded once per test module and read by its tests (reports record nothing)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_casework import HOSTILE, work_a_case

from provider_server import Canned, refuse_non_loopback, running_server, searxng_body


@pytest.fixture(scope="module")
def worked_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A DORKER_HOME holding case C-0001 worked end to end (39 searches, checks, reviews...)."""
    base = tmp_path_factory.mktemp("worked")
    home = base / "dorker-home"
    with pytest.MonkeyPatch.context() as mp:
        for name in [n for n in os.environ if n.startswith("DORKER_")] + ["DISPLAY",
                                                                          "WAYLAND_DISPLAY"]:
            mp.delenv(name, raising=False)
        mp.setenv("DORKER_HOME", str(home))
        mp.setenv("DORKER_ACTOR", "officer-a")
        mp.setenv("TLDEXTRACT_CACHE", str(base / "tldextract-cache"))
        refuse_non_loopback(mp)
        with running_server() as server:
            body = searxng_body(["https://ads.example.com/job?id=7"])
            body["results"][0]["title"] = HOSTILE
            server.route("/search", Canned(200, body))
            mp.setenv("DORKER_SEARXNG_URL", server.url)
            work_a_case(base, server.url)
    yield home


@pytest.fixture
def worked(worked_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test reads the worked case."""
    monkeypatch.setenv("DORKER_HOME", str(worked_home))
    monkeypatch.setenv("DORKER_ACTOR", "officer-a")
    return worked_home
