"""Where dorker keeps its config, data (the store) and cache.

`DORKER_HOME=DIR` puts all three under DIR and nothing is written elsewhere (tests and portable
use rely on it). Without it the platform's usual locations apply (platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Locations", "locations"]

APP_NAME = "dorker"


@dataclass(frozen=True, slots=True)
class Locations:
    """The three folders dorker may write to, and the default config file."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        """The config file read when `DORKER_CONFIG` is not set."""
        return self.config_dir / "config.toml"

    @property
    def store_file(self) -> Path:
        """The default embedded store (SQLite event log)."""
        return self.data_dir / "dorker.sqlite3"


def locations(environ: dict[str, str] | None = None) -> Locations:
    """The locations for this process: `DORKER_HOME` if set, else the platform's."""
    env = os.environ if environ is None else environ
    home = env.get("DORKER_HOME")
    if home:
        root = Path(home).expanduser()
        return Locations(root / "config", root / "data", root / "cache")
    import platformdirs  # only when not isolated: keeps the common test path import-light

    return Locations(
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
