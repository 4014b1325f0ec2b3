"""The catalog filter line (`pattern:fake-jobs country:BD kind:forum lang:bn checked:no words`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dorker.tui.models import CheckInfo, SourceRow

__all__ = ["FilterSpec", "apply_filter", "parse_filter"]

FIELDS = {"pattern": "pattern", "p": "pattern", "country": "country", "cc": "country",
          "kind": "kind", "k": "kind", "lang": "language", "language": "language",
          "checked": "checked"}


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """What to keep; empty fields keep everything."""

    pattern: str = ""
    country: str = ""
    kind: str = ""
    language: str = ""
    checked: str = ""
    words: tuple[str, ...] = ()


def parse_filter(text: str) -> FilterSpec:
    """Read the filter line; `field:value` tokens narrow, other words must all appear."""
    fields: dict[str, str] = {}
    words: list[str] = []
    for token in text.split():
        name, sep, value = token.partition(":")
        key = FIELDS.get(name.lower()) if sep else None
        if key is not None and value:
            fields[key] = value
        elif key is None:
            words.append(token.casefold())
    return FilterSpec(fields.get("pattern", "").lower(), fields.get("country", "").upper(),
                      fields.get("kind", "").lower(), fields.get("language", "").lower(),
                      fields.get("checked", "").lower(), tuple(words))


def apply_filter(rows: Sequence[SourceRow], spec: FilterSpec,
                 coverage: Mapping[str, CheckInfo]) -> list[SourceRow]:
    """The rows that pass `spec`, in order (a source with no countries/languages is worldwide)."""
    pattern, country, kind, language = spec.pattern, spec.country, spec.kind, spec.language
    words, checked = spec.words, spec.checked
    out = []
    for row in rows:
        if kind and row.kind != kind:
            continue
        if pattern and pattern not in row.patterns:
            continue
        if country and row.countries and country not in row.countries:
            continue
        if language and row.languages and language not in row.languages:
            continue
        if checked:
            check = coverage.get(row.id)
            if checked in ("no", "false", "0"):
                if check is not None:
                    continue
            elif checked in ("yes", "true", "1"):
                if check is None:
                    continue
            elif check is None or check.outcome != checked:
                continue
        if words:
            blob, ident, address = row.blob, row.id, row.address or ""
            if not all(w in blob or w in ident or w in address for w in words):
                continue
        out.append(row)
    return out
