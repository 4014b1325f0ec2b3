"""What every provider implements: build a request, read a JSON answer, explain an error."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dorker.textsafe import printable

if TYPE_CHECKING:
    from dorker.config import Config
    from dorker.providers.fetch import Fetched, Prepared
    from dorker.providers.model import SearchOptions, Status
    from dorker.results.model import Result

__all__ = ["BadResponse", "Parsed", "Provider", "excerpt", "json_error_text"]


class BadResponse(Exception):
    """The answer is JSON but not in the provider's documented shape."""


@dataclass(slots=True)
class Parsed:
    """Results read from a successful answer; `status` overrides `ok` (e.g. all engines failed)."""

    results: list[Result]
    notes: list[str] = field(default_factory=list)
    status: Status | None = None
    message: str | None = None


class Provider(ABC):
    """One opt-in provider. Subclasses are stateless: settings come in with every call."""

    name: str
    label: str
    max_pages: int

    @abstractmethod
    def missing(self, config: Config) -> str | None:
        """What is missing to use this provider (a one-line hint), or None when configured."""

    @abstractmethod
    def secrets(self, config: Config) -> tuple[str, ...]:
        """The secret values this provider sends (to redact everywhere)."""

    @abstractmethod
    def prepare(self, query: str, engine: str | None, page: int, options: SearchOptions,
                config: Config) -> Prepared:
        """The HTTP request for one page (1-based)."""

    @abstractmethod
    def parse(self, data: Any, page: int, engine: str | None) -> Parsed:
        """Results from a decoded 2xx JSON answer; raises BadResponse for a wrong shape."""

    @abstractmethod
    def classify(self, fetched: Fetched, data: Any) -> tuple[Status, str]:
        """Status and one-line message for a non-2xx answer (`data` is its JSON, or None)."""

    def should_retry(self, fetched: Fetched) -> bool:
        """Whether a 429/5xx is worth retrying (False when a quota is gone for good)."""
        return True

    def notes(self) -> list[str]:
        """Remarks added to every outcome (e.g. an API sunset)."""
        return []


def excerpt(text: str, limit: int = 160) -> str:
    """A short, single-line, terminal-safe piece of untrusted text."""
    one_line = " ".join(printable(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def json_error_text(data: Any) -> str:
    """The human part of a JSON error body (`{"error": "..."}` or `{"error": {"message": ...}}`)."""
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, str):
            return err
        if isinstance(err, dict):
            for key in ("message", "detail", "code"):
                if isinstance(err.get(key), str):
                    return str(err[key])
        if isinstance(data.get("message"), str):
            return str(data["message"])
    return json.dumps(data)[:200] if data is not None else ""
