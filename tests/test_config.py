"""The config file and environment: keys, errors with file:line, secrets, DORKER_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dorker.config import load_config
from dorker.errors import ConfigError
from dorker.paths import locations


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_defaults_live_under_dorker_home(dorker_home: Path) -> None:
    config = load_config()
    assert config.actor == "test-officer"
    assert config.store == f"sqlite:///{dorker_home / 'data' / 'dorker.sqlite3'}"
    locs = locations()
    assert all(
        str(p).startswith(str(dorker_home))
        for p in (locs.config_dir, locs.data_dir, locs.cache_dir)
    )


def test_every_documented_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(
        tmp_path,
        """
actor = "officer.rahman"
store = "sqlite:///tmp/x.sqlite3"
default_engines = ["google", "yandex"]
proxy = "socks5://127.0.0.1:9050"
user_agent = "dorker-test"
[playbooks]
roots = ["team/playbooks"]
[catalog]
roots = ["/srv/catalog"]
[providers]
rate_limit = 0.5
[providers.searxng]
url = "http://127.0.0.1:8888"
[providers.brave]
api_key = "secret-brave"
[providers.google_cse]
key = "secret-google"
cx = "abc"
[keymap]
open-in-browser = "o"
""",
    )
    monkeypatch.setenv("DORKER_CONFIG", str(path))
    monkeypatch.delenv("DORKER_ACTOR")
    config = load_config()
    assert config.actor == "officer.rahman"
    assert config.default_engines == ("google", "yandex")
    assert config.playbook_roots == (tmp_path / "team" / "playbooks",)
    assert config.catalog_roots == (Path("/srv/catalog"),)
    assert config.providers.searxng.url == "http://127.0.0.1:8888"
    assert config.providers.brave.api_key == "secret-brave"
    assert config.providers.rate_limit == 0.5
    assert config.keymap == {"open-in-browser": "o"}
    assert "secret" not in repr(config)


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 'actor = "file-actor"\nproxy = "http://file"\n')
    monkeypatch.setenv("DORKER_CONFIG", str(path))
    monkeypatch.setenv("DORKER_ACTOR", "env-actor")
    monkeypatch.setenv("DORKER_PROXY", "socks5://env")
    monkeypatch.setenv("DORKER_STORE", "sqlite:///elsewhere.db")
    config = load_config()
    assert (config.actor, config.proxy, config.store) == (
        "env-actor",
        "socks5://env",
        "sqlite:///elsewhere.db",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("actor = 3\n", ":1: actor: actor must be text", id="type"),
        pytest.param("\n\nacter = 'x'\n", ":3: acter: unknown key 'acter'", id="unknown-key"),
        pytest.param(
            "[providers.bing]\nurl='x'\n", "unknown key 'providers.bing'", id="unknown-table"
        ),
        pytest.param("actor = \n", "invalid TOML", id="syntax"),
        pytest.param("default_engines = [1]\n", "must be a list of strings", id="list"),
    ],
)
def test_errors_name_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    monkeypatch.setenv("DORKER_CONFIG", str(path))
    with pytest.raises(ConfigError) as info:
        load_config()
    message = str(info.value)
    assert str(path) in message and expected in message and "\n" not in message


def test_missing_explicit_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match="config file not found"):
        load_config()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_key_in_a_world_readable_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, '[providers.brave]\napi_key = "k-123"\n', mode=0o644)
    monkeypatch.setenv("DORKER_CONFIG", str(path))
    with pytest.raises(ConfigError) as info:
        load_config()
    assert "chmod 600" in str(info.value) and "k-123" not in str(info.value)
