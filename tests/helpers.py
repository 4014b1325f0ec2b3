"""Helpers for running the CLI in tests, in-process or as a real subprocess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str, stdin: str | None = None) -> Result:
    """Run `dorker ARGS` in this process (fast); SystemExit is caught like a shell would."""
    from dorker.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdin = old_stdin
    return Result(code, out.getvalue(), err.getvalue())


def run_subprocess(*args: str, stdin: str | bytes | None = None, timeout: float = 60,
                   env: dict[str, str] | None = None) -> Result:
    """Run `python -m dorker ARGS` as a real process (for crash, exit-code and stream tests)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "dorker", *args], input=data, capture_output=True,
        timeout=timeout, env={**os.environ, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                  proc.stderr.decode("utf-8", "replace"))
