"""The one place the terminal app touches the core: playbooks, engines, catalog, store, search.

Every method here is blocking and is called from a thread worker, never from a handler. Where the
core has no finished API yet, the adapter says so in its docstring (`ADAPTER:`) so the wiring can
be fixed in this one place. `Services` is made of one part per kind of work, each in its own
module: dorker.tui.services_playbooks (playbooks, engines, building), services_catalog (the
source catalog), services_record (cases, checks, history), services_results (verdicts, result
pages) over services_base (the shared state and store). Nothing here imports Textual.
"""

from __future__ import annotations

from typing import Any

from dorker.tui.services_catalog import CatalogServices
from dorker.tui.services_playbooks import PlaybookServices
from dorker.tui.services_record import RecordServices
from dorker.tui.services_results import ResultServices

__all__ = ["Services"]


class Services(PlaybookServices, CatalogServices, RecordServices, ResultServices):
    """The core as the terminal app sees it (blocking calls; use them from thread workers)."""

    def coverage_matrix(self, case_id: str) -> dict[str, Any]:
        """The case's sources × playbook queries, as the case report draws it
        (`dorker.report.matrix.build_matrix`): catalog rows, the case's playbooks, the record."""
        from dorker.coverage import PlannedQuery, case_coverage
        from dorker.report.matrix import build_matrix
        from dorker.store.cases import get_case

        sources = self.sources()
        with self._lock:
            case = get_case(self._open(), case_id)
        if case is None:
            raise LookupError(f"no case {case_id}")
        wanted = set(case.patterns)
        queries = [PlannedQuery(f"{pb.id}:{q.id}", pb.pattern, tuple(q.sources), q.title)
                   for summary in self.playbooks() if not wanted or summary.pattern in wanted
                   for pb in (self._playbook(summary.id),) for q in pb.queries]
        with self._lock:
            coverage = case_coverage(self._open(), case, sources, queries)
        return build_matrix(coverage)
