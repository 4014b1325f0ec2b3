"""The case's searches as the report shows them: read from `query.opened` and `search.run`
events, grouped by playbook (raw dorks apart) and then by engine, each with a short label for
its URL and the details (playbook version and hash, variables, plan search) that fold open.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from dorker.coverage import QUERY_OPENED, SEARCH_RUN
from dorker.store.events import Event

__all__ = ["HANDED_OVER", "group_searches", "is_search", "link_url", "search_entry", "url_label"]

HANDED_OVER = "handed to the investigator"
_LABEL_MAX = 48


def link_url(url: Any) -> str | None:
    """`url` when it may be a link (http or https only: never `javascript:`), else None."""
    return _link_and_label(url)[0]


def url_label(url: Any) -> str:
    """A short label for a URL: host without `www.` and the start of the path."""
    return _link_and_label(url)[1]


def _link_and_label(url: Any) -> tuple[str | None, str]:
    """(the URL if it may be a link, its short label), from one parse."""
    if not isinstance(url, str) or not url:
        return None, ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None, url[:_LABEL_MAX]
    link = url if parts.scheme.lower() in ("http", "https") else None
    host = (parts.hostname or "").removeprefix("www.")
    label = host + (parts.path if parts.path not in ("", "/") else "") if host else url
    return link, label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def search_entry(event: Event) -> dict[str, Any]:
    """One recorded search as plain data."""
    p = event.payload
    link, label = _link_and_label(p.get("url"))
    fetched = event.action == SEARCH_RUN
    outcome: Mapping[str, Any] = (p.get("outcome") or {}) if fetched else {}
    playbook = p.get("playbook")
    return {
        "seq": event.seq,
        "ts": event.ts,
        "actor": event.actor,
        "action": event.action,
        "fetched": fetched,
        "how": f"{p.get('provider')} page {p.get('page')}" if fetched else p.get("how"),
        "status": outcome.get("status", HANDED_OVER) if fetched else HANDED_OVER,
        "message": outcome.get("message") if fetched else None,
        "results": len(outcome.get("results") or ()),
        "engine": str(p.get("engine") or "?"),
        "provider": p.get("provider"),
        "query": p.get("query"),
        "url": p.get("url"),
        "link": link,
        "label": label,
        "playbook": playbook,
        "version": p.get("playbook_version"),
        "sha256": p.get("playbook_sha256"),
        "query_id": p.get("query_id"),
        "pattern": p.get("pattern"),
        "sources": [str(s) for s in p.get("sources") or ()],
        "variables": {str(k): _value_text(v) for k, v in (p.get("variables") or {}).items()},
        "dork": p.get("dork") if not playbook else None,
        "search_id": str(p["search_id"]) if p.get("search_id") else None,
        "plan_engine": str(p.get("plan_engine") or p.get("engine")) if p.get("search_id") else None,
        "plan": str(p["search_id"]).rpartition("#")[2] if p.get("search_id") else None,
        "command_id": p.get("command_id"),
        "diagnostics": [
            {"severity": str(d.get("severity", "")), "message": str(d.get("message", ""))}
            for d in p.get("diagnostics") or ()
            if isinstance(d, dict)
        ],
    }


def _value_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def group_searches(
    searches: list[dict[str, Any]], engine_kinds: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Playbook groups in order of first use, raw dorks last; engines inside in order of use.

    Each group: {"playbook", "versions": [{"version", "sha256"}], "count", "engines": [{"engine",
    "kind", "searches": [...]}]}; `playbook` is None for the raw dorks.
    """
    groups: dict[str | None, dict[str, Any]] = {}
    for search in searches:
        key = search["playbook"] or None
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"playbook": key, "versions": [], "count": 0, "engines": {}}
        group["count"] += 1
        stamp = {"version": search["version"], "sha256": search["sha256"]}
        if key is not None and stamp not in group["versions"]:
            group["versions"].append(stamp)
        engine = search["engine"]
        engines = group["engines"]
        if engine not in engines:
            engines[engine] = {"engine": engine, "kind": engine_kinds.get(engine, "web"),
                               "searches": []}
        engines[engine]["searches"].append(search)
    ordered = [g for k, g in groups.items() if k is not None]
    if None in groups:
        ordered.append(groups[None])
    for group in ordered:
        group["engines"] = list(group["engines"].values())
    return ordered


def is_search(event: Event) -> bool:
    """A search handed to the investigator or run through a provider."""
    return event.action in (QUERY_OPENED, SEARCH_RUN)
