"""One short, terminal-safe line per event, written for its kind — never a whole payload.

`audit log` shows these ("search searxng/google · "free visa" site:bikroy.com · 10 results ·
from cache"); `audit show SEQ` and `--format jsonl|csv` give everything. Kinds this module does
not know (added by later parts) get their few scalar fields, each cut short.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dorker.i18n import _, ngettext
from dorker.textsafe import printable

__all__ = ["SEP", "clip", "summarize"]

SEP = " · "
_QUERY = 80
_NOTE = 48
_VALUE = 40

Payload = Mapping[str, Any]


def clip(value: Any, limit: int) -> str:
    """`value` as one terminal-safe line of at most `limit` characters (… marks a cut)."""
    text = "" if value is None else str(value)
    if not text.isprintable():  # (printable text, the usual case, has nothing to escape)
        text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(value: Any, limit: int = _NOTE) -> str:
    return f"“{clip(value, limit)}”"


def _target(p: Payload) -> str | None:
    """Which planned search this was: the plan search id, else PLAYBOOK:QUERY."""
    if p.get("search_id"):
        return clip(p["search_id"], _VALUE)
    if p.get("playbook"):
        qid = p.get("query_id")
        return clip(f"{p['playbook']}:{qid}" if qid else p["playbook"], _VALUE)
    return None


def _search_run(p: Payload) -> list[str]:
    outcome: Payload = p["outcome"] if isinstance(p.get("outcome"), Mapping) else {}
    where = "/".join(clip(v, 20) for v in (p.get("provider"), p.get("engine")) if v)
    parts = [_("search {where}").format(where=where).strip(),
             clip(p.get("query") or p.get("dork"), _QUERY)]
    status = outcome.get("status")
    results = outcome.get("results")
    if status in (None, "ok"):
        found = len(results) if isinstance(results, list) else 0
        parts.append(ngettext("{count} result", "{count} results", found).format(
            count=f"{found:,}"))
    else:
        parts.append(clip(status, 20))
    page = p.get("page")
    if isinstance(page, int) and page > 1:
        parts.append(_("page {page}").format(page=page))
    request: Payload = (outcome["request"] if isinstance(outcome.get("request"), Mapping)
                        else {})
    if request.get("from_cache"):
        parts.append(_("from cache"))
    return parts


def _query_opened(p: Payload) -> list[str]:
    parts = [_("open {engine}").format(engine=clip(p.get("engine"), 20)),
             clip(p.get("query") or p.get("dork"), _QUERY)]
    if p.get("how"):
        parts.append(clip(p["how"], 12))
    target = _target(p)
    if target:
        parts.append(target)
    return parts


def _case_created(p: Payload) -> list[str]:
    parts = [_("new case {title}").format(title=_quoted(p.get("title"), _QUERY))]
    patterns = p.get("patterns")
    if isinstance(patterns, list) and patterns:
        parts.append(clip(", ".join(str(x) for x in patterns), _QUERY))
    return parts


def _source_added(p: Payload) -> list[str]:
    parts = [_("source {source}").format(source=clip(p.get("id") or p.get("url"), _QUERY))]
    if p.get("name"):
        parts.append(clip(p["name"], _VALUE))
    return parts


def _source_checked(p: Payload) -> list[str]:
    parts = [_("checked {source}").format(source=clip(p.get("source"), _VALUE)),
             clip(p.get("outcome"), 16)]
    if p.get("query"):
        parts.append(_("for {query}").format(query=clip(p["query"], _VALUE)))
    if p.get("note"):
        parts.append(_quoted(p["note"]))
    return parts


def _reviewed(p: Payload) -> list[str]:
    parts = [_("review {url}").format(url=clip(p.get("url"), _QUERY)), clip(p.get("verdict"), 16)]
    if p.get("note"):
        parts.append(_quoted(p["note"]))
    tags = p.get("tags")
    if isinstance(tags, list) and tags:
        parts.append(clip(" ".join(f"#{t}" for t in tags), _VALUE))
    return parts


def _evidence(p: Payload) -> list[str]:
    parts = [_("evidence {file}").format(file=clip(p.get("file"), _VALUE))]
    if isinstance(p.get("size"), int):
        parts.append(ngettext("{count} byte", "{count} bytes", p["size"]).format(
            count=f"{p['size']:,}"))
    if p.get("sha256"):
        parts.append(f"sha256 {clip(p['sha256'], 64)[:12]}…")
    if p.get("url"):
        parts.append(_("from {url}").format(url=clip(p["url"], _VALUE)))
    return parts


def _export(p: Payload) -> list[str]:
    return [_("export {what}").format(what=clip(p.get("what"), _VALUE)),
            f"→ {clip(p.get('destination'), _QUERY)}"]


def _migrated(p: Payload) -> list[str]:
    events: int = p["events"] if isinstance(p.get("events"), int) else 0
    counted = ngettext("{count} event", "{count} events", events).format(count=f"{events:,}")
    return [_("migrated {events}").format(events=counted),
            _("from {url}").format(url=clip(p.get("source"), _VALUE)),
            _("source head {head}…").format(head=clip(p.get("source_head"), 20))]


def _generic(p: Payload) -> list[str]:
    parts: list[str] = []
    for key, value in p.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        if isinstance(value, Mapping):
            shown = "{…}"
        elif isinstance(value, list):
            shown = ngettext("{count} item", "{count} items", len(value)).format(
                count=f"{len(value):,}")
        else:
            shown = clip(value, _VALUE)
        parts.append(f"{clip(key, 20)}={shown}")
        if len(parts) == 6:
            break
    return parts


_BY_ACTION: dict[str, Callable[[Payload], list[str]]] = {
    "search.run": _search_run,
    "query.opened": _query_opened,
    "case.created": _case_created,
    "source.added": _source_added,
    "source.checked": _source_checked,
    "result.reviewed": _reviewed,
    "evidence.added": _evidence,
    "export": _export,
    "store.migrated": _migrated,
}


def summarize(action: str, payload: Payload, *, width: int = 160) -> str:
    """The one-line summary of an event of kind `action` (terminal-safe, at most `width`)."""
    describe = _BY_ACTION.get(action, _generic)
    try:
        parts = describe(payload)
    except (TypeError, ValueError, AttributeError):  # an odd payload still gets a line
        parts = _generic(payload)
    return clip(SEP.join(p for p in parts if p), width)
