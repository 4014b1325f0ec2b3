"""The typed configuration: one TOML file, overridden by `DORKER_*` environment variables.

The file is `DORKER_CONFIG` if set, else `config.toml` in the config folder (see dorker.paths).
Every key is documented under its field below and in docs/configuration.md. Unknown keys are an
error that names the file and line, so a typo never silently does nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from dorker.audit.settings import KEYS as AUDIT_KEYS
from dorker.audit.settings import AuditSettings, parse_audit_settings
from dorker.config_checks import (
    check_actor,
    check_proxy,
    check_urls,
    known_phone_region,
    refuse_if_readable_by_others,
)
from dorker.errors import ConfigError, Location
from dorker.paths import Locations, locations

__all__ = [
    "BraveSettings",
    "Config",
    "GoogleCSESettings",
    "ProvidersSettings",
    "SearxngSettings",
    "load_config",
]


@dataclass(frozen=True, slots=True)
class SearxngSettings:
    """A self-hosted SearXNG instance (the recommended automated path)."""

    url: str | None = None
    """Base URL of the instance, e.g. `http://127.0.0.1:8888`. Env: `DORKER_SEARXNG_URL`."""


@dataclass(frozen=True, slots=True)
class BraveSettings:
    """The Brave Search API."""

    api_key: str | None = field(default=None, repr=False)
    """Subscription token (a secret). Env: `DORKER_BRAVE_API_KEY`."""
    url: str | None = None
    """Base-URL override (tests, proxies). Env: `DORKER_BRAVE_URL`."""


@dataclass(frozen=True, slots=True)
class GoogleCSESettings:
    """Google Custom Search JSON API (closed to new customers; ends 2027-01-01)."""

    key: str | None = field(default=None, repr=False)
    """API key (a secret; it travels in the URL, so dorker redacts URLs).

    Env: `DORKER_GOOGLE_CSE_KEY`."""
    cx: str | None = None
    """Programmable Search Engine id. Env: `DORKER_GOOGLE_CSE_CX`."""
    url: str | None = None
    """Endpoint override. Env: `DORKER_GOOGLE_CSE_URL`."""


@dataclass(frozen=True, slots=True)
class ProvidersSettings:
    """Opt-in result providers. Nothing is fetched unless the user asks for a search."""

    searxng: SearxngSettings = field(default_factory=SearxngSettings)
    brave: BraveSettings = field(default_factory=BraveSettings)
    google_cse: GoogleCSESettings = field(default_factory=GoogleCSESettings)
    rate_limit: float = 1.0
    """Most requests per second to any one provider."""
    timeout: float = 20.0
    """Seconds before a provider request is given up."""
    cache_ttl: int = 86400
    """Seconds a provider response stays in the cache (the same search inside it sends nothing)."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything dorker reads from its config file and environment."""

    actor: str
    """Who is acting, recorded on every event. Env: `DORKER_ACTOR`; default: the OS user."""
    store: str
    """Store URL: `sqlite:///path` (default, under the data folder) or `postgresql://...`.

    Env: `DORKER_STORE`."""
    playbook_roots: tuple[Path, ...] = ()
    """Team playbook folders (`[playbooks] roots`): after the user's, before the bundled ones."""
    catalog_roots: tuple[Path, ...] = ()
    """Extra source-catalog folders (`[catalog] roots`), read after the bundled catalog."""
    default_engines: tuple[str, ...] = ("google", "bing", "duckduckgo")
    """Engines used when neither the command nor the playbook names any."""
    proxy: str | None = None
    """HTTP or SOCKS proxy for every provider request; nothing bypasses it. Env: `DORKER_PROXY`."""
    user_agent: str = "dorker"
    """User-Agent header sent by providers."""
    keymap: dict[str, str] = field(default_factory=dict)
    """TUI key remapping: binding id -> keys, e.g. `open-in-browser = "o"`."""
    providers: ProvidersSettings = field(default_factory=ProvidersSettings)
    """Opt-in providers: `[providers.searxng]`, `[providers.brave]`, `[providers.google_cse]`."""
    leads_region: str = "BD"
    """`[leads] region`: the country whose way of writing numbers `leads` assumes for a number
    written without +country code (two letters, e.g. BD, IN, PK, MY, SA)."""
    locations: Locations | None = None
    """The folders in use (not read from the file)."""
    source: Path | None = None
    """The config file that was read, if any."""
    language: str = "en"
    """Interface language of the terminal app, the CLI and reports: `en` (default) or `bn`.

    Env: `DORKER_LANG`. A language with no catalog falls back to English with one warning."""
    max_searches: int = 10
    """Searches per query and engine in a platform's search plan (`[platforms] max_searches`,
    1-1000); `--max-searches` on build, open and translate overrides it."""
    audit: AuditSettings = field(default_factory=AuditSettings)
    """The audit report's working hours, time zone and burst threshold (`[audit]`)."""

    @property
    def user_playbooks_dir(self) -> Path | None:
        """The user's own playbook folder (under the config folder)."""
        return self.locations.config_dir / "queries" if self.locations else None

    def has_secrets(self) -> bool:
        """Whether any API key is set."""
        return bool(self.providers.brave.api_key or self.providers.google_cse.key)


_TOP_KEYS = {
    "actor",
    "store",
    "default_engines",
    "proxy",
    "user_agent",
    "keymap",
    "playbooks",
    "catalog",
    "providers",
    "language",
    "platforms",
    "leads",
    "audit",
}


def load_config(environ: dict[str, str] | None = None) -> Config:
    """Read the config file (if any) and apply the environment over it."""
    env = dict(os.environ if environ is None else environ)
    locs = locations(env)
    explicit = env.get("DORKER_CONFIG")
    path = Path(explicit).expanduser() if explicit else locs.config_file
    raw: dict[str, Any] = {}
    text = ""
    if path.exists() or explicit:
        import tomllib  # only when there is a file to read (start-up time)

        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(
                "config file not found",
                where=Location(path),
                hint="fix DORKER_CONFIG or create the file",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file: {exc}", where=Location(path)) from None
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, col = _toml_position(str(exc))
            raise ConfigError(
                f"invalid TOML: {_strip_position(str(exc))}", where=Location(path, line, col)
            ) from None
    return _build(raw, text, path if raw or text else None, env, locs)


def _build(
    raw: dict[str, Any], text: str, path: Path | None, env: dict[str, str], locs: Locations
) -> Config:
    def where(key: str) -> Location:
        return Location(path, _line_of(text, key.rsplit(".", 1)[-1]), None, key)

    def check_keys(table: dict[str, Any], allowed: set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                full = f"{prefix}{key}"
                raise ConfigError(
                    f"unknown key {full!r}",
                    where=where(full),
                    hint=f"known keys here: {', '.join(sorted(allowed))}",
                )

    def get(table: dict[str, Any], key: str, kind: type | tuple[type, ...], prefix: str) -> Any:
        value = table.get(key)
        if value is not None and not isinstance(value, kind):
            names = (
                kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            )
            plain = {"int": "whole number", "str": "text", "float": "number", "list": "list",
                     "dict": "table", "bool": "true or false"}
            words = " or ".join(plain.get(n, n) for n in names.split(" or "))
            article = "" if words.startswith(("text", "true")) else (
                "an " if words[0] in "aeiou" else "a ")
            raise ConfigError(f"{prefix}{key} must be {article}{words}", where=where(prefix + key))
        return value

    def str_list(table: dict[str, Any], key: str, prefix: str) -> tuple[str, ...] | None:
        value = get(table, key, list, prefix)
        if value is None:
            return None
        if not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{prefix}{key} must be a list of strings", where=where(prefix + key))
        return tuple(value)

    def table(parent: dict[str, Any], key: str, prefix: str) -> dict[str, Any]:
        value = get(parent, key, dict, prefix)
        return value or {}

    check_keys(raw, _TOP_KEYS, "")
    base = path.parent if path else Path.cwd()

    def resolve(p: str) -> Path:
        candidate = Path(p).expanduser()
        return candidate if candidate.is_absolute() else base / candidate

    playbooks = table(raw, "playbooks", "")
    check_keys(playbooks, {"roots"}, "playbooks.")
    catalog = table(raw, "catalog", "")
    check_keys(catalog, {"roots"}, "catalog.")
    providers = table(raw, "providers", "")
    check_keys(
        providers,
        {"searxng", "brave", "google_cse", "rate_limit", "timeout", "cache_ttl"},
        "providers.",
    )
    sx = table(providers, "searxng", "providers.")
    check_keys(sx, {"url"}, "providers.searxng.")
    br = table(providers, "brave", "providers.")
    check_keys(br, {"api_key", "url"}, "providers.brave.")
    gc = table(providers, "google_cse", "providers.")
    check_keys(gc, {"key", "cx", "url"}, "providers.google_cse.")
    keymap = table(raw, "keymap", "")
    for k, v in keymap.items():
        if not isinstance(v, str):
            raise ConfigError(f"keymap.{k} must be a string of keys", where=where(f"keymap.{k}"))

    file_has_secret = bool(
        get(br, "api_key", str, "providers.brave.") or get(gc, "key", str, "providers.google_cse.")
    )
    if path is not None and file_has_secret:
        refuse_if_readable_by_others(path)

    def num(table_: dict[str, Any], key: str, default: float, prefix: str) -> float:
        value = get(table_, key, (int, float), prefix)
        if value is None:
            return default
        if value <= 0:
            raise ConfigError(f"{prefix}{key} must be positive", where=where(prefix + key))
        return float(value)

    provider_settings = ProvidersSettings(
        searxng=SearxngSettings(
            url=_first(env.get("DORKER_SEARXNG_URL"), get(sx, "url", str, "providers.searxng."))
        ),
        brave=BraveSettings(
            api_key=_first(
                env.get("DORKER_BRAVE_API_KEY"), get(br, "api_key", str, "providers.brave.")
            ),
            url=_first(env.get("DORKER_BRAVE_URL"), get(br, "url", str, "providers.brave.")),
        ),
        google_cse=GoogleCSESettings(
            key=_first(
                env.get("DORKER_GOOGLE_CSE_KEY"), get(gc, "key", str, "providers.google_cse.")
            ),
            cx=_first(env.get("DORKER_GOOGLE_CSE_CX"), get(gc, "cx", str, "providers.google_cse.")),
            url=_first(
                env.get("DORKER_GOOGLE_CSE_URL"), get(gc, "url", str, "providers.google_cse.")
            ),
        ),
        rate_limit=num(providers, "rate_limit", 1.0, "providers."),
        timeout=num(providers, "timeout", 20.0, "providers."),
        cache_ttl=int(num(providers, "cache_ttl", 86400, "providers.")),
    )
    check_urls(provider_settings, env, where)
    check_proxy(_first(env.get("DORKER_PROXY"), get(raw, "proxy", str, "")), env, where)
    engines = str_list(raw, "default_engines", "")
    platforms = table(raw, "platforms", "")
    check_keys(platforms, {"max_searches"}, "platforms.")
    max_searches = get(platforms, "max_searches", int, "platforms.")
    if max_searches is not None and (isinstance(max_searches, bool)
                                     or not 1 <= max_searches <= 1000):
        raise ConfigError("platforms.max_searches must be a whole number from 1 to 1000",
                          where=where("platforms.max_searches"))
    leads = table(raw, "leads", "")
    check_keys(leads, {"region"}, "leads.")
    leads_region = get(leads, "region", str, "leads.") or "BD"
    if not re.fullmatch(r"[A-Za-z]{2}", leads_region):
        raise ConfigError("leads.region must be a two-letter country code such as BD",
                          where=where("leads.region"))
    if "region" in leads and not known_phone_region(leads_region):
        raise ConfigError(f"leads.region {leads_region!r} is not a region phone numbers are "
                          "known for; set it to a two-letter country code such as BD, IN, PK, "
                          "MY or SA", where=where("leads.region"))
    audit = table(raw, "audit", "")
    check_keys(audit, set(AUDIT_KEYS), "audit.")
    return Config(
        actor=check_actor(
            _first(env.get("DORKER_ACTOR"), get(raw, "actor", str, "")) or _os_user()
        ),
        store=_first(env.get("DORKER_STORE"), get(raw, "store", str, ""))
        or f"sqlite:///{locs.store_file}",
        playbook_roots=tuple(
            resolve(p) for p in (str_list(playbooks, "roots", "playbooks.") or ())
        ),
        catalog_roots=tuple(resolve(p) for p in (str_list(catalog, "roots", "catalog.") or ())),
        default_engines=engines
        if engines
        else Config.__dataclass_fields__["default_engines"].default,  # type: ignore[arg-type]
        proxy=_first(env.get("DORKER_PROXY"), get(raw, "proxy", str, "")),
        user_agent=get(raw, "user_agent", str, "") or "dorker",
        keymap=dict(keymap),
        providers=provider_settings,
        leads_region=leads_region.upper(),
        locations=locs,
        source=path,
        language=_first(env.get("DORKER_LANG"), get(raw, "language", str, "")) or "en",
        max_searches=max_searches or 10,
        audit=parse_audit_settings(audit, where),
    )


def _first(env_value: str | None, file_value: str | None) -> str | None:
    """The environment wins over the file; the file value was still type-checked."""
    return env_value or file_value


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still record something honest
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(
        rf"^[ \t]*\"?{re.escape(key)}\"?[ \t]*=|^[ \t]*\[.*\b{re.escape(key)}\]", re.M
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _toml_position(message: str) -> tuple[int | None, int | None]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def _strip_position(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message)


# Keep the documented field list and the accepted keys in step (checked by a test).
DOCUMENTED_FIELDS = tuple(f.name for f in fields(Config))
