"""`audit show SEQ`: one event in full, as indented terminal-safe text or as JSON.

The text form lists the envelope (time, actor, case, kind, hashes, the database login in team
mode) and then every payload field as an indented tree; nothing is cut, and every string is shown
literally with control characters escaped. The JSON form is the `audit log --format jsonl` shape
of the event, plus `db_user` when the store records one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from dorker.audit.summary import summarize
from dorker.i18n import _
from dorker.store.events import Event
from dorker.textsafe import printable

__all__ = ["event_json", "event_text"]


def event_json(event: Event, db_user: str | None = None) -> dict[str, Any]:
    """The event as JSON (every field), with the database login when known."""
    data = event.to_json()
    if db_user is not None:
        data["db_user"] = db_user
    return data


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return printable(value) if value else '""'
    return json.dumps(value)


def _tree(value: Any, indent: str) -> Iterator[str]:
    if isinstance(value, Mapping):
        if not value:
            yield f"{indent}{{}}"
        for key, item in value.items():
            label = f"{indent}{printable(str(key))}:"
            if isinstance(item, (Mapping, list)) and item:
                yield label
                yield from _tree(item, indent + "  ")
            elif isinstance(item, list):
                yield f"{label} []"
            elif isinstance(item, Mapping):
                yield f"{label} {{}}"
            else:
                yield f"{label} {_scalar(item)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (Mapping, list)) and item:
                lines = list(_tree(item, indent + "  "))
                yield f"{indent}- {lines[0].lstrip()}"
                yield from lines[1:]
            else:
                yield f"{indent}- {_scalar(item)}"
    else:
        yield f"{indent}{_scalar(value)}"


def event_text(event: Event, db_user: str | None = None) -> list[str]:
    """Every field of `event`, one per line (payload as an indented tree)."""
    rows = [
        (_("time"), f"{event.ts} (UTC)"),
        (_("actor"), printable(event.actor)),
        (_("case"), event.case_id or _("none")),
        (_("kind"), printable(event.action)),
        (_("summary"), summarize(event.action, event.payload, width=400)),
        (_("hash"), event.hash),
        (_("previous"), event.prev_hash),
    ]
    if db_user is not None:
        rows.append((_("db login"), printable(db_user)))
    from dorker.textwidth import cell_width, ljust

    width = max(cell_width(label) for label, _value in rows)
    lines = [_("event {seq}").format(seq=event.seq)]
    lines += [f"  {ljust(label, width)}  {value}" for label, value in rows]
    lines.append(_("payload"))
    lines += list(_tree(dict(event.payload), "  "))
    return lines
