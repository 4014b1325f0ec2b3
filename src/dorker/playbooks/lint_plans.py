"""Lint of a query's hand-written platform searches (`platform_searches`, docs/playbook-format.md).

Each must fit the word limit of every engine it is for, a hashtag must be a hashtag, it may only
name engines that make plans, and it may not use a word found in none of the query's
alternatives unless it says `broader: true` (a hashtag counts when it is the query's words run
together, as people write them: `#dubaivisa`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from dorker.errors import DorkerError, Location
from dorker.playbooks.model import Playbook, Query
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Term
from dorker.query.folding import words

__all__ = ["check_platform_searches", "query_words"]

Report = Callable[[Location, str, str, str], None]
_HASHTAG = re.compile(r"^#[^\s#]{1,100}$")
_TEXT_FIELDS = {"intitle", "intext", "inanchor", "allintitle", "allintext"}


def query_words(node: Node) -> set[str]:
    """The folded words a query's alternatives hold (not its exclusions or site names)."""
    out: set[str] = set()
    for text in _texts(node):
        out.update(words(text))
    return out


def _texts(node: Node) -> Iterator[str]:
    if isinstance(node, (Term, Phrase)):
        yield node.text
    elif isinstance(node, Field) and node.op in _TEXT_FIELDS:
        yield node.value
    elif isinstance(node, AllIn):
        for item in node.items:
            yield item.text
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from _texts(child)
    elif isinstance(node, Around):
        yield from _texts(node.left)
        yield from _texts(node.right)
    elif isinstance(node, Not):
        return


def _joined(body: str, vocabulary: set[str]) -> bool:
    """Whether `body` is words of `vocabulary` run together (word break)."""
    reachable = [True] + [False] * len(body)
    for end in range(1, len(body) + 1):
        reachable[end] = any(reachable[start] and body[start:end] in vocabulary
                             for start in range(max(0, end - 40), end))
    return reachable[-1]


def check_platform_searches(pb: Playbook, q: Query, node: Node | None,
                            known_engines: set[str], report: Report) -> None:
    """Report every problem of `q.platform_searches` (node: the query with sample values)."""
    if not q.platform_searches:
        return
    from dorker.engines.registry import engine_profiles

    try:
        profiles = engine_profiles(sorted(known_engines))
    except DorkerError:
        return
    planned = {e: p for e, p in profiles.items() if p.makes_plan}
    vocabulary = query_words(node) if node is not None else None
    for i, search in enumerate(q.platform_searches):
        at = ("queries", q.index, "platform_searches", i)
        engines = list(search.engines) if search.engines is not None else sorted(planned)
        for j, engine in enumerate(search.engines or ()):
            if engine not in profiles:
                report(pb.where(*at, "engines", j), "error", "unknown-engine",
                       f"no engine {engine!r}")
            elif engine not in planned:
                report(pb.where(*at, "engines", j), "error", "platform-search-engine",
                       f"{engine} has OR, so it makes no search plan; platform_searches are "
                       f"for {', '.join(sorted(planned))}")
        limits = [planned[e].plan.max_words for e in engines if e in planned]
        count = len(search.text.split())
        if limits and count > min(limits):
            report(pb.where(*at, "text"), "error", "platform-search-words",
                   f"query {q.id!r}: {search.text!r} has {count} words, over the "
                   f"{min(limits)} a plan search may hold")
        tokens = search.text.split()
        for token in tokens:
            if token.startswith("#") and not _HASHTAG.match(token):
                report(pb.where(*at, "text"), "error", "platform-search-hashtag",
                       f"query {q.id!r}: {token!r} is not a hashtag (# then letters, digits "
                       "or _ without spaces)")
        if vocabulary is None or search.broader:
            continue
        foreign = []
        for token in tokens:
            folded = words(token)
            if token.startswith("#") and folded and _joined("".join(folded), vocabulary):
                continue
            foreign += [w for w in folded if w not in vocabulary]
        if foreign:
            report(pb.where(*at, "text"), "error", "platform-search-foreign",
                   f"query {q.id!r}: {search.text!r} uses {', '.join(dict.fromkeys(foreign))}, "
                   "found in none of the query's alternatives (mark it broader: true if that "
                   "is meant)")
