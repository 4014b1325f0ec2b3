"""Interface strings of the watch part, written for extraction (`_("...")`).

The Bengali branch provides `dorker.i18n`; until it is merged an identity fallback stands in
(the lead repoints this one module at merge).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["_", "ngettext"]


def _identity(text: str) -> str:
    return text


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _load() -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    try:
        module: Any = importlib.import_module("dorker.i18n")
        return module._, module.ngettext
    except (ImportError, AttributeError):
        return _identity, _english_plural


_, ngettext = _load()
