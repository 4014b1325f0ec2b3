"""In a real terminal (tmux): every word of every Bengali query of the bundled playbooks is on
screen in the builder's preview, at 120 and at 160 columns.

tmux counts cells with glibc's wcwidth, as most terminals do; a line the app measured narrower
than the terminal draws it runs past the panel's edge and loses its last words (the bug this
guards against: Bengali vowel signs counted as zero cells). Each run uses its own tmux server
(`-L`, a unique socket) and is skipped when tmux is absent. A control run with Rich's own table
shows that the check sees the loss.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dorker.config import load_config
from dorker.tui.services import Services

pytestmark = pytest.mark.slow

BENGALI_WORD = re.compile(r"[\u0980-\u09ff][\u0980-\u09ff\u200c\u200d]*")
SAMPLE_VALUES = {"phone": "01712345678", "email": "officer@example.org",
                 "username": "sample_user", "domain": "example.org", "url": "https://example.org"}
HEIGHT = 400  # every row of the longest preview fits: nothing to scroll, nothing unseen
APP = "import runpy, sys; sys.argv = ['dorker']; runpy.run_module('dorker', run_name='__main__')"
WITHOUT_RULE = ("import dorker.tui, dorker.textwidth as w; w.uninstall_rich(); "
                "from dorker.tui.app import run_app; run_app()")


@dataclass(frozen=True)
class Expected:
    """One playbook: what to type into its form, and its Bengali queries' words."""

    playbook: str
    version: int
    values: tuple[str, ...]
    query_ids: tuple[str, ...]
    words: frozenset[str]


def bengali_playbooks() -> list[Expected]:
    """The bundled playbooks with Bengali queries, built as the builder builds them."""
    services = Services(load_config())
    found = []
    for summary in services.playbooks():
        info = services.playbook(summary.id)
        typed = []
        values = {}
        for var in info.variables:
            if var.default:
                values[var.name] = ", ".join(var.default)
            elif var.required:
                sample = SAMPLE_VALUES[var.type]
                typed.append(sample)
                values[var.name] = sample
        result = services.build(info.id, values, services.default_engines(info))
        rows = [r for r in result.rows if r.query and BENGALI_WORD.search(r.query)]
        if rows:
            found.append(Expected(info.id, info.version, tuple(typed),
                                  tuple(dict.fromkeys(r.query_id for r in rows)),
                                  frozenset(w for r in rows
                                            for w in BENGALI_WORD.findall(r.query or ""))))
    services.close()
    return found


class Terminal:
    """An app running in its own tmux server."""

    def __init__(self, width: int, home: Path, code: str) -> None:
        socket = f"dorker-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # -u and a UTF-8 locale for the server and every client: a client that thinks its
        # terminal is not UTF-8 captures every non-ASCII character as "_"
        self.tmux = ["tmux", "-u", "-L", socket]
        self.env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
                    "DORKER_HOME": str(home), "DORKER_ACTOR": "tmux-test"}
        self.env.pop("TMUX", None)
        command = f"{sys.executable} -c {_quote(code)}"
        subprocess.run([*self.tmux, "-f", "/dev/null", "new-session", "-d", "-s", "app",
                        "-x", str(width), "-y", str(HEIGHT), command],
                       env=self.env, check=True, timeout=30)

    def screen(self) -> str:
        out = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", "app"], env=self.env,
                             capture_output=True, text=True, encoding="utf-8", timeout=30)
        return out.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "app", *keys], env=self.env, check=True,
                       timeout=30)

    def paste(self, text: str) -> None:
        """Type `text` as one bracketed paste (one event for the app, not one per key)."""
        subprocess.run([*self.tmux, "set-buffer", "-b", "typed", text], env=self.env,
                       check=True, timeout=30)
        subprocess.run([*self.tmux, "paste-buffer", "-p", "-b", "typed", "-t", "app"],
                       env=self.env, check=True, timeout=30)

    def wait_for(self, what: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if what in text or time.monotonic() > deadline:
                return text
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], env=self.env, capture_output=True,
                       timeout=30)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def missing_words(terminal: Terminal, expected: Expected,
                  timeout: float = 20) -> tuple[set[str], str]:
    """Pick the playbook, fill its required values; the words never on screen, and the screen."""
    for _attempt in range(3):
        # to the filter, clear it, paste the id; keys that beat the focus change are lost:
        # then look again and do it again
        terminal.keys("C-l")
        time.sleep(0.3)
        terminal.keys("C-u")
        time.sleep(0.2)
        terminal.paste(expected.playbook)
        if _filter_shows(terminal, expected.playbook):
            break
    terminal.keys("Enter")
    terminal.wait_for(f"{expected.playbook} v{expected.version}", timeout=15)
    for value in expected.values:  # the focus is on the first empty required input
        time.sleep(0.3)
        terminal.paste(value)
    deadline = time.monotonic() + timeout
    while True:
        text = terminal.screen()
        heads = all(re.search(rf"\b{re.escape(q)}\b", text) for q in expected.query_ids)
        missing = set(expected.words) - set(BENGALI_WORD.findall(text))
        if (heads and f"{expected.playbook} v{expected.version}" in text and not missing) \
                or time.monotonic() > deadline:
            return missing, text
        time.sleep(0.2)


def _filter_shows(terminal: Terminal, playbook: str, timeout: float = 10) -> bool:
    """Whether the filter line (the second) and the first row show `playbook`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = terminal.screen().splitlines()
        if len(lines) > 3 and lines[1].startswith(f"{playbook} ") \
                and lines[3].startswith(f"{playbook} "):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def playbooks() -> list[Expected]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    found = bengali_playbooks()
    assert len(found) >= 10, [e.playbook for e in found]
    return found


def _run(width: int, home: Path, code: str) -> Iterator[Terminal]:
    terminal = Terminal(width, home, code)
    try:
        screen = terminal.wait_for("Welcome to dorker")
        assert "Welcome to dorker" in screen, screen[-2000:]
        terminal.keys("Escape")
        # on its own: an escape closely followed by another key reads as alt+key
        deadline = time.monotonic() + 10
        while "Welcome to dorker" in terminal.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        yield terminal
    finally:
        terminal.close()


@pytest.mark.parametrize("width", [120, 160])
def test_every_bengali_word_is_on_screen(width: int, playbooks: list[Expected],
                                         tmp_path: Path) -> None:
    lost: dict[str, list[str]] = {}
    screens: list[str] = []
    for terminal in _run(width, tmp_path / "home", APP):
        for expected in playbooks:
            missing, screen = missing_words(terminal, expected)
            if missing:
                lost[expected.playbook] = sorted(missing)
                screens.append(f"--- {expected.playbook}:\n{screen.rstrip()}")
    assert lost == {}, "\n".join(screens)


def test_the_check_sees_words_lost_without_the_rule(playbooks: list[Expected],
                                                    tmp_path: Path) -> None:
    """Control: with Rich's own widths (vowel signs zero cells) words fall off the panel."""
    gulf = next(e for e in playbooks if e.playbook == "gulf-free-visa-jobs")
    for terminal in _run(160, tmp_path / "home", WITHOUT_RULE):
        missing, _screen = missing_words(terminal, gulf, timeout=5)
        assert missing, "the check did not notice Bengali words running off the panel"
