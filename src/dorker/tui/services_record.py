"""The record for the terminal app: cases, the current case, what was opened and checked, the
history, the chain check and the JSONL export.

Part of `dorker.tui.services.Services` (blocking; used from thread workers). What it records
uses the CLI's payloads. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dorker.store.events import new_command_id
from dorker.tui.models import (
    ACTION_CHECKED,
    ACTION_OPENED,
    OUTCOMES,
    CaseInfo,
    CheckInfo,
    CompiledRow,
    EventRow,
    HistoryFilter,
    PlaybookInfo,
)
from dorker.tui.services_base import ServicesBase

__all__ = ["RecordServices"]


class RecordServices(ServicesBase):
    """Cases, checks, opened queries and the history (part of `Services`)."""

    def is_empty(self) -> bool:
        """True when the record holds no event yet (first launch)."""
        from dorker.store.base import EventFilter

        with self._lock:
            return int(self._open().count(EventFilter())) == 0

    def cases(self) -> list[CaseInfo]:
        """Every case, oldest first."""
        from dorker.store.cases import list_cases

        with self._lock:
            found = list_cases(self._open())
        return [CaseInfo(c.id, c.title, c.patterns, c.created_at, c.created_by, c.checks)
                for c in found]

    def create_case(self, title: str, patterns: Sequence[str] = ()) -> CaseInfo:
        """Record a new case and make it current."""
        from dorker.store.cases import create_case

        with self._lock:
            event = create_case(self._open(), title, list(patterns), actor=self.actor)
        self.use_case(str(event.case_id))
        return CaseInfo(str(event.case_id), title.strip(), tuple(patterns), event.ts, event.actor)

    def current_case(self) -> CaseInfo | None:
        """The current case (personal working state), if it exists in the record."""
        from dorker.store.cases import get_case, normalise_case_id
        from dorker.store.session import read_current_case

        current = read_current_case(self.config)
        if current is None:
            return None
        with self._lock:
            case = get_case(self._open(), normalise_case_id(current))
        if case is None:
            return None
        return CaseInfo(case.id, case.title, case.patterns, case.created_at, case.created_by,
                        case.checks)

    def use_case(self, case_id: str) -> None:
        """Make `case_id` current (no event: working state, like `dorker case use`)."""
        from dorker.store.session import write_current_case

        write_current_case(self.config, case_id)

    def record_open(self, case_id: str | None, row: CompiledRow,
                    playbook: PlaybookInfo | None, how: str = "browser") -> int:
        """Record that a compiled query was handed over (`how`: browser or copied).

        The payload has the fields of `dorker open` (`dorker.targets.SearchItem.record`), so
        coverage and reports read both alike.
        """
        payload: dict[str, Any] = {"engine": row.engine, "query": row.query, "url": row.url}
        if playbook is None:
            payload["dork"] = row.title  # the dork as typed (as `dorker open` records it)
        else:
            payload.update({
                "playbook": playbook.id, "playbook_version": playbook.version,
                "playbook_sha256": playbook.sha256, "query_id": row.query_id,
                "pattern": playbook.pattern, "sources": list(row.sources),
                "variables": {k: list(v) for k, v in row.variables.items()},
            })
        if row.search_id:
            payload.update({"search_id": row.search_id, "plan_engine": row.plan_engine})
        payload.update({"how": how, "via": "tui", "command_id": new_command_id()})
        with self._lock:
            return int(self._open().append(ACTION_OPENED, payload, actor=self.actor,
                                           case_id=case_id).seq)

    def record_check(self, case_id: str, source_id: str, outcome: str,
                     note: str | None = None, query: str | None = None) -> CheckInfo:
        """Record that a source was checked for a case (same payload as `dorker check`)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self._lock:
            event = self._open().append(ACTION_CHECKED, {"source": source_id, "outcome": outcome,
                                                         "query": query, "note": note},
                                        actor=self.actor, case_id=case_id)
        return CheckInfo(outcome, event.actor, event.ts, note)

    def coverage(self, case_id: str) -> dict[str, CheckInfo]:
        """The latest check of each source in a case."""
        from dorker.store.base import EventFilter

        out: dict[str, CheckInfo] = {}
        with self._lock:
            for event in self._open().iter_events(EventFilter(case_id=case_id,
                                                              action=ACTION_CHECKED)):
                p = event.payload
                out[str(p.get("source"))] = CheckInfo(str(p.get("outcome")), event.actor,
                                                      event.ts, p.get("note"))
        return out

    @staticmethod
    def _spec(where: HistoryFilter) -> Any:
        """The store filter for the history filter (`source` means every `source.*` action)."""
        from dorker.store.base import EventFilter
        from dorker.store.display import parse_time_bound

        since = parse_time_bound(where.since, upper=False, option="since") if where.since else None
        until = parse_time_bound(where.until, upper=True, option="until") if where.until else None
        action = where.action
        if action and not action.endswith("*") and "." not in action:
            action += "*"  # a family (`case` is case.*); also the dot-less `export`
        return EventFilter(case_id=where.case_id or None, actor=where.actor or None,
                           action=action or None, since=since, until=until)

    def events(self, where: HistoryFilter, limit: int = 2000) -> list[EventRow]:
        """Events matching `where`, newest first."""
        from dorker.store.display import payload_summary

        spec = self._spec(where)
        with self._lock:
            found = list(self._open().iter_events(spec, reverse=True, limit=limit))
        return [EventRow(e.seq, e.ts, e.actor, e.case_id, e.action,
                         payload_summary(e.payload), dict(e.payload)) for e in found]

    def verify(self) -> tuple[bool, str]:
        """Check the hash chain: (intact, one line)."""
        from dorker.i18n import _, ngettext
        from dorker.store.verify import verify

        with self._lock:
            report = verify(self._open(), evidence=False)
        if report.ok:
            intact = ngettext("chain intact: {count} event", "chain intact: {count} events",
                              report.checked).format(count=report.checked)
            if report.head is None:
                return True, intact
            head = _("head {head}").format(head=f"{report.head.seq}:{report.head.hash[:12]}")
            return True, f"{intact} {head}"
        assert report.problem is not None
        return False, _("BROKEN at {seq}: {problem}").format(seq=report.problem.seq,
                                                            problem=report.problem.message)

    def export(self, where: HistoryFilter, path: Path) -> int:
        """Write the matching events as JSONL (the `audit log --format jsonl` shape).

        The file is owner-only and the export is recorded (`export`), unless this login may
        only read the record (a team store's auditor)."""
        import json

        from dorker.private import make_private_dir
        from dorker.store.exports import write_export

        spec = self._spec(where)
        count = 0

        def write(out: Any) -> None:
            nonlocal count
            for event in store.iter_events(spec):
                out.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
                count += 1

        make_private_dir(path.parent)
        with self._lock:
            store = self._open()
            write_export(store if store.can_append() else None, path, write, what="audit log",
                         case_id=spec.case_id, actor=self.actor)
        return count
