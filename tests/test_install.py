"""A non-editable install, run from another folder, still finds the bundled data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_finds_bundled_data(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    target = tmp_path / "site"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "DORKER_HOME": str(tmp_path / "home")}
    code = (
        "import dorker.resources as r, pathlib\n"
        "for name in ('catalog', 'queries', 'templates'):\n"
        "    d = r.bundled_dir(name); assert d.is_dir(), d; print(d)\n"
        "print(len(list(r.engines_dir().glob('*.yaml'))))\n"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    lines = probe.stdout.splitlines()
    assert all(line.startswith(str(target)) for line in lines[:3]), lines
    assert int(lines[3]) >= 15
    run = subprocess.run(
        [sys.executable, "-m", "dorker", "translate", "visa", "-e", "yandex"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0 and "yandex.com/search" in run.stdout, run.stderr
