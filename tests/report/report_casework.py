"""A case worked end to end through the CLI (and, for plan searches, the plans contract's
payload), for the report tests: 39 searches on web engines and platforms, checks with every
outcome, reviews with history, evidence, and hostile text everywhere a user or the web writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import run_cli
from provider_server import Canned, refuse_non_loopback, running_server, searxng_body

__all__ = ["HOSTILE", "REVIEWED", "work_a_case", "worked", "worked_home"]

HOSTILE = '<script>alert("x")</script> [click](javascript:alert(1)) **bold** | `tick` \x1b[2J'
REVIEWED = {
    "https://ads.example.com/job?id=7": ["relevant", "escalate"],
    "https://jobs.example.org/post/1": ["irrelevant"],
    "https://t.me/s/dubai_jobs_bd/114": ["relevant"],
    'https://ads.example.com/x?q="><script>alert(1)</script>': ["duplicate"],
}


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, (args, result.err)
    return result.out


def plan_searches(case_id: str, count: int) -> None:
    """Searches #1..#count of a Facebook plan, recorded as `dorker open --all` records them
    (`search_id`, `plan_engine`, a shared `command_id`)."""
    from dorker.config import load_config
    from dorker.store.session import open_configured_store
    from dorker.targets import resolve_target

    config = load_config()
    item = resolve_target("gulf-free-visa-jobs:en-free-1", engines=["facebook"])[0]
    with open_configured_store(config) as store:
        for n in range(1, count + 1):
            payload: dict[str, Any] = {**item.plan_item(n).record(), "how": "printed",
                                       "command_id": "5e1f0c0ffee"}
            store.append("query.opened", payload, actor="officer-b", case_id=case_id)


def work_a_case(tmp: Path, searxng_url: str | None = None) -> None:
    """Record the case C-0001 (the current case) in the test's DORKER_HOME."""
    ok("case", "new", f"Gulf free-visa ads {HOSTILE}", "--pattern", "fake-jobs", "--use")
    ok("case", "source", "add", "https://t.me/s/dubai_jobs_bd", "--name", f"Channel {HOSTILE}")
    ok("open", "gulf-free-visa-jobs", "--print")  # 28 queries on google
    ok("open", "gulf-free-visa-jobs:en-free-1", "-e", "facebook", "-e", "bing", "--print")
    ok("open", "work-permit-offers:it-1", "-e", "tiktok", "-e", "facebook", "--print")
    ok("open", f'"free visa" dubai {HOSTILE}', "-e", "google", "-e", "yandex", "--print")
    plan_searches("C-0001", 3)
    if searxng_url is not None:
        ok("search", '"free visa" dubai')
        ok("search", "gulf-free-visa-jobs:en-free-2")
    ok("check", "facebook", "--query", "gulf-free-visa-jobs:en-free-1", "--outcome", "leads",
       "--note", HOSTILE)
    ok("check", "bdjobs", "--query", "gulf-free-visa-jobs:en-free-1", "--outcome", "nothing")
    ok("check", "imo", "--query", "gulf-free-visa-jobs:bnl-free", "--outcome", "inaccessible")
    ok("check", "tiktok", "--outcome", "blocked", "--note", "login wall")
    ok("check", "facebook", "--outcome", "leads")
    ok("check", "local:t.me/s/dubai_jobs_bd", "--outcome", "nothing")
    for url, verdicts in REVIEWED.items():
        for verdict in verdicts:
            ok("review", url, "--verdict", verdict, "--note", HOSTILE, "--tag", "<b>tag</b>")
    for name, body in (("ad-screenshot.png", b"\x89PNG fake screenshot"),
                       ("chat export.txt", b"hello " * 400)):
        path = tmp / name
        path.write_bytes(body)
        ok("evidence", "add", str(path), "--url", "https://ads.example.com/job?id=7",
           "--note", HOSTILE)


@pytest.fixture(scope="session")
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
