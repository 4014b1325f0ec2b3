"""Finds the data bundled with dorker: `catalog/`, `queries/` and `templates/`.

A wheel carries them inside the package (`dorker/_bundled/`, see pyproject.toml); a source
checkout or an editable install reads them from the repository's top level.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["bundled_dir", "engines_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def bundled_dir(name: str) -> Path:
    """The bundled folder `name` (one of catalog, queries, templates)."""
    if name not in {"catalog", "queries", "templates"}:
        raise ValueError(f"no bundled folder named {name!r}")
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / name


def engines_dir() -> Path:
    """The bundled engine profiles."""
    return bundled_dir("catalog") / "engines"
