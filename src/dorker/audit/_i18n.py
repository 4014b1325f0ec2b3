"""The interface-language hook of the audit part: `dorker.i18n._` when present, else identity.

The Bengali branch provides `dorker.i18n`; until it is merged, strings written as `_("...")`
here and in the audit templates stay English. The lead repoints this one module at merge.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import cast

__all__ = ["_", "translator"]


@functools.cache
def translator() -> Callable[[str], str]:
    """The translation function to use for user-facing text (identity when none exists)."""
    try:
        module = importlib.import_module("dorker.i18n")
    except ImportError:
        return _identity
    return cast("Callable[[str], str]", module._)


def _identity(text: str) -> str:
    return text


def _(text: str) -> str:
    """Translate `text` (extractable by Babel as a gettext call)."""
    return translator()(text)
