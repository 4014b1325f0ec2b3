"""One search result as a provider returned it (untrusted text: display layers must escape it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Result"]


@dataclass(frozen=True, slots=True)
class Result:
    """A result row. `position` is 1-based within its page; `engines` are the engines that gave it.

    `title`, `snippet` and `url` come from the web and are hostile: show them with
    `dorker.textsafe.printable` in a terminal and escaped in HTML.
    """

    url: str
    title: str = ""
    snippet: str = ""
    engines: tuple[str, ...] = ()
    position: int = 0
    page: int = 1
    published: str | None = None
    provider: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Small provider-specific fields (e.g. SearXNG `positions`); JSON-safe, no floats."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (integers and strings only: it can go into an event payload)."""
        return {"url": self.url, "title": self.title, "snippet": self.snippet,
                "engines": list(self.engines), "position": self.position, "page": self.page,
                "published": self.published, "provider": self.provider, "extra": dict(self.extra)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """The inverse of `to_dict` (used by the response cache)."""
        return cls(url=str(data["url"]), title=str(data.get("title", "")),
                   snippet=str(data.get("snippet", "")),
                   engines=tuple(str(e) for e in data.get("engines", ())),
                   position=int(data.get("position", 0)), page=int(data.get("page", 1)),
                   published=data.get("published"), provider=str(data.get("provider", "")),
                   extra=dict(data.get("extra") or {}))
