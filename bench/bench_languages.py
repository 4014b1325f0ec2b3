"""Recall and false-match rate per language: on the playbooks' own examples and on held-out ads.

Run from the repository: `python bench/bench_languages.py [--json] [--queries DIR]...`.

Two measurements, each per language (a BCP-47 tag; `ar` and `ar-LB` are kept apart):

- **own examples**: each query's `examples`, filed under the query's `language`.
  `recall` is the share of its must-match texts the query itself matches, and `false` the share
  of its must-not-match texts it matches (what `playbooks test` enforces: 1 and 0 when it
  passes). `p-recall` and `p-false` ask the whole library instead: is the must-match text found
  by any query of the same pattern, and is the must-not-match text matched by any query of the
  same pattern? A hard negative that another query of the pattern still matches shows up here
  (not for selector pivots, whose queries nest by design).
- **held-out**: texts nobody tuned a query to (tests/data/langs_heldout, written before the
  queries in those languages, with its `ads_*.yaml`/`ordinary_*.yaml` companions such as the
  sub-pattern set, and the older tests/data/match_eval), filed under each text's own
  language. `recall` is the share of ads some playbook matches, `own-pat` the share matched by a
  playbook of the ad's own pattern, `own-lang` the share matched by a query written in the ad's
  language (same primary language: an `ar` query counts for an `ar-LB` ad); `false` is the share
  of ordinary texts (news, warnings, licensed recruiters, pilgrimage and exchange notices,
  everyday posts) that some playbook matches.

A keyword hit is a lead, never proof: these figures say how often a query would bring a text to
an investigator's eyes, not how often that text is a crime.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dorker.playbooks.langtags import base, canonical, query_language
from dorker.playbooks.library import Root, load_library
from dorker.playbooks.matching import query_matchers
from dorker.playbooks.model import Example, Playbook, Query
from dorker.query.matcher import PreparedText, prepare_text
from dorker.resources import bundled_dir
from dorker.yamlsafe import load_yaml_file

REPO = Path(__file__).resolve().parent.parent
NESTED_PATTERNS = frozenset({"selector-pivots"})
"""Patterns whose queries nest by design (a number anywhere contains the number next to an offer),
so that another query of the pattern matching a must-not-match text is no false match."""
HELD_OUT = (REPO / "tests" / "data" / "langs_heldout", REPO / "tests" / "data" / "match_eval")


@dataclass(slots=True)
class Counts:
    """Counts of one language (or the total)."""

    pos: int = 0
    pos_hit: int = 0
    pos_pattern: int = 0
    pos_own_lang: int = 0
    neg: int = 0
    neg_hit: int = 0
    neg_pattern: int = 0
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        """Add another language's counts (for the total)."""
        for name in ("pos", "pos_hit", "pos_pattern", "pos_own_lang", "neg", "neg_hit",
                     "neg_pattern"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def rate(part: int, whole: int) -> float | None:
    """part/whole, None when there is nothing to measure."""
    return part / whole if whole else None


class Matcher:
    """Every query of a set of playbooks, compiled once, run against prepared texts."""

    def __init__(self, playbooks: Sequence[Playbook]) -> None:
        self.queries: list[tuple[Playbook, Query, str | None]] = [
            (pb, q, query_language(pb, q)) for pb in playbooks for q in pb.queries]

    def one(self, pb: Playbook, query: Query, text: PreparedText) -> bool:
        """Does this query match?"""
        return any(m.matches(text) for m in query_matchers(pb, query))

    def hits(self, text: PreparedText) -> list[tuple[Playbook, Query, str | None]]:
        """Every query that matches."""
        return [(pb, q, lang) for pb, q, lang in self.queries if self.one(pb, q, text)]


def _prepared(example: Example) -> PreparedText:
    return prepare_text(example.text, url=example.url, title=example.title)


def own_example_figures(playbooks: Sequence[Playbook]) -> dict[str, Counts]:
    """Per query language: the queries' own examples, by the query and by its pattern."""
    matcher = Matcher(playbooks)
    out: dict[str, Counts] = defaultdict(Counts)
    for pb, query, lang in matcher.queries:
        counts = out[lang or "(none)"]
        for example in query.match:
            text = _prepared(example)
            hits = matcher.hits(text)
            counts.pos += 1
            counts.pos_hit += matcher.one(pb, query, text)
            counts.pos_pattern += any(h[0].pattern == pb.pattern for h in hits)
            if not matcher.one(pb, query, text):
                counts.missed.append(f"{pb.id}:{query.id}#match{example.index}")
        for example in query.no_match:
            text = _prepared(example)
            hit_self = matcher.one(pb, query, text)
            same = [h for h in matcher.hits(text) if h[0].pattern == pb.pattern
                    and pb.pattern not in NESTED_PATTERNS]
            counts.neg += 1
            counts.neg_hit += hit_self
            counts.neg_pattern += bool(same)
            if same:
                counts.false.append(f"{pb.id}:{query.id}#no_match{example.index} "
                                    f"<- {same[0][0].id}:{same[0][1].id}")
    return dict(out)


def eval_language(item: dict[str, Any]) -> str:
    """An evaluation item's language tag; match_eval marks romanised text with `r` in the id."""
    lang = str(item["lang"])
    parts = str(item["id"]).split("-")
    if len(parts) > 2 and parts[1] == lang.lower() + "r":
        return canonical(f"{lang}-Latn")
    return canonical(lang)


def load_items(folder: Path, name: str) -> list[dict[str, Any]]:
    """The items of `folder/name.yaml` and of every `folder/name_*.yaml` beside it (a set kept
    in several files, e.g. `ads_subpatterns.yaml`), in file-name order; [] when none exists."""
    paths = [folder / f"{name}.yaml", *sorted(folder.glob(f"{name}_*.yaml"))]
    items: list[dict[str, Any]] = []
    for path in paths:
        if path.exists():
            data = load_yaml_file(path).data
            items += list(data) if isinstance(data, list) else []
    return items


def held_out_figures(playbooks: Sequence[Playbook], ads: Iterable[dict[str, Any]],
                     ordinary: Iterable[dict[str, Any]]) -> dict[str, Counts]:
    """Per text language: ads found (by any playbook, by their pattern, by their language)."""
    matcher = Matcher(playbooks)
    out: dict[str, Counts] = defaultdict(Counts)
    for item in ads:
        lang = eval_language(item)
        counts = out[lang]
        hits = matcher.hits(prepare_text(str(item["text"])))
        counts.pos += 1
        counts.pos_hit += bool(hits)
        counts.pos_pattern += any(pb.pattern == item.get("pattern") for pb, _, _ in hits)
        counts.pos_own_lang += any(q_lang is not None and base(q_lang) == base(lang)
                                   for _, _, q_lang in hits)
        if not hits:
            counts.missed.append(str(item["id"]))
    for item in ordinary:
        counts = out[eval_language(item)]
        hits = matcher.hits(prepare_text(str(item["text"])))
        counts.neg += 1
        counts.neg_hit += bool(hits)
        if hits:
            counts.false.append(f"{item['id']} <- {hits[0][0].id}:{hits[0][1].id}")
    return dict(out)


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.0%}"


def own_table(figures: dict[str, Counts]) -> list[str]:
    """Text table of the own-example figures, with a total line."""
    lines = [f"{'language':<10} {'match':>5} {'recall':>6} {'p-recall':>8} "
             f"{'no_match':>8} {'false':>5} {'p-false':>7}"]
    total = Counts()
    for lang in sorted(figures):
        c = figures[lang]
        total.add(c)
        lines.append(_own_line(lang, c))
    lines.append(_own_line("total", total))
    return lines


def _own_line(lang: str, c: Counts) -> str:
    return (f"{lang:<10} {c.pos:>5} {_pct(rate(c.pos_hit, c.pos)):>6} "
            f"{_pct(rate(c.pos_pattern, c.pos)):>8} {c.neg:>8} {_pct(rate(c.neg_hit, c.neg)):>5} "
            f"{_pct(rate(c.neg_pattern, c.neg)):>7}")


def held_out_table(figures: dict[str, Counts]) -> list[str]:
    """Text table of the held-out figures, with a total line."""
    lines = [f"{'language':<10} {'ads':>4} {'recall':>6} {'own-pat':>7} {'own-lang':>8} "
             f"{'ordinary':>8} {'false':>5}"]
    total = Counts()
    for lang in sorted(figures):
        c = figures[lang]
        total.add(c)
        lines.append(_held_line(lang, c))
    lines.append(_held_line("total", total))
    return lines


def _held_line(lang: str, c: Counts) -> str:
    return (f"{lang:<10} {c.pos:>4} {_pct(rate(c.pos_hit, c.pos)):>6} "
            f"{_pct(rate(c.pos_pattern, c.pos)):>7} {_pct(rate(c.pos_own_lang, c.pos)):>8} "
            f"{c.neg:>8} {_pct(rate(c.neg_hit, c.neg)):>5}")


def as_json(figures: dict[str, Counts]) -> dict[str, dict[str, object]]:
    """Plain data: counts, rates and the ids behind the misses."""
    return {lang: {"positives": c.pos, "recall": rate(c.pos_hit, c.pos),
                   "pattern_recall": rate(c.pos_pattern, c.pos),
                   "own_language_recall": rate(c.pos_own_lang, c.pos),
                   "negatives": c.neg, "false_match": rate(c.neg_hit, c.neg),
                   "pattern_false_match": rate(c.neg_pattern, c.neg),
                   "missed": c.missed, "false": c.false}
            for lang, c in sorted(figures.items())}


def main(argv: Sequence[str] | None = None) -> int:
    """Print both tables (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", action="append", type=Path, metavar="DIR",
                        help="playbook folder (default: the bundled queries/)")
    parser.add_argument("--held-out", action="append", type=Path, metavar="DIR",
                        help="folder with ads.yaml and ordinary.yaml (default: both bundled sets)")
    parser.add_argument("--show", action="store_true", help="list the misses and false matches")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    roots = [Root(i, "given", p) for i, p in enumerate(args.queries or [bundled_dir("queries")])]
    playbooks = load_library(roots).all
    ads = [i for d in (args.held_out or HELD_OUT) for i in load_items(d, "ads")]
    ordinary = [i for d in (args.held_out or HELD_OUT) for i in load_items(d, "ordinary")]
    own = own_example_figures(playbooks)
    held = held_out_figures(playbooks, ads, ordinary)
    if args.json:
        json.dump({"own_examples": as_json(own), "held_out": as_json(held)}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Own examples ({len(playbooks)} playbooks, "
          f"{sum(len(pb.queries) for pb in playbooks)} queries), by query language:")
    print("\n".join(own_table(own)))
    print(f"\nHeld-out texts ({len(ads)} ads, {len(ordinary)} ordinary), by text language:")
    print("\n".join(held_out_table(held)))
    if args.show:
        for title, figures in (("own examples", own), ("held-out", held)):
            for lang, c in sorted(figures.items()):
                for what, ids in (("missed", c.missed), ("false", c.false)):
                    for i in ids:
                        print(f"{title} {lang} {what}: {i}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
