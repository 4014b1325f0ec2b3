"""What the report's `Collector` (dorker.audit.collect) counts into.

Two small tables keyed on an event's raw bytes: `Who` (one action by one actor) and `Tally`
(one case, holding its events' number per who); and the totals per actor and per case they are
added up into (`Collector.fold`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dorker.audit.flags import SEARCH_ACTIONS, ActorState

__all__ = ["COUNTED", "ActorTotals", "CaseTotals", "Tally", "Who"]

COUNTED = {"source.checked": "checks", "result.reviewed": "reviews",
           "evidence.added": "evidence", "export": "exports"}
"""The case counter each counted action adds to (searches are counted apart)."""


@dataclass(slots=True)
class ActorTotals:
    """One actor's totals over the covered part of the record."""

    first: str
    last: str
    events: int = 0
    searches: int = 0
    cases: set[str] = field(default_factory=set)


@dataclass(slots=True)
class CaseTotals:
    """One case's totals over the covered part of the record."""

    first: str
    last: str
    events: int = 0
    searches: int = 0
    checks: int = 0
    reviews: int = 0
    evidence: int = 0
    exports: int = 0
    actors: set[str] = field(default_factory=set)


class Who:
    """One action by one actor, worked out once from the start of an event's bytes, with the
    first and last time of its events counted (their numbers are kept per case)."""

    __slots__ = ("action", "actor", "days", "first", "index", "last", "may_be_scheduled",
                 "search", "special", "state", "wanted")

    def __init__(self, index: int, action: str, actor: str, wanted: bool, state: ActorState,
                 days: defaultdict[str, int]) -> None:
        self.index, self.action, self.actor, self.wanted = index, action, actor, wanted
        """`index`: its place in every case's counts (`Tally.counts`)."""
        self.state = state
        self.days = days
        """The actor's searches per local day (shared by the actor's whos)."""
        self.search = action in SEARCH_ACTIONS
        self.may_be_scheduled = self.search or action.startswith("watch.")
        """A search or watch event: it may be a scheduled watch run (its payload says)."""
        self.special = action == "export" or action.startswith("watch.")
        """Its events need their payload read (so do searches outside a case)."""
        self.first = self.last = ""


class Tally:
    """One case (or none), worked out once from the middle of an event's bytes: its events'
    number per who (`counts[who.index]`) and the first and last time of them."""

    __slots__ = ("case_id", "counts", "first", "last", "wanted")

    def __init__(self, case_id: str | None, wanted: bool, whos: int) -> None:
        self.case_id, self.wanted = case_id, wanted
        self.counts = [0] * whos
        self.first = self.last = ""
