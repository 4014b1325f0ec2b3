"""The combinations of a query's OR groups, enumerated in rank order (for search plans).

A query such as `(Saudi OR Dubai) (job OR vacancy) "free visa" -beware` stands for the
conjunctions that take one alternative from each OR group: `Saudi job "free visa" -beware`,
`Dubai job "free visa" -beware`, ... This module lists them without building the whole product
(which explodes): each group's alternatives are kept sorted by their *cost*, the sum of the
authored positions of the alternatives chosen (the first alternative of a group costs 0, the
second 1...), and a heap walks the product in order of total cost.

Within one cost the order is decided by `dorker.engines.plan` (new alternatives first, fewer
words, authored order); this module only yields the candidates of each cost level together.
Nothing here knows about engines: a leaf is any node that is not an And or an Or.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from dorker.query.ast import And, Around, Node, Or

__all__ = ["ALT_LIMIT", "Alternative", "Choice", "Group", "combination_count", "expand_groups",
           "ranked_levels"]

ALT_LIMIT = 512
"""The most ways one top-level part of a query is kept in (the cheapest first)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One alternative of one OR group: which group (numbered in reading order) and which child."""

    group: int
    index: int


@dataclass(frozen=True, slots=True)
class Alternative:
    """One way to satisfy a part of the query: its leaves, cost and the OR choices it made."""

    leaves: tuple[Node, ...]
    cost: int
    choices: frozenset[Choice]


@dataclass(frozen=True, slots=True)
class Group:
    """The alternatives of one top-level part of a query, cheapest first (authored order on ties).

    `total` is how many there are in full (it may exceed the `ALT_LIMIT` kept).
    """

    alternatives: tuple[Alternative, ...]
    total: int


class _Numbering:
    """Numbers the OR nodes in reading order and remembers each alternative's subtree."""

    def __init__(self) -> None:
        self.count = 0
        self.children: dict[Choice, Node] = {}

    def next(self) -> int:
        self.count += 1
        return self.count - 1


def combination_count(node: Node) -> int:
    """How many conjunctions the node stands for (the product of its OR groups, nested)."""
    if isinstance(node, Or):
        return sum(combination_count(c) for c in node.children)
    if isinstance(node, And):
        total = 1
        for child in node.children:
            total *= combination_count(child)
        return total
    if isinstance(node, Around) and _has_or(node):
        return combination_count(node.left) * combination_count(node.right)
    return 1


def _has_or(node: Node) -> bool:
    if isinstance(node, Or):
        return True
    if isinstance(node, And):
        return any(_has_or(c) for c in node.children)
    if isinstance(node, Around):
        return _has_or(node.left) or _has_or(node.right)
    return False


def expand_groups(parts: list[Node]) -> tuple[list[Group], dict[Choice, Node]]:
    """A Group per top-level part, and the subtree of every OR alternative (for labels).

    The same for every engine (trees are values), so it is kept for the next platform that
    plans the same query; callers get their own list and dict.
    """
    groups, children = _expanded(tuple(parts))
    return list(groups), dict(children)


@lru_cache(maxsize=2048)
def _expanded(parts: tuple[Node, ...]) -> tuple[tuple[Group, ...], dict[Choice, Node]]:
    numbering = _Numbering()
    groups = []
    for part in parts:
        alternatives = _alternatives(part, numbering)
        groups.append(Group(tuple(alternatives), combination_count(part)))
    return tuple(groups), numbering.children


def _alternatives(node: Node, numbering: _Numbering) -> list[Alternative]:
    if isinstance(node, Or):
        group = numbering.next()
        out: list[Alternative] = []
        for index, child in enumerate(node.children):
            choice = Choice(group, index)
            numbering.children[choice] = child
            for alt in _alternatives(child, numbering):
                out.append(Alternative(alt.leaves, alt.cost + index, alt.choices | {choice}))
        out.sort(key=lambda a: a.cost)  # stable: authored order within a cost
        return out[:ALT_LIMIT]
    if isinstance(node, And) or (isinstance(node, Around) and _has_or(node)):
        children = node.children if isinstance(node, And) else (node.left, node.right)
        lists = [_alternatives(c, numbering) for c in children]
        combined: list[Alternative] = []
        for _cost, indexes in _smallest_sums(lists, ALT_LIMIT):
            picked = [lists[j][i] for j, i in enumerate(indexes)]
            combined.append(
                Alternative(
                    tuple(leaf for alt in picked for leaf in alt.leaves),
                    sum(a.cost for a in picked),
                    frozenset().union(*(a.choices for a in picked)),
                )
            )
        return combined
    return [Alternative((node,), 0, frozenset())]


def _smallest_sums(
    lists: list[list[Alternative]], limit: int
) -> Iterator[tuple[int, tuple[int, ...]]]:
    """Index tuples into `lists` in order of total cost (then authored order), up to `limit`."""
    if any(not items for items in lists):
        return
    start = tuple(0 for _ in lists)
    heap = [(sum(items[0].cost for items in lists), start)]
    seen = {start}
    produced = 0
    while heap and produced < limit:
        cost, indexes = heapq.heappop(heap)
        yield cost, indexes
        produced += 1
        for j, items in enumerate(lists):
            i = indexes[j] + 1
            if i < len(items):
                nxt = (*indexes[:j], i, *indexes[j + 1:])
                if nxt not in seen:
                    seen.add(nxt)
                    step = items[i].cost - items[i - 1].cost
                    heapq.heappush(heap, (cost + step, nxt))


def ranked_levels(
    groups: list[Group], budget: int
) -> Iterator[list[tuple[tuple[int, ...], tuple[Alternative, ...]]]]:
    """The combinations of `groups`, one list per cost level, cheapest level first.

    Each item is (index tuple, the alternatives chosen). At most `budget` combinations are
    looked at in all, so that a query with a huge product stays cheap to plan.
    """
    lists = [list(g.alternatives) for g in groups]
    level: list[tuple[tuple[int, ...], tuple[Alternative, ...]]] = []
    level_cost = None
    for cost, indexes in _smallest_sums(lists, budget):
        if level_cost is not None and cost != level_cost:
            yield level
            level = []
        level_cost = cost
        level.append((indexes, tuple(lists[j][i] for j, i in enumerate(indexes))))
    if level:
        yield level
