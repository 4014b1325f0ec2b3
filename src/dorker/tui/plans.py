"""Search plans in the app: a platform's compiled query as one preview row per plan search.

No Textual here: the service adapter builds these rows and the builder's preview shows them.
The first row of a plan carries the compiler's diagnostics; each row can be opened on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dorker.tui.models import CompiledRow

if TYPE_CHECKING:
    from dorker.store.base import EventStore

__all__ = ["opened_plan_searches", "plan_rows", "search_prefix", "with_opened"]

_OPENED = "query.opened"


def search_prefix(search_id: str | None) -> str:
    """`PLAYBOOK:QUERY` of a plan search id (empty for a raw dork's `#N`)."""
    return (search_id or "").rpartition("#")[0]


def plan_rows(row: CompiledRow, searches: Sequence[Any], prefix: str) -> list[CompiledRow]:
    """`row` alone when there is no plan, else one row per plan search (diagnostics on the
    first). `prefix` is `PLAYBOOK:QUERY`, or empty for a raw dork."""
    if not searches:
        return [row]
    size = len(searches)
    return [
        replace(row, engine=search.engine, query=search.query, url=search.url,
                diagnostics=row.diagnostics if n == 0 else (),
                search_id=search.id(prefix), plan_engine=row.engine, plan_size=size,
                plan_position=n + 1)
        for n, search in enumerate(searches)
    ]


def plan_key(plan_engine: str | None, search_id: str, dork: object) -> tuple[str | None, str]:
    """Which plan a search belongs to: (platform, `PLAYBOOK:QUERY`); a raw dork's plan ids are
    `#N` whatever the dork, so its key is `dork:DORK`."""
    return plan_engine, search_prefix(search_id) or f"dork:{dork}"


def opened_plan_searches(store: EventStore,
                         case_id: str) -> dict[tuple[str | None, str], set[str]]:
    """The plan searches opened for a case: plan key (`plan_key`) -> search ids."""
    from dorker.store.base import EventFilter

    out: dict[tuple[str | None, str], set[str]] = {}
    for event in store.iter_events(EventFilter(case_id=case_id, action=_OPENED)):
        search_id = event.payload.get("search_id")
        if isinstance(search_id, str):
            key = plan_key(event.payload.get("plan_engine"), search_id,
                           event.payload.get("dork"))
            out.setdefault(key, set()).add(search_id)
    return out


def with_opened(rows: list[CompiledRow],
                opened: dict[tuple[str | None, str], set[str]]) -> list[CompiledRow]:
    """Plan rows with how many of their plan's searches `opened` holds."""
    return [replace(r, plan_opened=len(opened.get(plan_key(r.plan_engine, r.search_id,
                                                           r.title), ())))
            if r.search_id else r for r in rows]
