"""The checks behind `dorker doctor`, each one a Finding: ok, fixed, warning or problem.

Never prints a secret: for API keys it says whether one is set and where from; URLs lose their
user name and password. Read-only unless `fix` is given, and then it changes only permissions
(group and other bits off) and lets diskcache repair its own index.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dorker.config import Config
from dorker.private import exposed_paths, fix_paths, posix

__all__ = ["Finding", "private_roots", "run_checks"]

CACHE_FOLDERS = ("responses", "ratelimit", "reviewed")
"""The diskcache folders under the cache folder."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's outcome. `status` is ok, fixed, warning or problem."""

    check: str
    status: str
    message: str
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"check": self.check, "status": self.status, "message": self.message,
                "hint": self.hint}


def private_roots(config: Config) -> list[Path]:
    """Every folder and file dorker keeps case data or settings in (for checks and fixes)."""
    roots: list[Path] = []
    home = os.environ.get("DORKER_HOME")
    if home:
        roots.append(Path(home).expanduser())
    if config.locations is not None:
        loc = config.locations
        roots += [loc.config_dir, loc.data_dir, loc.cache_dir]
    if config.store.startswith("sqlite:///"):
        from dorker.store.url import sqlite_path

        path, _ = sqlite_path(config.store)
        roots += [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                  path.parent / "evidence"]
    if config.source is not None:
        roots.append(config.source)
    unique: dict[Path, None] = {}
    for root in roots:
        if not any(root == r or r in root.parents for r in unique):
            unique[root] = None
    return list(unique)


def _permissions(config: Config, fix: bool) -> Iterator[Finding]:
    if not posix():
        yield Finding("permissions", "ok", "not a POSIX system: file modes are not checked")
        return
    roots = private_roots(config)
    loose = exposed_paths(roots)
    if not loose:
        shown = ", ".join(str(r) for r in roots if r.exists()) or "nothing yet"
        yield Finding("permissions", "ok", f"owner-only: {shown}")
        return
    sample = "; ".join(str(e) for e in loose[:3]) + (f"; and {len(loose) - 3} more"
                                                     if len(loose) > 3 else "")
    if not fix:
        yield Finding("permissions", "problem",
                      f"{len(loose)} path(s) other users can reach: {sample}",
                      hint="fix with: dorker doctor --fix")
        return
    changed, problems = fix_paths(roots)
    if problems:
        yield Finding("permissions", "problem",
                      f"made {changed} path(s) owner-only, but not: {'; '.join(problems[:3])}",
                      hint="check who owns these files")
    else:
        yield Finding("permissions", "fixed", f"made {changed} path(s) owner-only ({sample})")


def _umask() -> Iterator[Finding]:
    if not posix():
        return
    current = os.umask(0o077)
    os.umask(current)
    if current & 0o077 != 0o077:
        yield Finding("umask", "ok", f"your umask is {current:03o}; dorker still creates its "
                                     "files owner-only (0600, folders 0700)")


def _store(config: Config) -> Iterator[Finding]:
    from dorker.errors import DorkerError
    from dorker.store.url import open_store
    from dorker.store.verify import scan_chain

    try:
        store = open_store(config.store)
    except DorkerError as exc:
        yield Finding("store", "problem", str(exc))
        return
    with store:
        try:
            head = store.head()
            _checked, _good, problem = scan_chain(store)
        except DorkerError as exc:
            yield Finding("store", "problem", f"{store.url}: {exc}")
            return
        events = head.seq if head else 0
        if problem is not None:
            yield Finding("store", "problem", f"{store.url}: the chain fails at event "
                                              f"{problem.seq}: {problem.message}",
                          hint="run: dorker audit verify")
        else:
            yield Finding("store", "ok", f"{store.url}: {events} events, chain intact"
                                         + (f", head {head}" if head else ""))
        yield from _evidence(store)
        yield from _backend(store)


def _evidence(store: Any) -> Iterator[Finding]:
    """The evidence copies the record names, re-hashed (as `dorker audit verify` does)."""
    from dorker.store.evidence import check_evidence

    copies, problems = check_evidence(store)
    for bad in problems:
        yield Finding("evidence", "problem", f"event {bad.seq}: {bad.message}",
                      hint="restore the copy from the original file or a backup; run: dorker "
                           "audit verify")
    if not problems:
        yield Finding("evidence", "ok", f"{copies} evidence copies match their SHA-256")


def _backend(store: Any) -> Iterator[Finding]:
    import sqlite3

    from dorker.errors import DorkerError

    con = getattr(store, "_con", None)
    if isinstance(con, sqlite3.Connection):
        try:
            result = con.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.Error as exc:
            result = str(exc)
        if result == "ok":
            yield Finding("store file", "ok", "SQLite quick_check: ok")
        else:
            yield Finding("store file", "problem", f"SQLite quick_check: {result}",
                          hint="restore the store from a backup")
        return
    try:
        writes = store.can_append()
    except DorkerError as exc:
        yield Finding("team store", "problem", str(exc))
        return
    role = "investigator (may append)" if writes else "read-only (an auditor)"
    yield Finding("team store", "ok", f"logged in as {store.session_user}: {role}")
    team = getattr(store, "team_evidence", None)
    if callable(team) and not team():
        yield Finding("team evidence", "warning",
                      "this team store has no shared evidence table yet: evidence stays on "
                      "each machine",
                      hint="the store's owner runs: dorker store migrate")


def _caches(config: Config, fix: bool) -> Iterator[Finding]:
    if config.locations is None:
        return
    import diskcache  # type: ignore[import-untyped]

    for name in CACHE_FOLDERS:
        folder = config.locations.cache_dir / name
        if not (folder / "cache.db").exists():
            continue
        try:
            with diskcache.Cache(str(folder)) as cache:
                import warnings

                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    cache.check(fix=fix)
                entries = len(cache)
                size = cache.volume()
        except Exception as exc:  # a broken cache is a finding, never a crash
            yield Finding(f"cache {name}", "problem", f"{folder}: {exc}",
                          hint=f"delete the folder (it is only a cache): rm -r {folder}")
            continue
        if caught:
            status = "fixed" if fix else "warning"
            many = "inconsistency" if len(caught) == 1 else "inconsistencies"
            yield Finding(f"cache {name}", status,
                          f"{folder}: {len(caught)} {many} ({caught[0].message})",
                          hint=None if fix else "repair with: dorker doctor --fix")
        else:
            yield Finding(f"cache {name}", "ok", f"{entries} entries, {size:,} bytes")


def _redact(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "(not a URL)"
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=host, query="", fragment=""))


def _providers(config: Config) -> Iterator[Finding]:
    p = config.providers
    env = os.environ
    if p.searxng.url:
        yield Finding("provider searxng", "ok", f"at {_redact(p.searxng.url)}")
    if p.brave.api_key:
        where = "environment" if env.get("DORKER_BRAVE_API_KEY") else "config file"
        yield Finding("provider brave", "ok", f"API key set (from the {where}; not shown)")
    if p.google_cse.key or p.google_cse.cx:
        if p.google_cse.key and p.google_cse.cx:
            yield Finding("provider google-cse", "warning",
                          "API key (not shown) and engine id set; Google ends this API on "
                          "2027-01-01", hint="plan a move to SearXNG or Brave")
        else:
            yield Finding("provider google-cse", "problem",
                          "needs both a key and an engine id (cx)",
                          hint="set DORKER_GOOGLE_CSE_KEY and DORKER_GOOGLE_CSE_CX")
    if not (p.searxng.url or p.brave.api_key or p.google_cse.key):
        yield Finding("providers", "ok", "none set: dorker fetches nothing (open searches in "
                                         "the browser, or set DORKER_SEARXNG_URL)")
    if config.proxy:
        yield Finding("proxy", "ok", f"every provider request goes through {_redact(config.proxy)}")
    if config.source is not None and config.has_secrets() and posix():
        mode = stat.S_IMODE(config.source.stat().st_mode)
        yield Finding("config file", "ok", f"{config.source} holds a key and is {mode:04o}")


def run_checks(config: Config, *, fix: bool = False) -> list[Finding]:
    """Every check, in the order `dorker doctor` prints them."""
    findings = [*_permissions(config, fix), *_umask(), *_store(config), *_caches(config, fix),
                *_providers(config)]
    return findings
