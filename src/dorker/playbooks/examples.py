"""`dorker playbooks test`: every query's examples must (not) match, like unit tests."""

from __future__ import annotations

from dorker.errors import DorkerError
from dorker.playbooks.matching import query_matchers
from dorker.playbooks.model import Example, Finding, Playbook
from dorker.query.matcher import prepare_text

__all__ = ["check_examples"]


def check_examples(pb: Playbook) -> tuple[int, list[Finding]]:
    """(number of examples run, failures as findings)."""
    run = 0
    failures: list[Finding] = []
    for query in pb.queries:
        try:
            matchers = query_matchers(pb, query)
        except DorkerError as exc:
            where = pb.where("queries", query.index, "query")
            failures.append(Finding.at(where, "error", "template", str(exc)))
            continue
        cases: list[tuple[str, Example, bool]] = [("match", e, True) for e in query.match]
        cases += [("no_match", e, False) for e in query.no_match]
        if cases and not matchers:
            where = pb.where("queries", query.index, "examples")
            failures.append(Finding.at(where, "error", "example-untestable",
                                       f"query {query.id!r} cannot be tested: a variable it uses "
                                       "has no default and no choices"))
            continue
        for key, example, expected in cases:
            run += 1
            text = prepare_text(example.text, url=example.url, title=example.title)
            got = any(m.matches(text) for m in matchers)
            if got != expected:
                where = pb.where("queries", query.index, "examples", key, example.index)
                verb = "should match but does not" if expected else "should not match but does"
                shown = " ".join(example.text.split())
                shown = shown if len(shown) <= 80 else shown[:77] + "..."
                failures.append(Finding.at(where, "error", "example-failed",
                                           f"query {query.id!r} {verb}: {shown!r}"))
    return run, failures
