"""Handing a search to the investigator: open in the system browser, copy, or print.

dorker never starts a text-mode browser itself (lynx, w3m...): on a machine without a graphical
browser the URL is printed instead, so the investigator opens it where they choose. Opening is
capped (10 tabs unless the caller allows all), so a large playbook cannot flood the browser.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dorker.errors import UsageError
from dorker.i18n import _

__all__ = ["MAX_TABS", "OpenResult", "browser_takes", "can_copy", "copy_text",
           "has_graphical_browser", "open_urls"]

MAX_TABS = 10
_TEXT_BROWSERS = {"lynx", "w3m", "links", "elinks", "www-browser", "links2", "browsh"}


@dataclass
class OpenResult:
    """What happened to each URL: opened in a browser, or left to print."""

    opened: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    reason: str = ""


def has_graphical_browser(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> bool:
    """True when a graphical browser can be expected (a desktop session, macOS or Windows)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _controller(env: Mapping[str, str] | None) -> tuple[object | None, str]:
    """The system browser's controller, or None and why the URLs will be printed instead."""
    if not has_graphical_browser(env):
        return None, _("no graphical browser here; open the URLs yourself")
    import webbrowser

    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return None, _("no browser found; open the URLs yourself")
    name = os.path.basename(getattr(controller, "name", "") or "").lower()
    if name in _TEXT_BROWSERS:
        return None, _("the default browser is text-mode ({name}); open the URLs "
                      "yourself").format(name=name)
    return controller, ""


def browser_takes(count: int, *, allow_all: bool = False,
                  env: Mapping[str, str] | None = None) -> int:
    """How many of `count` URLs `open_urls` will hand to the browser (the rest are printed):
    known before anything is recorded, so the record says what really happens to each."""
    controller, _reason = _controller(env)
    if controller is None:
        return 0
    return count if allow_all else min(count, MAX_TABS)


def open_urls(
    urls: Sequence[str], *, allow_all: bool = False, env: Mapping[str, str] | None = None
) -> OpenResult:
    """Open `urls` in the system browser (at most MAX_TABS unless allow_all); print the rest."""
    result = OpenResult()
    controller, reason = _controller(env)
    if controller is None:
        result.printed = list(urls)
        result.reason = reason
        return result
    limit = len(urls) if allow_all else MAX_TABS
    for index, url in enumerate(urls):
        if index < limit and controller.open(url, new=2):  # type: ignore[attr-defined]
            result.opened.append(url)
        else:
            result.printed.append(url)
    if len(urls) > limit:
        result.reason = _("opened the first {limit}; use --all to open every one").format(
            limit=limit)
    return result


def _clipboard_commands(env: Mapping[str, str]) -> list[list[str]]:
    candidates: list[list[str]] = []
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    if sys.platform.startswith("win") or shutil.which("clip.exe"):
        candidates.append(["clip.exe"])
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if env.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    return [c for c in candidates if shutil.which(c[0])]


def can_copy(env: Mapping[str, str] | None = None) -> bool:
    """Whether `copy_text` has a way to the clipboard (a clipboard tool or the terminal)."""
    env = os.environ if env is None else env
    if _clipboard_commands(env):
        return True
    try:
        with open("/dev/tty", "w", encoding="utf-8"):
            return True
    except OSError:
        return False


def copy_text(text: str, *, env: Mapping[str, str] | None = None) -> str:
    """Put `text` on the clipboard; returns how. Raises UsageError when no way exists."""
    env = os.environ if env is None else env
    for command in _clipboard_commands(env):
        try:
            subprocess.run(command, input=text.encode("utf-8"), check=True, timeout=5)
            return command[0]
        except (OSError, subprocess.SubprocessError):
            continue
    try:
        # OSC 52 asks the terminal itself (also through ssh and tmux) to set the clipboard.
        with open("/dev/tty", "w", encoding="utf-8") as tty:
            payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
            tty.write(f"\x1b]52;c;{payload}\x07")
        return "terminal (OSC 52)"
    except OSError:
        raise UsageError(_("no clipboard is available here"),
                         hint=_("use --print instead")) from None
