"""The values the app shows and the services return (plain data; nothing here touches the core).

The action names marked ADAPTER must match what the CLI records for the same act.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the core's model is imported when a form first needs it, not at start-up
    from dorker.playbooks.model import Variable as VariableInfo

__all__ = [
    "ACTION_CHECKED",
    "ACTION_OPENED",
    "ACTION_REVIEWED",
    "ACTION_SEARCHED",
    "OUTCOMES",
    "VERDICTS",
    "BuildResult",
    "CaseInfo",
    "CheckInfo",
    "CompiledRow",
    "EventRow",
    "HistoryFilter",
    "PlaybookInfo",
    "PlaybookSummary",
    "ReviewInfo",
    "SearchPage",
    "ServiceUnavailable",
    "SourceRow",
    "VariableInfo",
    "split_values",
]

OUTCOMES = ("nothing", "leads", "blocked", "inaccessible")
VERDICTS = ("relevant", "irrelevant", "escalate", "duplicate")
ACTION_OPENED = "query.opened"
"""ADAPTER: the action name issue 5's `dorker open` records; keep the two in step."""
ACTION_CHECKED = "source.checked"
ACTION_SEARCHED = "search.run"
"""ADAPTER: the action name issue 5's `dorker search` records; keep the two in step."""
ACTION_REVIEWED = "result.reviewed"
"""ADAPTER: the action name issue 5's `dorker review` records; keep the two in step."""


class ServiceUnavailable(Exception):
    """A part of the core this action needs is not there (or not configured)."""



def __getattr__(name: str) -> Any:
    """`VariableInfo`: a playbook variable as the form shows it (the core's own immutable value,
    shared as is), imported on first use so that start-up does not load the playbook model."""
    if name == "VariableInfo":
        from dorker.playbooks.model import Variable

        return Variable
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class PlaybookSummary:
    """A playbook as the picker lists it (a library may hold thousands: just what is shown)."""

    id: str
    title: str
    pattern: str
    version: int
    engines: tuple[str, ...] | None

    @property
    def haystack(self) -> str:
        """What the fuzzy filter searches."""
        return f"{self.id} {self.title} {self.pattern}".casefold()


@dataclass(frozen=True, slots=True)
class PlaybookInfo:
    """A picked playbook: what the form and the record need (read from its file on pick)."""

    id: str
    title: str
    pattern: str
    version: int
    sha256: str
    engines: tuple[str, ...] | None
    variables: tuple[VariableInfo, ...]
    queries: tuple[tuple[str, str], ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledRow:
    """One query compiled for one engine."""

    query_id: str
    title: str
    engine: str
    query: str | None
    url: str | None
    diagnostics: tuple[Mapping[str, Any], ...] = ()
    variables: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    search_id: str | None = None
    """On a platform's plan: the search this row is (`PLAYBOOK:QUERY#N`, `#N` for a dork)."""
    plan_engine: str | None = None
    """The platform whose plan holds this row (`engine` is whose URL it is)."""
    plan_size: int = 0
    """How many searches the plan holds (on every row of a plan)."""
    plan_opened: int = 0
    """How many of the plan's searches were opened for the current case."""

    plan_position: int = 0
    """This search's place in its plan, from 1 (0 when the row is no plan search)."""

    @property
    def plan_label(self) -> str:
        """The search's name in its plan's ids: `3`, or `w1` for a web companion."""
        return self.search_id.rpartition("#")[2] if self.search_id else ""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """Every row built, and problems that stopped a query from being built."""

    rows: tuple[CompiledRow, ...]
    problems: tuple[str, ...] = ()
    playbook: PlaybookInfo | None = None
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """A case in the switcher."""

    id: str
    title: str
    patterns: tuple[str, ...]
    created_at: str
    created_by: str
    checks: int = 0


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """The latest check of a source in a case."""

    outcome: str
    actor: str
    ts: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A catalog or case-local source as the table shows it.

    Kept small, as the app may hold 10,000 of them: codes and code tuples are shared between
    rows (see `Services.sources`); `address` is the written URL or the first domain, made a URL
    only when asked for; `blob` is the lowercase text a filter word is looked for in, besides
    the id and the address (which are not repeated in it).
    """

    id: str
    name: str
    kind: str
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    patterns: tuple[str, ...]
    address: str | None
    blob: str
    local: bool = False

    @property
    def url(self) -> str | None:
        """Where the source is (`https://` + the domain when no URL was written)."""
        address = self.address
        if address is None or "://" in address:
            return address
        return f"https://{address}"


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which events the history shows (empty fields keep everything)."""

    case_id: str | None = None
    actor: str | None = None
    action: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event of the record, flattened for the table."""

    seq: int
    ts: str
    actor: str
    case_id: str | None
    action: str
    summary: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    """An earlier verdict on a URL."""

    verdict: str
    actor: str
    ts: str
    note: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of provider results: dicts with url, title, snippet (hostile text)."""

    number: int
    results: tuple[Mapping[str, Any], ...]
    outcome: str = "ok"
    message: str = ""


def split_values(text: str) -> list[str]:
    """`a, b, c` → the values (a form field of a multiple variable)."""
    return [v.strip() for v in text.split(",") if v.strip()]
