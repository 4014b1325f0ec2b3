"""Watches end to end against a loopback provider whose answers change between requests."""

from __future__ import annotations

import json
import re
from typing import Any

from conftest import events, run_json
from helpers import run_cli
from provider_server import Canned, ProviderServer, brave_body, searxng_body

A = "https://jobs.example.com/offer/1?utm_source=fb"
B = "https://m.facebook.com/groups/gulfjobs/posts/2"
C = "https://classifieds.example.com.bd/ad/3"


def urls(run: dict[str, Any]) -> list[str]:
    return [n["original_url"] for n in run["new"]]


def test_first_run_all_new_then_only_the_added_one_then_nothing(server: ProviderServer) -> None:
    server.route("/search", Canned(200, searxng_body([A, B])),
                 Canned(200, searxng_body([A, "https://www.facebook.com/groups/gulfjobs/posts/2",
                                           C])))
    assert run_cli("case", "new", "Gulf ads", "--use").code == 0
    added = run_cli("watch", "add", "gulf-ads", 'intitle:"free visa" dubai', "-e", "bing")
    assert added.code == 0, added.err
    assert "added watch gulf-ads" in added.out and "C-0001" in added.out

    code, first = run_json("gulf-ads")
    assert code == 0
    [run] = first["runs"]  # type: ignore[misc]
    assert run["watch"] == "gulf-ads" and run["engine"] == "bing" and run["status"] == "ok"
    assert urls(run) == [A, B] and run["seen"] == 0
    assert run["target"] == 'intitle:"free visa" dubai'

    code, second = run_json("gulf-ads")
    [run] = second["runs"]  # type: ignore[misc]
    assert code == 0 and urls(run) == [C]  # the www. spelling of B is the same page
    assert run["seen"] == 2

    code, third = run_json("gulf-ads")
    [run] = third["runs"]  # type: ignore[misc]
    assert code == 0 and run["new"] == [] and run["seen"] == 3
    assert server.hits("/search") == 3  # every run fetched fresh, none read the cache

    runs = events("watch.run")
    assert [r["payload"]["counts"]["new"] for r in runs] == [2, 1, 0]  # type: ignore[index]
    for r in runs:
        p: Any = r["payload"]
        assert p["scheduled"] is True and p["watch"] == "gulf-ads" and r["case"] == "C-0001"
        assert p["owner"] == "test-officer" and re.fullmatch("[0-9a-f]{32}", p["command_id"])
    assert runs[1]["payload"]["new"][0]["url"] == "https://classifieds.example.com.bd/ad/3"  # type: ignore[index]
    searched = events("search.run")
    assert len(searched) == 3
    for s, r in zip(searched, runs, strict=True):
        p = s["payload"]
        assert p["scheduled"] is True and p["watch"] == "gulf-ads"  # type: ignore[index]
        assert p["command_id"] == r["payload"]["command_id"]  # type: ignore[index]
        assert p["outcome"]["status"] == "ok" and p["outcome"]["request"]["from_cache"] is False  # type: ignore[index]
    verify = run_cli("audit", "verify")
    assert verify.code == 0, verify.out + verify.err


def test_text_output_shows_new_results_literally(server: ProviderServer) -> None:
    hostile = "[bold]FREE VISA[/] \x1b[2J\x1b]0;pwned\x07"
    body = searxng_body([A])
    body["results"][0]["title"] = hostile
    server.route("/search", Canned(200, body))
    assert run_cli("watch", "add", "w1", "visa dubai", "-e", "google").code == 0
    shown = run_cli("watch", "run", "w1")
    assert shown.code == 0, shown.err
    assert "w1: ok" in shown.out and "1 new" in shown.out and A in shown.out
    assert "\x1b" not in shown.out and "\\x1b[2J" in shown.out
    assert "dorker review URL" in shown.out


def test_due_runs_only_what_is_due_and_only_the_actors_own(server: ProviderServer,
                                                             monkeypatch: Any) -> None:
    server.route("/search", Canned(200, searxng_body([A])))
    assert run_cli("watch", "add", "mine", "visa", "-e", "bing").code == 0
    monkeypatch.setenv("DORKER_ACTOR", "other-officer")
    assert run_cli("watch", "add", "theirs", "visa jobs", "-e", "bing", "--every", "12h").code == 0
    monkeypatch.setenv("DORKER_ACTOR", "test-officer")

    code, doc = run_json("--due")
    assert code == 0 and [r["watch"] for r in doc["runs"]] == ["mine"]  # type: ignore[index]
    code, doc = run_json("--due")
    assert code == 0 and doc["runs"] == [] and server.hits() == 1  # not due again yet
    code, doc = run_json("--due", "--all-actors")
    assert [r["watch"] for r in doc["runs"]] == ["theirs"]  # type: ignore[index]
    code, doc = run_json("--due", "--now")
    assert [r["watch"] for r in doc["runs"]] == ["mine"]  # type: ignore[index]
    ran = events("watch.run")
    assert [(r["actor"], r["payload"]["owner"]) for r in ran] == [  # type: ignore[index]
        ("test-officer", "test-officer"), ("test-officer", "other-officer"),
        ("test-officer", "test-officer")]
    assert [r["payload"]["trigger"] for r in ran] == ["due", "due", "due"]  # type: ignore[index]
    quiet = run_cli("watch", "run", "--due")
    assert quiet.code == 0 and quiet.out == ""  # cron mails nothing when nothing was due


def test_blocked_run_is_recorded_exit_1_and_the_provider_left_alone(
        server: ProviderServer) -> None:
    from provider_server import CAPTCHA_PAGE

    server.route("/search", Canned(200, CAPTCHA_PAGE))
    assert run_cli("watch", "add", "a", "visa", "-e", "bing").code == 0
    assert run_cli("watch", "add", "b", "visa jobs", "-e", "google").code == 0
    code, doc = run_json("--due")
    assert code == 1
    statuses = {r["watch"]: r["status"] for r in doc["runs"]}  # type: ignore[index]
    assert statuses == {"a": "captcha", "b": "deferred"}
    assert server.hits() == 1  # the second watch sent nothing after the CAPTCHA
    ran = events("watch.run")
    assert [r["payload"]["status"] for r in ran] == ["blocked", "blocked"]  # type: ignore[index]
    # Recorded, and not retried at the next tick: due again only at the next interval.
    code, doc = run_json("--due")
    assert code == 0 and doc["runs"] == [] and server.hits() == 1
    listing = json.loads(run_cli("watch", "list", "--format", "json").out)
    assert {w["name"]: w["last_run"]["status"] for w in listing["watches"]} == {
        "a": "blocked", "b": "blocked"}


def test_brave_provider_and_pages(server: ProviderServer, monkeypatch: Any) -> None:
    monkeypatch.setenv("DORKER_BRAVE_API_KEY", "brave-secret-1234")
    monkeypatch.setenv("DORKER_BRAVE_URL", server.url)
    server.route("/res/v1/web/search", Canned(200, brave_body([A, C])))
    added = run_cli("watch", "add", "br", "visa", "-e", "brave", "--provider", "brave",
                    "--pages", "2")
    assert added.code == 0, added.err
    code, doc = run_json("br")
    [run] = doc["runs"]  # type: ignore[misc]
    assert code == 0 and urls(run) == [A, C] and run["pages"] == 2 and run["seen"] == 2
    assert "brave-secret-1234" not in json.dumps(events("search.run"))



def _run_with_stderr(stderr: Any) -> tuple[int, str, bytes]:
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run([sys.executable, "-m", "dorker", "watch", "run", "p"],
                          env={**os.environ, "PYTHONPATH": src, "COLUMNS": "100"},
                          stdout=subprocess.PIPE, stderr=stderr, timeout=120)
    return proc.returncode, proc.stdout.decode(), proc.stderr or b""


def test_progress_on_a_terminal_only(server: ProviderServer) -> None:
    import os
    import pty
    import subprocess

    server.route("/search", Canned(200, searxng_body([A])))
    assert run_cli("watch", "add", "p", "visa", "-e", "bing").code == 0
    code, out, err = _run_with_stderr(subprocess.PIPE)
    assert code == 0 and "p: ok" in out and err == b""  # piped: nothing extra
    piped = run_cli("watch", "run", "p", "--format", "json")
    assert piped.code == 0 and piped.err == ""  # json: nothing extra
    import threading

    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # read while the child writes: a full pty would block it
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        code, out, _ = _run_with_stderr(follower)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    shown = b"".join(chunks)
    assert code == 0 and "p: ok" in out  # the report itself still goes to stdout
    assert b"watches" in shown and b"1/1" in shown  # the bars, drawn on the terminal
