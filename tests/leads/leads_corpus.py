"""The leads corpus (tests/leads/data/*.yaml): loading and scoring against the extractor."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Entry:
    id: str
    region: str
    text: str
    expected: frozenset[tuple[str, str]]
    lang: str = ""


@dataclass
class Score:
    """True positives, false positives and false negatives per kind."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, entry: Entry, got: set[tuple[str, str]]) -> None:
        for kind, _value in got & entry.expected:
            self.tp[kind] += 1
        for kind, value in got - entry.expected:
            self.fp[kind] += 1
            self.misses.append(f"{entry.id}: unexpected {kind} {value}")
        for kind, value in entry.expected - got:
            self.fn[kind] += 1
            self.misses.append(f"{entry.id}: missed {kind} {value}")

    def kinds(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def precision(self, kind: str | None = None) -> float:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fp = self.fp[kind] if kind else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, kind: str | None = None) -> float:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fn = self.fn[kind] if kind else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0


def load(name: str) -> tuple[list[Entry], list[Entry]]:
    """(ads, look-alikes) of `data/<name>.yaml`."""
    doc: dict[str, Any] = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))

    def entry(item: dict[str, Any]) -> Entry:
        expected = frozenset(tuple(lead.split(" ", 1)) for lead in item.get("leads") or ())
        return Entry(item["id"], item["region"], item["text"], expected,  # type: ignore[arg-type]
                     item.get("lang", ""))

    return [entry(i) for i in doc["ads"]], [entry(i) for i in doc["lookalikes"]]


def score(entries: list[Entry]) -> Score:
    """Run the extractor over `entries` and count hits and misses per kind."""
    from dorker.leads.extract import extract_leads

    result = Score()
    for item in entries:
        got = {(lead.kind, lead.value) for lead in extract_leads(item.text, item.region)}
        result.add(item, got)
    return result
