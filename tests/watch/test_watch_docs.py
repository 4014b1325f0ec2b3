"""The scheduling lines of docs/watch.md are real: parsed, checked, and their command run."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import events
from helpers import run_cli
from provider_server import Canned, ProviderServer, searxng_body

DOC = Path(__file__).resolve().parents[2] / "docs" / "watch.md"
_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def unit(title: str) -> str:
    [text] = [b for b in blocks("ini") if b.startswith(f"# ~/.config/systemd/user/{title}")]
    return text


def parse_unit(text: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def run_documented(command: list[str], env: dict[str, str], server: ProviderServer,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Run `dorker ...` as the scheduler would, for a due watch of the documented actor."""
    assert command[:1] == ["dorker"], command
    server.route("/search", Canned(200, searxng_body(["https://jobs.example.com/1"])))
    actor = env["DORKER_ACTOR"]
    monkeypatch.setenv("DORKER_ACTOR", actor)
    assert run_cli("watch", "add", "gulf-ads", "visa dubai", "-e", "bing").code == 0
    first = run_cli(*command[1:])
    assert first.code == 0, first.err
    assert "gulf-ads: ok" in first.out
    again = run_cli(*command[1:])  # the next tick: nothing due, nothing printed (no cron mail)
    assert again.code == 0 and again.out == ""
    [run] = events("watch.run")
    assert run["actor"] == actor and run["payload"]["trigger"] == "due"  # type: ignore[index]


def test_the_crontab_lines(server: ProviderServer, monkeypatch: pytest.MonkeyPatch) -> None:
    [text] = blocks("cron")
    env: dict[str, str] = {}
    jobs = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):
            name, _, value = line.partition("=")
            env[name] = value
            continue
        fields = line.split(None, 5)
        assert len(fields) == 6, line
        for field, (low, high) in zip(fields[:5], _RANGES, strict=True):
            assert _FIELD.match(field), field
            assert all(low <= int(n) <= high for n in re.findall(r"\d+", field.split("/")[0]))
        jobs.append(fields[5])
    [command] = jobs
    assert "/usr/bin" in env["PATH"]
    run_documented(shlex.split(command), env, server, monkeypatch)


def test_the_systemd_units(server: ProviderServer, monkeypatch: pytest.MonkeyPatch,
                           tmp_path: Path) -> None:
    service_text, timer_text = unit("dorker-watch.service"), unit("dorker-watch.timer")
    service, timer = parse_unit(service_text), parse_unit(timer_text)
    assert service["Service"]["Type"] == "oneshot"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert timer["Timer"]["Persistent"] == "true"
    env = dict(line.split("=", 1) for line in re.findall(r"^Environment=(.*)$", service_text,
                                                         flags=re.M))
    command = shlex.split(service["Service"]["ExecStart"])
    assert command[0] == "/usr/bin/env"
    run_documented(command[1:], env, server, monkeypatch)
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed: the units were parsed, not verified")
    calendar = subprocess.run([analyze, "calendar", timer["Timer"]["OnCalendar"]],
                              capture_output=True, text=True, timeout=60)
    assert calendar.returncode == 0, calendar.stderr
    for name, text in (("dorker-watch.service", service_text),
                       ("dorker-watch.timer", timer_text)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    verify = subprocess.run([analyze, "verify", str(tmp_path / "dorker-watch.service"),
                             str(tmp_path / "dorker-watch.timer")],
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
