"""The `plan:` key of an engine profile: how search plans are made on an engine without OR
(docs/engine-profiles.md). Read by `dorker.engines.profile` when a profile is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dorker.safeformat import TemplateError, template_fields

__all__ = ["PlanRule", "plan_rule"]


@dataclass(frozen=True, slots=True)
class PlanRule:
    """How a search plan is made for an engine without OR (see dorker.engines.plan).

    `max_words`: the most words one plan search may hold (a platform's search box wants a few
    words; a longer combination is not emitted). `hashtag_url`: the page of one hashtag
    (`{tag}` without `#`), used for an authored search that is a single hashtag. `companions`:
    (web engine, site) pairs that reach the platform's public pages through a web engine with
    OR and phrases, so that the full query is never lost.
    """

    max_words: int = 8
    hashtag_url: str | None = None
    companions: tuple[tuple[str, str], ...] = ()


def plan_rule(raw: Any, fail: Any) -> PlanRule:
    """The optional `plan:` mapping (defaults when absent)."""
    if raw is None:
        return PlanRule()
    if not isinstance(raw, dict):
        raise fail("plan must be a mapping", ("plan",))
    unknown = sorted(set(raw) - {"max_words", "hashtag_url", "companions"})
    if unknown:
        raise fail(f"unknown field plan.{unknown[0]}", ("plan", unknown[0]),
                   hint="plan takes max_words, hashtag_url and companions")
    words = raw.get("max_words", 8)
    if not isinstance(words, int) or isinstance(words, bool) or not 1 <= words <= 100:
        raise fail("plan.max_words must be a whole number from 1 to 100", ("plan", "max_words"))
    hashtag = raw.get("hashtag_url")
    if hashtag is not None:
        try:
            used = set(template_fields(str(hashtag)))
        except TemplateError as exc:
            raise fail(f"plan.hashtag_url: {exc}", ("plan", "hashtag_url")) from None
        if used != {"tag"}:
            raise fail("plan.hashtag_url must use {tag} and nothing else", ("plan", "hashtag_url"))
    companions: list[tuple[str, str]] = []
    for i, item in enumerate(raw.get("companions") or ()):
        at: tuple[str | int, ...] = ("plan", "companions", i)
        if not isinstance(item, dict) or not item.get("engine") or not item.get("site"):
            raise fail("each plan.companions item needs engine and site", at)
        companions.append((str(item["engine"]), str(item["site"])))
    return PlanRule(words, None if hashtag is None else str(hashtag), tuple(companions))
