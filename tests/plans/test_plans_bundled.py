"""Every bundled playbook x every engine that makes plans: short, capped, faithful, stable plans."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from plans_fixtures import bundled_plans, planned_engines

from dorker.query.ast import And, Around, Node, Not, Or
from dorker.query.parser import parse

HERE = Path(__file__).resolve().parent
SRC = HERE.parent.parent / "src"
ID = re.compile(r"^(?P<prefix>[a-z0-9-]+:[A-Za-z0-9_-]+)#(?P<n>w?\d+)$")


def _has_or(node: Node) -> bool:
    if isinstance(node, Or):
        return True
    if isinstance(node, And):
        return any(_has_or(c) for c in node.children)
    if isinstance(node, Not):
        return _has_or(node.child)
    if isinstance(node, Around):
        return _has_or(node.left) or _has_or(node.right)
    return False


def _profile(engine: str, profiles: dict[str, Any]) -> Any:
    return profiles[engine.partition("+")[0]]


def _check(plans: dict[str, Any], cap: int) -> dict[str, int]:
    """Assert the plan rules on every entry; return counts that show the check was not empty."""
    profiles = planned_engines()
    counts = {"entries": 0, "own": 0, "web": 0, "at_limit": 0}
    for key, entry in plans.items():
        pb_query, engine = key.split(" ")
        prefix = pb_query.rsplit(":", 1)[0]
        profile = _profile(engine, profiles)
        searches = entry.get("searches")
        # Never an error for want of a plan: every planned engine gets searches.
        assert searches, (key, entry["diagnostics"])
        counts["entries"] += 1
        # The entry's query/url repeat the plan's first search.
        assert (entry["query"], entry["url"]) == (searches[0]["query"], searches[0]["url"]), key
        # Ids PLAYBOOK:QUERY#N for the platform's own searches, consecutive from 1, then
        # PLAYBOOK:QUERY#wN for the web companions, consecutive from w1.
        own_n = web_n = 0
        for search in searches:
            match = ID.match(search["id"])
            web_search = search["origin"] == "web"
            own_n, web_n = own_n + (not web_search), web_n + web_search
            expected = f"w{web_n}" if web_search else str(own_n)
            assert match and match["prefix"] == prefix and match["n"] == expected, (key, search)
            assert set(search) >= {"id", "engine", "query", "url"}
        own = [s for s in searches if s["origin"] != "web"]
        web = [s for s in searches if s["origin"] == "web"]
        assert len(own) <= cap, (key, len(own))
        assert searches[:len(own)] == own, key  # the plan's own searches come first
        for search in own:
            words = search["query"].split()
            assert len(words) <= profile.plan.max_words, (key, search["query"])
            counts["at_limit"] += len(words) == profile.plan.max_words
            # Nothing side by side as if it were OR: a conjunction, one alternative a group.
            assert " OR " not in search["query"] and "|" not in search["query"], (key, search)
            assert not _has_or(parse(search["query"]).node), (key, search["query"])
            assert search["engine"] == profile.id and search["url"], (key, search)
        for search in web:  # companions: a web engine, limited to the platform's pages
            assert search["engine"] not in profiles, (key, search)
            assert search["query"].startswith("site:") and search["url"], (key, search)
        counts["own"] += len(own)
        counts["web"] += len(web)
    return counts


def test_the_engines_that_make_plans_come_from_the_profiles() -> None:
    profiles = planned_engines()
    assert {"facebook", "instagram", "tiktok", "telegram"} <= set(profiles)
    assert "google" not in profiles and "bing" not in profiles  # they have OR
    assert all(p.rule("or").support == "unsupported" for p in profiles.values())


def test_default_cap_every_bundled_playbook() -> None:
    counts = _check(bundled_plans(), cap=10)
    engines = planned_engines()
    # Not vacuous: every bundled playbook's queries for each planned engine were looked at.
    assert counts["entries"] > 300 * len(engines)
    assert counts["own"] > 5000 and counts["web"] > 1000
    assert counts["at_limit"] > 0  # some searches use the whole word limit, none go over


def test_max_searches_3_caps_every_plan_and_keeps_its_head() -> None:
    capped = bundled_plans(3)
    counts = _check(capped, cap=3)
    assert counts["own"] > 2000
    full = bundled_plans()
    assert capped.keys() == full.keys()
    shorter = 0
    for key, entry in capped.items():
        mine = [s["query"] for s in entry["searches"] if s["origin"] != "web"]
        longer = [s["query"] for s in full[key]["searches"] if s["origin"] != "web"]
        assert mine == longer[:len(mine)], key  # a lower cap keeps the top of the same ranking
        shorter += len(mine) < len(longer)
    assert shorter > 100


def _fresh_process(seed: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": seed,
           "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, str(HERE / "plans_fixtures.py")], env=env,
                          capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@pytest.mark.slow
def test_plans_are_identical_across_runs() -> None:
    from dorker.engines import companions
    from dorker.playbooks import build

    first = bundled_plans()
    build._compile.cache_clear()
    companions._compiled.cache_clear()
    assert build._compile.cache_info().currsize == 0
    second = bundled_plans()
    assert first == second
    # A fresh process with another hash seed (set and dict order must not leak into plans).
    fresh = _fresh_process("12345")
    assert fresh == json.loads(json.dumps(first)), "plans differ in a fresh process"
