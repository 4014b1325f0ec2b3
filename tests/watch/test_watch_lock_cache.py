"""The overlap lock (two real processes), fresh fetches versus the cache, the seen index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import events, run_json
from helpers import run_cli
from provider_server import Canned, ProviderServer, searxng_body

SRC = str(Path(__file__).resolve().parents[2] / "src")
A, B = "https://jobs.example.com/a", "https://jobs.example.com/b"


def dorker_process(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-m", "dorker", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(condition: Any, seconds: float = 300.0) -> None:
    """Wait for `condition` (the bound only stops a broken test from hanging)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


@pytest.mark.parametrize("second", [("--due",), ("slow",)], ids=["due", "named"])
def test_overlapping_runs_never_run_one_watch_twice(server: ProviderServer, fast_config: Path,
                                                    second: tuple[str, ...]) -> None:
    """A slow `watch run --due` and the next tick: the second says so, exits 0, runs nothing.

    No timing assumption: the first run's request is held open until the second process has
    exited, however long a loaded machine takes to start it; the client waits as long.
    """
    fast_config.write_text("[providers]\nrate_limit = 1000.0\ntimeout = 600.0\n",
                           encoding="utf-8")
    held = threading.Event()
    server.route("/search", Canned(200, searxng_body([A]), gate=held),
                 Canned(200, searxng_body([A, B])))
    assert run_cli("watch", "add", "slow", "visa dubai", "-e", "bing").code == 0
    first = dorker_process("watch", "run", "--due", "--format", "json")
    try:
        wait_for(lambda: server.hits() == 1)  # the first run holds the lock, mid-request
        overlap = dorker_process("watch", "run", *second, "--format", "json")
        out, err = overlap.communicate(timeout=600)
        held.set()  # only now may the first run finish
        assert overlap.returncode == 0, err
        doc = json.loads(out)
        assert doc["runs"] == []
        assert doc["skipped"] == [{"watch": "slow", "reason": "locked", "message":
                                   "slow: another run of this watch is in progress; left to it"}]
        out, err = first.communicate(timeout=600)
    finally:
        held.set()
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert [n["url"] for n in json.loads(out)["runs"][0]["new"]] == [A]
    assert server.hits() == 1 and len(events("watch.run")) == 1
    # After the first run finished, the watch is not due: a later tick does nothing either.
    code, doc = run_json("--due")
    assert code == 0 and doc["runs"] == [] and server.hits() == 1


def test_lock_is_released_when_a_run_is_killed(server: ProviderServer) -> None:
    held = threading.Event()  # the victim is killed mid-request, holding the lock
    server.route("/search", Canned(200, searxng_body([A]), gate=held),
                 Canned(200, searxng_body([A])))
    assert run_cli("watch", "add", "k", "visa", "-e", "bing").code == 0
    victim = dorker_process("watch", "run", "k")
    try:
        wait_for(lambda: server.hits() == 1)
        victim.kill()
        victim.communicate(timeout=600)
    finally:
        held.set()
        if victim.poll() is None:
            victim.kill()
    code, doc = run_json("k")
    assert code == 0 and [n["url"] for n in doc["runs"][0]["new"]] == [A]  # type: ignore[index]


def test_watch_never_reads_the_cache_while_search_still_does(server: ProviderServer) -> None:
    server.route("/search", Canned(200, searxng_body([A])), Canned(200, searxng_body([A, B])))
    assert run_cli("search", "visa dubai", "-e", "bing").code == 0
    assert server.hits() == 1
    assert run_cli("watch", "add", "w", "visa dubai", "-e", "bing").code == 0
    code, doc = run_json("w")
    assert code == 0 and server.hits() == 2  # inside the TTL, yet a fresh request
    assert [n["url"] for n in doc["runs"][0]["new"]] == [A, B]  # type: ignore[index]
    again = run_cli("search", "visa dubai", "-e", "bing", "--format", "json")
    assert again.code == 0 and server.hits() == 2  # plain search: served from the cache...
    outcome = json.loads(again.out)["outcomes"][0]
    assert outcome["status"] == "cached"
    assert [r["url"] for r in json.loads(again.out)["results"]] == [A, B]  # ...the watch wrote it
    code, doc = run_json("w")
    assert server.hits() == 3 and doc["runs"][0]["seen"] == 2  # type: ignore[index]


def test_seen_survives_a_lost_cache(server: ProviderServer, dorker_home: Path) -> None:
    server.route("/search", Canned(200, searxng_body([A, B])))
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    assert run_json("w")[1]["runs"][0]["seen"] == 0  # type: ignore[index]
    shutil.rmtree(dorker_home / "cache")
    code, doc = run_json("w")
    run: Any = doc["runs"][0]  # type: ignore[index]
    assert code == 0 and run["new"] == [] and run["seen"] == 2


def test_a_teammates_runs_count_on_a_shared_store(server: ProviderServer, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "team.sqlite3"
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{shared}")
    server.route("/search", Canned(200, searxng_body([A])), Canned(200, searxng_body([A, B])))
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    assert run_json("w")[0] == 0
    # Another investigator: same store, their own cache folder (so their own seen index).
    monkeypatch.setenv("DORKER_HOME", str(tmp_path / "teammate"))
    monkeypatch.setenv("DORKER_ACTOR", "teammate")
    code, doc = run_json("w")
    run: Any = doc["runs"][0]  # type: ignore[index]
    assert code == 0 and [n["url"] for n in run["new"]] == [B] and run["seen"] == 1


def test_removed_then_added_again_starts_afresh(server: ProviderServer) -> None:
    server.route("/search", Canned(200, searxng_body([A])))
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    assert run_json("w")[0] == 0
    removed = run_cli("watch", "remove", "w")
    assert removed.code == 0 and "its 1 run(s) stay in the record" in removed.out
    assert json.loads(run_cli("watch", "list", "--format", "json").out) == {"watches": []}
    assert run_cli("watch", "run", "w").code == 2
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    code, doc = run_json("w")
    assert code == 0 and [n["url"] for n in doc["runs"][0]["new"]] == [A]  # type: ignore[index]


def test_leads_of_new_results_when_the_leads_part_exists(server: ProviderServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import types
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Lead:
        id: str

    def extract_leads(text: str, region: str = "BD") -> list[Lead]:
        return [Lead("phone:+8801712345678")] if "01712" in text else []

    fake = types.ModuleType("dorker.leads.extract")
    fake.extract_leads = extract_leads  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dorker.leads", types.ModuleType("dorker.leads"))
    monkeypatch.setitem(sys.modules, "dorker.leads.extract", fake)
    body = searxng_body([A, B])
    body["results"][0]["content"] = "Dubai visa, call 01712-345678 now"
    server.route("/search", Canned(200, body))
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    code, doc = run_json("w")
    new: Any = doc["runs"][0]["new"]  # type: ignore[index]
    assert code == 0
    assert [n["leads"] for n in new] == [["phone:+8801712345678"], []]
    [run] = events("watch.run")
    assert run["payload"]["new"][0]["leads"] == ["phone:+8801712345678"]  # type: ignore[index]
