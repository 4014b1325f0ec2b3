"""Translation service: one dork in → one result per engine out (the `translate` JSON shape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dorker.engines.compiler import compile_query
from dorker.engines.plan import PlanSearch
from dorker.engines.profile import EngineProfile, load_profiles
from dorker.query.diagnostics import Diagnostic
from dorker.query.parser import parse

__all__ = ["Translator"]


@dataclass
class Translator:
    """Parses once per dork and compiles for every chosen engine."""

    profiles: list[EngineProfile]
    params: dict[str, str] = field(default_factory=dict)
    source: str = "google"
    max_searches: int | None = None
    """The cap of search plans (engines without OR); None: the default."""
    plans: dict[str, tuple[PlanSearch, ...]] = field(default_factory=dict)
    """The plans of the last `translate`, by engine (engines without OR only)."""

    @classmethod
    def for_engines(cls, engines: list[str], params: dict[str, str] | None = None,
                    max_searches: int | None = None) -> Translator:
        """Load the named engine profiles (an unknown one is a usage error)."""
        from dorker.config import load_config

        roots = load_config().catalog_roots
        return cls(load_profiles(engines, extra_roots=roots), dict(params or {}),
                   max_searches=max_searches)

    def translate(self, text: str) -> dict[str, Any]:
        """The result object for one dork."""
        text = text.rstrip("\r\n")
        parsed = parse(text)
        result: dict[str, Any] = {
            "input": text,
            "from": self.source,
            "diagnostics": [d.to_json() for d in parsed.diagnostics],
            "engines": {},
        }
        if parsed.empty:
            error = next(d for d in parsed.diagnostics if d.code == "empty-query")
            for profile in self.profiles:
                result["engines"][profile.id] = _unreadable(error)
            return result
        self.plans = {}
        for profile in self.profiles:
            compiled = compile_query(parsed.node, profile, self.params,
                                     max_searches=self.max_searches)
            if compiled.searches:
                self.plans[profile.id] = compiled.searches
            result["engines"][profile.id] = compiled.to_json()
        return result

    def translate_bytes(self, number: int, raw: bytes) -> dict[str, Any]:
        """The result for one input line of bytes; undecodable bytes give an error result."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            error = Diagnostic(
                "invalid-encoding",
                "error",
                f"line {number} is not UTF-8 (byte 0x{raw[exc.start]:02x} at "
                f"{exc.start}); it was not translated",
                None,
                (exc.start, exc.end),
            )
            return {
                "input": text,
                "from": self.source,
                "line": number,
                "diagnostics": [error.to_json()],
                "engines": {p.id: _unreadable(error) for p in self.profiles},
            }
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        result = self.translate(text)
        result["line"] = number
        return result


def _unreadable(error: Diagnostic) -> dict[str, Any]:
    return {"query": None, "url": None, "diagnostics": [error.to_json()]}
