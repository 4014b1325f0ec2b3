"""Benchmark: the case report of a case with 10,000 events and 200 sources, against rendering the
same templates with empty data (a case with no events, sources or queries) in the same run.

    python bench/bench_report.py                 # 10,000 events, 200 sources, 60 queries
    python bench/bench_report.py --events 2000   # a quick run

Timed (best of N, interleaved): gathering the data from the store as `dorker report` does (the
case's events read once, the coverage projection, the chain verified), rendering HTML and
Markdown, and the same for the empty case. Two ratios: the whole report (data + HTML) over the
empty case's, and the HTML rendering alone over rendering the same templates with empty data
(which is almost free: the ratio then says what 10,000 events cost to draw, not overhead).
Not a test: no asserts on time.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOTES = ("nothing relevant on the first two pages", "ad reposted with a new phone number",
         "বিদেশে চাকরির বিজ্ঞাপন, এজেন্টের নম্বর একই", '<script>alert("x")</script> **bold**',
         "إعلان وظائف في ماليزيا مع رسوم توظيف", "")
ENGINES = ("google", "bing", "yandex", "duckduckgo", "facebook", "tiktok", "telegram")
KINDS = ("platform", "job-board", "classifieds", "news", "registry", "forum", "archive")
OUTCOMES = ("nothing", "leads", "blocked", "inaccessible")
VERDICTS = ("relevant", "irrelevant", "escalate", "duplicate")


@dataclass(frozen=True)
class Source:
    """A catalog source as coverage reads it."""

    id: str
    name: str
    kind: str
    patterns: tuple[str, ...] = ("fake-jobs",)


def make_sources(n: int) -> list[Source]:
    return [Source(f"src-{i:03d}", f"Source {i} ({KINDS[i % len(KINDS)]})", KINDS[i % len(KINDS)])
            for i in range(n)]


def make_queries(n: int, sources: list[Source], rng: random.Random) -> list[Any]:
    from dorker.coverage import PlannedQuery

    named = [s.id for s in sources[: max(1, len(sources) // 5)]]  # queries name the first 20%
    return [PlannedQuery(f"playbook-{i // 20}:q{i}", "fake-jobs",
                         tuple(rng.sample(named, min(len(named), rng.randint(2, 6)))),
                         f"query {i}") for i in range(n)]


def events(n: int, sources: list[Source], queries: list[Any], rng: random.Random,
           case_id: str) -> Iterator[Any]:
    """`n` events of a case worked for weeks: mostly searches, then checks, reviews, notes."""
    from dorker.store import NewEvent

    for i in range(n):
        roll = rng.random()
        query = queries[rng.randrange(len(queries))]
        playbook, _, query_id = query.id.partition(":")
        actor = f"officer-{rng.randrange(6)}"
        search = {"engine": ENGINES[rng.randrange(len(ENGINES))], "playbook": playbook,
                  "playbook_version": 3, "playbook_sha256": f"{i % 7:064x}",
                  "query_id": query_id, "pattern": "fake-jobs", "sources": list(query.sources),
                  "variables": {"destination": ["Dubai", "Riyadh"]},
                  "query": f'"free visa" {query_id} (lakh OR টাকা) -scam {i}',
                  "url": f"https://www.google.com/search?q=%22free+visa%22+{query_id}+{i}"}
        if roll < 0.6:
            if search["engine"] in ("facebook", "tiktok", "telegram"):
                search["search_id"] = f"{query.id}#{rng.randint(1, 8)}"
                search["command_id"] = f"{i // 8:08x}"
            yield NewEvent("query.opened", {**search, "how": "browser"}, actor, case_id)
        elif roll < 0.7:
            outcome = {"status": "ok", "message": "10 results", "results": [
                {"url": f"https://ads.example.com/{i}/{k}", "title": NOTES[k % len(NOTES)]}
                for k in range(3)]}
            yield NewEvent("search.run", {**search, "provider": "searxng", "page": 1,
                                          "outcome": outcome}, actor, case_id)
        elif roll < 0.85:
            source = sources[rng.randrange(len(sources))].id
            yield NewEvent("source.checked", {
                "source": source, "outcome": OUTCOMES[rng.randrange(len(OUTCOMES))],
                "query": query.id if source in query.sources else None,
                "note": NOTES[rng.randrange(len(NOTES))]}, actor, case_id)
        elif roll < 0.97:
            yield NewEvent("result.reviewed", {
                "url": f"https://ads.example.com/job/{rng.randrange(1500)}",
                "verdict": VERDICTS[rng.randrange(len(VERDICTS))],
                "note": NOTES[rng.randrange(len(NOTES))], "tags": ["gulf", "visa"]}, actor,
                case_id)
        else:
            yield NewEvent("note.added", {"text": NOTES[rng.randrange(len(NOTES))]}, actor,
                           case_id)


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from dorker.coverage import case_coverage
    from dorker.report import case_report_data, render_report
    from dorker.store import EventFilter, open_store
    from dorker.store.cases import create_case, get_case
    from dorker.store.evidence import add_evidence

    rng = random.Random(7)
    sources = make_sources(args.sources)
    queries = make_queries(args.queries, sources, rng)
    kinds = {e: ("platform" if e in ("facebook", "tiktok", "telegram") else "web")
             for e in ENGINES}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DORKER_HOME"] = tmp  # nothing outside the temporary folder
        store = open_store(f"sqlite:///{tmp}/store.db", create=True)
        create_case(store, "Bench: Gulf free-visa ads", ["fake-jobs"], actor="officer-0")
        create_case(store, "Bench: an empty case", [], actor="officer-0")
        batch: list[Any] = []
        for event in events(args.events - 41, sources, queries, rng, "C-0001"):
            batch.append(event)
            if len(batch) == 1000:
                store.append_many(batch)
                batch = []
        store.append_many(batch)
        for i in range(40):  # real evidence files: verify hashes their copies
            path = Path(tmp) / f"shot-{i}.png"
            path.write_bytes(os.urandom(2048))
            add_evidence(store, path, actor="officer-1", case_id="C-0001", url=None,
                         note=NOTES[i % len(NOTES)])
        full_case, empty_case = get_case(store, "C-0001"), get_case(store, "C-0002")
        assert full_case is not None and empty_case is not None

        def gather(case: Any, case_sources: list[Source], case_queries: list[Any]
                   ) -> dict[str, Any]:
            # As `dorker report` does: the case's events read once, for coverage and report.
            found = list(store.iter_events(EventFilter(case_id=case.id)))
            coverage = case_coverage(store, case, case_sources, case_queries, events=found)
            return case_report_data(store, case, coverage, kinds=kinds, providers=(),
                                    events=found)

        def data_full() -> dict[str, Any]:
            return gather(full_case, sources, queries)

        def data_empty() -> dict[str, Any]:
            return gather(empty_case, [], [])

        full, empty = data_full(), data_empty()
        html = render_report(full, "html")
        md = render_report(full, "md")
        render_report(empty, "html")  # templates compiled once before timing
        t_data = t_html = t_md = t_empty_data = t_empty_html = float("inf")
        for _ in range(args.runs):  # interleaved: both sides see the same machine state
            t_data = min(t_data, best(data_full, 1))
            t_html = min(t_html, best(lambda: render_report(full, "html"), 1))
            t_md = min(t_md, best(lambda: render_report(full, "md"), 1))
            t_empty_data = min(t_empty_data, best(data_empty, 1))
            t_empty_html = min(t_empty_html, best(lambda: render_report(empty, "html"), 1))
        n_events = store.count()
        store.close()

    cells = full["matrix"]["cells"]
    print(f"events in the store:        {n_events:,} ({len(full['searches']):,} searches, "
          f"{len(full['reviews']):,} reviewed URLs, {len(full['evidence'])} evidence files)")
    print(f"matrix:                     {len(full['matrix']['rows'])} sources × "
          f"{len(full['matrix']['columns'])} queries = {cells:,} cells")
    print(f"HTML / Markdown size:       {len(html) / 1e6:.2f} MB / {len(md) / 1e6:.2f} MB")
    print(f"gather data (+ verify):     {t_data * 1000:8.1f} ms")
    print(f"render HTML:                {t_html * 1000:8.1f} ms")
    print(f"render Markdown:            {t_md * 1000:8.1f} ms")
    print(f"empty case, data + HTML:    {(t_empty_data + t_empty_html) * 1000:8.1f} ms "
          f"(render alone {t_empty_html * 1000:.1f} ms)")
    print(f"ratio, full / empty (HTML): {(t_data + t_html) / (t_empty_data + t_empty_html):.1f}")
    print(f"ratio, render only:         {t_html / t_empty_html:.1f}")


if __name__ == "__main__":
    main()
