"""Search plans in the app: a platform's compiled query as one preview row per plan search.

No Textual here: the service adapter builds these rows and the builder's preview shows them.
The first row of a plan carries the compiler's diagnostics; each row can be opened on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dorker.tui.models import CompiledRow

__all__ = ["plan_rows", "search_prefix"]


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
                search_id=search.id(prefix), plan_engine=row.engine, plan_size=size)
        for n, search in enumerate(searches)
    ]
