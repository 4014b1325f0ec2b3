"""Watch tests: a loopback provider server, a fast rate limit, no network but 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import run_cli
from provider_server import ProviderServer, refuse_non_loopback, running_server


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_non_loopback(monkeypatch)


@pytest.fixture
def fast_config(dorker_home: Path) -> Path:
    """A config whose rate limit does not slow the tests (the limiter itself is tested)."""
    path = dorker_home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[providers]\nrate_limit = 1000.0\ntimeout = 5.0\n", encoding="utf-8")
    return path


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, fast_config: Path) -> Iterator[ProviderServer]:
    with running_server() as srv:
        monkeypatch.setenv("DORKER_SEARXNG_URL", srv.url)
        yield srv


def events(action: str) -> list[dict[str, object]]:
    """The record's events of one action, oldest first (through `audit log`)."""
    out = run_cli("audit", "log", "--action", action, "--format", "jsonl").out
    return [json.loads(line) for line in out.splitlines()]


def run_json(*args: str) -> tuple[int, dict[str, object]]:
    """`dorker watch run ARGS --format json`: exit code and document."""
    result = run_cli("watch", "run", *args, "--format", "json")
    assert result.out, result.err
    return result.code, json.loads(result.out)
