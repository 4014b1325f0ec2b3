"""Case data stays the owner's: under umask 022 nothing dorker creates is readable by others;
an existing loose store is warned about once; `dorker doctor` reports and fixes, never leaking
a secret."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import dorker.private
from helpers import run_cli
from provider_server import Canned, ProviderServer, running_server, searxng_body

BRAVE_KEY = "BSA-private-secret-token-0123456789"
CSE_KEY = "AIzaSy-private-secret-key-abcdefghij"


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture(autouse=True)
def warn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """`warn once` is once per process; each test is its own process here."""
    monkeypatch.setattr(dorker.private, "_warned", False)


@pytest.fixture
def searxng(monkeypatch: pytest.MonkeyPatch) -> Iterator[ProviderServer]:
    with running_server() as server:
        server.route("/search", Canned(200, searxng_body(["https://bikroy.com/ad/1",
                                                          "https://bikroy.com/ad/2"])))
        monkeypatch.setenv("DORKER_SEARXNG_URL", server.url)
        yield server


def loose(root: Path) -> list[str]:
    return [f"{p} {stat.filemode(p.lstat().st_mode)}" for p in [root, *root.rglob("*")]
            if p.lstat().st_mode & 0o077]


def test_a_case_worked_end_to_end_leaves_nothing_readable_by_others(
        umask_022: None, searxng: ProviderServer, dorker_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.png"
    page.write_bytes(b"\x89PNG saved ad page")
    assert run_cli("case", "new", "Gulf visa ads", "--pattern", "fake-jobs", "--use").code == 0
    for _ in range(2):  # the second search is answered from the cache
        assert run_cli("search", '"free visa" dubai', "-e", "duckduckgo").code == 0
    assert searxng.hits() == 1
    assert run_cli("evidence", "add", str(page), "--url", "https://bikroy.com/ad/1").code == 0
    assert run_cli("review", "https://bikroy.com/ad/1", "--verdict", "relevant").code == 0
    assert run_cli("translate", "visa", "-e", "bing").code == 0  # the profile cache
    reports = dorker_home / "reports"
    reports.mkdir(mode=0o700)
    assert run_cli("report", "C-0001", "-o", str(reports / "C-0001.html")).code == 0
    assert run_cli("audit", "log", "--format", "jsonl", "-o", str(reports / "log.jsonl")).code == 0
    assert run_cli("audit", "report", "-o", str(reports / "audit.html")).code == 0
    assert run_cli("cache", "rebuild").code == 0
    created = {p.relative_to(dorker_home).as_posix() for p in dorker_home.rglob("*")}
    assert {"data/dorker.sqlite3", "data/current-case", "cache/responses/cache.db",
            "cache/reviewed/cache.db", "reports/C-0001.html"} <= created
    assert any(p.startswith("data/evidence/sha256/") for p in created)
    assert loose(dorker_home) == []


def test_a_report_written_elsewhere_is_owner_only(umask_022: None, tmp_path: Path) -> None:
    assert run_cli("case", "new", "Op", "--use").code == 0
    out = tmp_path / "shared-folder" / "C-0001.md"
    out.parent.mkdir()
    assert run_cli("report", "C-0001", "--format", "md", "-o", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_an_existing_loose_store_is_warned_about_once(dorker_home: Path) -> None:
    assert run_cli("case", "new", "Op").code == 0
    (dorker_home / "data" / "dorker.sqlite3").chmod(0o644)
    (dorker_home / "data").chmod(0o755)
    first = run_cli("case", "list")
    lines = [x for x in first.err.splitlines() if "warning" in x]
    assert first.code == 0 and len(lines) == 1
    assert "dorker.sqlite3 and 3 more can be read by other users" in lines[0]  # +WAL, -shm, data
    assert lines[0].endswith("fix with: dorker doctor --fix")
    assert "warning" not in run_cli("case", "list").err  # once per process


def test_doctor_reports_and_fixes_permissions(dorker_home: Path) -> None:
    assert run_cli("case", "new", "Op", "--use").code == 0
    for path in (dorker_home, dorker_home / "data", dorker_home / "data" / "dorker.sqlite3",
                 dorker_home / "data" / "current-case"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    report = run_cli("doctor")
    assert report.code == 1
    assert "PROBLEM permissions: 4 path(s) other users can reach" in report.out
    assert "(fix with: dorker doctor --fix)" in report.out
    fixed = run_cli("doctor", "--fix")
    assert fixed.code == 0 and "FIXED   permissions: made 4 path(s) owner-only" in fixed.out
    assert loose(dorker_home) == []
    again = json.loads(run_cli("doctor", "--format", "json").out)
    assert again["ok"] is True
    checks = {c["check"]: c for c in again["checks"]}
    assert checks["permissions"]["status"] == "ok"
    assert checks["store"]["message"].endswith("1 events, chain intact, head " + run_cli(
        "audit", "head").out.strip())
    assert checks["store file"]["message"] == "SQLite quick_check: ok"


def test_doctor_names_providers_but_never_their_secrets(monkeypatch: pytest.MonkeyPatch,
                                                        dorker_home: Path) -> None:
    monkeypatch.setenv("DORKER_BRAVE_API_KEY", BRAVE_KEY)
    monkeypatch.setenv("DORKER_GOOGLE_CSE_KEY", CSE_KEY)
    monkeypatch.setenv("DORKER_GOOGLE_CSE_CX", "cx-1")
    monkeypatch.setenv("DORKER_SEARXNG_URL", "http://user:s3cr3t-pass@127.0.0.1:8888/?token=t0k")
    monkeypatch.setenv("DORKER_PROXY", "socks5h://me:pr0xy-pass@127.0.0.1:9050")
    for fmt in ("text", "json"):
        out = run_cli("doctor", "--format", fmt).out
        for secret in (BRAVE_KEY, CSE_KEY, "s3cr3t-pass", "t0k", "pr0xy-pass"):
            assert secret not in out
    text = run_cli("doctor").out
    assert "provider brave: API key set (from the environment; not shown)" in text
    assert "provider searxng: at http://127.0.0.1:8888/" in text
    assert "WARN    provider google-cse" in text and "2027-01-01" in text
    assert "through socks5h://127.0.0.1:9050" in text


def test_doctor_repairs_a_cache_and_reports_a_broken_one(dorker_home: Path) -> None:
    import diskcache  # type: ignore[import-untyped]

    folder = dorker_home / "cache" / "reviewed"
    with diskcache.Cache(str(folder)) as cache:
        cache.set("https://x.example/a", {"verdict": "relevant"})
    assert "ok      cache reviewed: 1 entries" in run_cli("doctor").out
    (folder / "cache.db").write_bytes(b"this is not a database")
    result = run_cli("doctor")
    assert result.code == 1 and "PROBLEM cache reviewed" in result.out
    assert f"rm -r {folder}" in result.out
