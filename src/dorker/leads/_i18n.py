"""The leads part's translation hook: `dorker.i18n._` when that module exists (issue 19), else
the text unchanged. The one place the lead repoints at merge."""

from __future__ import annotations

import importlib
from collections.abc import Callable

__all__ = ["_"]


def _identity(text: str) -> str:
    return text


def _load() -> Callable[[str], str]:
    try:
        module = importlib.import_module("dorker.i18n")
    except ImportError:
        return _identity
    found: Callable[[str], str] = getattr(module, "_", _identity)
    return found


_ = _load()
