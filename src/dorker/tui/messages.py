"""Messages workers post back to the UI (past-tense events; workers never touch widgets)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from dorker.tui.models import (
    BuildResult,
    CaseInfo,
    CheckInfo,
    EventRow,
    PlaybookInfo,
    PlaybookSummary,
    ReviewInfo,
    SearchPage,
    SourceRow,
)

__all__ = [
    "Built",
    "CaseChanged",
    "CasesLoaded",
    "CheckRecorded",
    "ChoiceReady",
    "CoverageLoaded",
    "EventsLoaded",
    "Failed",
    "PlaybooksLoaded",
    "ReviewsLoaded",
    "SearchFinished",
    "SearchPageArrived",
    "SourcesLoaded",
    "VerdictRecorded",
    "Verified",
]


@dataclass
class Failed(Message):
    """Something the user asked for could not be done (shown as a notification)."""

    text: str


@dataclass
class PlaybooksLoaded(Message):
    """Every playbook is loaded (in a worker, after the first frame)."""

    playbooks: list[PlaybookSummary]
    problems: list[str]


@dataclass
class ChoiceReady(Message):
    """What was picked is ready for the form: a playbook read from its file, or a raw dork.

    `token` tells the latest pick from an earlier one whose file was slower to read.
    """

    playbook: PlaybookInfo | None
    raw: str | None
    token: int


@dataclass
class Built(Message):
    """A preview was compiled; `token` tells a stale build from the current one."""

    result: BuildResult
    token: int


@dataclass
class CaseChanged(Message):
    """The current case changed (or is known for the first time)."""

    case: CaseInfo | None


@dataclass
class CasesLoaded(Message):
    """The list of cases was read."""

    cases: list[CaseInfo]


@dataclass
class SourcesLoaded(Message):
    """The catalog (plus the case's own sources) was read."""

    sources: list[SourceRow]


@dataclass
class CoverageLoaded(Message):
    """The latest check of each source in the current case."""

    case_id: str | None
    coverage: dict[str, CheckInfo]


@dataclass
class CheckRecorded(Message):
    """A source was marked checked."""

    source_id: str
    check: CheckInfo


@dataclass
class EventsLoaded(Message):
    """History rows for the current filter."""

    rows: list[EventRow]


@dataclass
class Verified(Message):
    """The chain was verified."""

    ok: bool
    text: str


@dataclass
class SearchPageArrived(Message):
    """A provider page arrived (progress)."""

    page: SearchPage
    total_pages: int


@dataclass
class SearchFinished(Message):
    """The run ended: done, cancelled or failed."""

    outcome: str


@dataclass
class ReviewsLoaded(Message):
    """Earlier verdicts for the results on screen."""

    reviews: dict[str, ReviewInfo]


@dataclass
class VerdictRecorded(Message):
    """A verdict was recorded for a URL."""

    url: str
    review: ReviewInfo
