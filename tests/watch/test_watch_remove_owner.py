"""`dorker watch remove` on a team store: only the owner removes a watch without `--force`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import events
from helpers import run_cli
from provider_server import ProviderServer


def test_someone_elses_watch_is_refused_then_forced(server: ProviderServer, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_STORE", f"sqlite:///{tmp_path / 'team.sqlite3'}")
    monkeypatch.setenv("DORKER_ACTOR", "owner-officer")
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    monkeypatch.setenv("DORKER_ACTOR", "teammate")

    refused = run_cli("watch", "remove", "w")
    assert refused.code == 2 and refused.out == ""
    assert refused.err.count("\n") == 1 and "Traceback" not in refused.err
    assert "owner-officer" in refused.err and "--force" in refused.err
    assert events("watch.removed") == []
    assert [w["name"] for w in json.loads(
        run_cli("watch", "list", "--format", "json").out)["watches"]] == ["w"]

    forced = run_cli("watch", "remove", "w", "--force")
    assert forced.code == 0, forced.err
    [removed] = events("watch.removed")
    assert removed["actor"] == "teammate"
    payload = removed["payload"]
    assert isinstance(payload, dict)
    assert payload["forced"] is True and payload["forced_by"] == "teammate"
    assert payload["owner"] == "owner-officer"
    assert json.loads(run_cli("watch", "list", "--format", "json").out) == {"watches": []}


def test_the_owner_removes_without_force(server: ProviderServer) -> None:
    assert run_cli("watch", "add", "w", "visa", "-e", "bing").code == 0
    assert run_cli("watch", "remove", "w").code == 0
    [removed] = events("watch.removed")
    assert "forced" not in removed["payload"]  # type: ignore[operator]
