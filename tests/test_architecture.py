"""House rules: the core never imports textual; every core module imports on its own."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import dorker


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(dorker.__path__, prefix="dorker."):
        if info.name == "dorker.tui" or info.name.startswith("dorker.tui."):
            continue
        if info.name == "dorker.__main__":
            continue
        names.append(info.name)
    return names


def test_core_imports_without_textual() -> None:
    modules = core_modules()
    assert "dorker.cli.main" in modules and "dorker.config" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"core imported textual: {proc.stdout} {proc.stderr}"


def test_every_module_has_a_docstring() -> None:
    import importlib

    missing = [
        name for name in core_modules() if not (importlib.import_module(name).__doc__ or "").strip()
    ]
    assert missing == []


def test_every_command_has_its_owner_listed() -> None:
    """`main` builds only the invoked command's parser: the owner table must be complete."""
    import argparse

    from dorker.cli.main import COMMAND_OWNERS, build_parser

    full = build_parser()
    actions = [a for a in full._actions if isinstance(a, argparse._SubParsersAction)]
    registered = set(actions[0].choices)
    assert registered == set(COMMAND_OWNERS)
    for command in registered:
        only = build_parser(command)
        sub = next(a for a in only._actions if isinstance(a, argparse._SubParsersAction))
        assert command in sub.choices
