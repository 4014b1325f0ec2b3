"""Shared pieces of the search-plan tests: a small team playbook, the record's head, the engines
that make plans (read from the profiles), and every bundled playbook's plans as plain data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dorker.store.session import open_configured_store

__all__ = ["TEAM_PLAYBOOK", "bundled_plans", "events", "own", "planned_engines", "store_head",
           "write_team_root"]

TEAM_PLAYBOOK = """\
id: pt-gulf
title: Plan tests
pattern: fake-jobs
version: 4
status: testing
authors: [tests]
description: a playbook for the search-plan tests
languages: [en]
engines: [google, facebook]
references:
  - id: r1
    title: tests
variables:
  destination:
    type: choice
    description: where the job is said to be
    choices: [Dubai, Saudi, Qatar]
    default: [Dubai]
queries:
  - id: jobs
    title: free visa jobs
    language: en
    query: '(job OR vacancy OR hiring) ("free visa" OR "free ticket") {{ destination }} -beware'
    sources: [facebook]
    refs: [r1]
    examples:
      match: ["vacancy in Dubai, free ticket"]
      no_match: ["a recipe", "job with a free visa in Dubai, beware of it"]
  - id: agents
    title: visa agents
    language: en
    query: >-
      (agent OR broker OR dalal OR recruiter) (visa OR permit OR iqama OR akama)
      {{ destination }}
    sources: [facebook]
    refs: [r1]
    examples:
      match: ["recruiter: visa for Dubai"]
      no_match: ["a recipe"]
"""


def write_team_root(tmp_path: Path, text: str = TEAM_PLAYBOOK, name: str = "pt-gulf") -> Path:
    """A playbook root holding `text` and a config file naming it; returns the config file."""
    root = tmp_path / "team"
    (root / "fake-jobs").mkdir(parents=True, exist_ok=True)
    (root / "fake-jobs" / f"{name}.yaml").write_text(text, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[playbooks]\nroots = ["{root}"]\n', encoding="utf-8")
    return config


def store_head() -> tuple[int, str] | None:
    """(seq, hash) of the record's last event; None when there is no store at all."""
    try:
        store = open_configured_store()
    except Exception:  # no store file: nothing can have been recorded
        return None
    with store:
        head = store.head()
        return None if head is None else (head.seq, head.hash)


def events(action: str = "query.opened") -> list[dict[str, Any]]:
    """The recorded events of one action, oldest first (seq, case and payload)."""
    from dorker.store.base import EventFilter

    with open_configured_store() as store:
        return [{"seq": e.seq, "case": e.case_id, "actor": e.actor, **dict(e.payload)}
                for e in store.iter_events(EventFilter(action=action))]


def planned_engines() -> dict[str, Any]:
    """Every configured engine whose profile makes search plans, by id (not a fixed list)."""
    from dorker.config import load_config
    from dorker.engines.profile import available_engines
    from dorker.engines.registry import engine_profiles

    known = sorted(available_engines(load_config().catalog_roots))
    return {e: p for e, p in engine_profiles(known).items() if p.makes_plan}


def own(searches: Any) -> list[Any]:
    """A plan's own searches (authored and combinations), without its web companions."""
    return [s for s in searches if s.origin != "web"]


def _values(pb: Any) -> dict[str, tuple[str, ...]]:
    from dorker.playbooks.expand import resolve_values

    given = {name: [var.choices[0]] for name, var in pb.variables.items()
             if var.required and not var.default and var.choices}
    return resolve_values(pb, given)


def _plans(cap: int | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    from dorker.engines.compiler import compile_query
    from dorker.playbooks.build import build
    from dorker.playbooks.library import load_library

    engines = planned_engines()
    for pb in load_library().effective():
        result = build(pb, _values(pb), sorted(engines), max_searches=cap)
        for n, built in enumerate(result.queries):
            data = built.to_json(pb.id)
            key = f"{pb.id}:{built.expansion.query.id}:{n}"
            for engine, entry in data["engines"].items():  # type: ignore[union-attr]
                yield key, engine, entry
            # Telegram searches one channel: with one, its own searches are a plan too.
            if "telegram" in engines and built.expansion.node is not None:
                compiled = compile_query(built.expansion.node, engines["telegram"],
                                         {"channel": "dubai_jobs"}, max_searches=cap,
                                         authored=built.expansion.query.authored_searches())
                yield key, "telegram+channel", compiled.to_json(
                    f"{pb.id}:{built.expansion.query.id}")


def bundled_plans(cap: int | None = None) -> dict[str, Any]:
    """Every bundled playbook x every planned engine: {"PB:QUERY:N ENGINE": the engine's build
    JSON object (query, url, diagnostics, searches)}; "telegram+channel" is Telegram given a
    channel (its own searches), "telegram" is Telegram without one (web companions only)."""
    return {f"{key} {engine}": entry for key, engine, entry in _plans(cap)}


if __name__ == "__main__":  # the fresh-process run of test_plans_bundled
    import sys

    cap = int(sys.argv[1]) if len(sys.argv) > 1 else None
    sys.stdout.write(json.dumps(bundled_plans(cap), ensure_ascii=False, sort_keys=True))


def expected_ids(searches: list[dict[str, Any]], prefix: str) -> list[str]:
    """The ids a plan's searches must have: the platform's own numbered from 1 in rank order,
    the web companions apart from w1 (so a cap never renumbers them)."""
    out, own, web = [], 0, 0
    for search in searches:
        if search["origin"] == "web":
            web += 1
            out.append(f"{prefix}#w{web}")
        else:
            own += 1
            out.append(f"{prefix}#{own}")
    return out
