"""Checks of configuration values: web addresses, the proxy, the actor name, the config file's
mode when it holds a key, and the phone region (each a one-line `ConfigError`, never a
traceback). `dorker.config` calls them while it builds the `Config`."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dorker.errors import ConfigError, Location

if TYPE_CHECKING:
    from dorker.config import ProvidersSettings

__all__ = [
    "check_actor",
    "check_proxy",
    "check_urls",
    "known_phone_region",
    "refuse_if_readable_by_others",
]


def check_urls(providers: ProvidersSettings, env: dict[str, str], where: Any) -> None:
    """Provider base URLs must be readable web addresses (one line, never a traceback)."""
    from dorker.weburl import split_url

    checks = (
        ("DORKER_SEARXNG_URL", "providers.searxng.url", providers.searxng.url),
        ("DORKER_BRAVE_URL", "providers.brave.url", providers.brave.url),
        ("DORKER_GOOGLE_CSE_URL", "providers.google_cse.url", providers.google_cse.url),
    )
    for env_name, key, value in checks:
        if not value:
            continue
        try:
            split_url(value)
        except ValueError as exc:
            origin = Location(None, None, None, env_name) if env.get(env_name) else where(key)
            raise ConfigError(
                f"{key} is not a web address: {exc}",
                where=origin,
                hint="e.g. http://127.0.0.1:8888",
            ) from None


def check_proxy(proxy: str | None, env: dict[str, str], where: Any) -> None:
    if not proxy:
        return
    from dorker.weburl import split_url

    try:
        split_url(proxy, schemes=("http", "https", "socks5", "socks5h", "socks4"))
    except ValueError as exc:
        origin = (
            Location(None, None, None, "DORKER_PROXY")
            if env.get("DORKER_PROXY")
            else where("proxy")
        )
        raise ConfigError(
            f"the proxy is not usable: {exc}",
            where=origin,
            hint="e.g. socks5h://127.0.0.1:9050 or http://proxy:3128",
        ) from None


def check_actor(actor: str) -> str:
    if (
        len(actor) > 200
        or not actor.strip()
        or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in actor)
    ):
        raise ConfigError(
            "the actor name must be 1-200 printable characters",
            hint="set DORKER_ACTOR or actor in the config to your name or badge number",
        )
    return actor


def refuse_if_readable_by_others(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            "config file holds an API key but other users can read it",
            where=Location(path),
            hint=f"run: chmod 600 {path}, or move the key to an environment variable",
        )


def known_phone_region(code: str) -> bool:
    """Whether phonenumbers knows how numbers are written in `code` (read only when the config
    sets `[leads] region`: the default BD needs no check, and no import)."""
    import phonenumbers

    return code.upper() in phonenumbers.SUPPORTED_REGIONS
