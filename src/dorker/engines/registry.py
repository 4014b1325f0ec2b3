"""The configured engines' profiles by id, each file loaded once per process.

Commands name engines by id (`-e facebook`); a search plan asks for its web companions'
profiles on every query it compiles. Both come here: `engine_profiles` for a list of ids (an
unknown id is a usage error naming the known ones), `find_profile` for one (None when unknown),
remembered per environment (which config file is read).
"""

from __future__ import annotations

import os

from dorker.engines.profile import EngineProfile, available_engines, load_profile
from dorker.errors import UsageError

__all__ = ["engine_profiles", "find_profile"]

_LOADED: dict[tuple[str, str], EngineProfile] = {}  # by (engine id, profile file)


def engine_profiles(ids: list[str] | tuple[str, ...]) -> dict[str, EngineProfile]:
    """The configured engines' profiles by id, each file loaded once per process.

    An unknown id is a usage error naming the known ones.
    """
    from dorker.config import load_config

    known = available_engines(load_config().catalog_roots)
    out: dict[str, EngineProfile] = {}
    for engine in dict.fromkeys(ids):
        path = known.get(engine)
        if path is None:
            raise UsageError(f"unknown engine {engine!r}",
                             hint=f"known engines: {', '.join(sorted(known))}")
        key = (engine, str(path))
        if key not in _LOADED:
            _LOADED[key] = load_profile(path)
        out[engine] = _LOADED[key]
    return out


_FOUND: dict[tuple[str, tuple[str | None, ...]], EngineProfile | None] = {}
_CONFIG_ENV = ("DORKER_CONFIG", "DORKER_HOME", "XDG_CONFIG_HOME", "HOME")


def find_profile(engine_id: str) -> EngineProfile | None:
    """`engine_profiles` for one id, or None when no such engine is configured.

    Remembered per process and environment (which config file is read), because a search plan
    asks for its web companions' profiles on every query it compiles.
    """
    key = (engine_id, tuple(os.environ.get(name) for name in _CONFIG_ENV))
    if key not in _FOUND:
        try:
            _FOUND[key] = engine_profiles([engine_id])[engine_id]
        except UsageError:
            _FOUND[key] = None
    return _FOUND[key]
