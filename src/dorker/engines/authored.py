"""Platform searches a playbook author writes by hand (hashtags, short forms): a small value type.

They open a query's search plan on platforms (see dorker.engines.plan). Kept apart from the
planner so that reading a playbook does not import the compiler.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AuthoredSearch"]


@dataclass(frozen=True, slots=True)
class AuthoredSearch:
    """A platform search written by hand: its text, the engines it is for (None: every engine
    that makes plans) and whether it may reach beyond the query's own words (`broader`)."""

    text: str
    engines: tuple[str, ...] | None = None
    broader: bool = False

    def applies_to(self, engine: str) -> bool:
        """Whether this search belongs to `engine`'s plan."""
        return self.engines is None or engine in self.engines
