"""Engine-neutral query model: immutable values, no I/O.

A query is a tree. Grouping is its structure (an `Or` inside an `And` is a parenthesised group);
the compilers decide where each engine needs parentheses. Field operators keep their neutral
names (site, intitle, ...); deprecated ones (cache, related, link, info) are kept so that they
can be reported rather than silently lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any, Union

__all__ = [
    "ALLIN_OPERATORS",
    "DEPRECATED_OPERATORS",
    "FIELD_OPERATORS",
    "NEUTRAL_OPERATORS",
    "AllIn",
    "And",
    "Around",
    "Field",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Range",
    "Term",
    "from_data",
    "to_data",
    "walk",
]

# Operators written `name:value` that take one operand.
FIELD_OPERATORS = frozenset(
    {
        "site",
        "intitle",
        "inurl",
        "intext",
        "inanchor",
        "filetype",
        "after",
        "before",
        "lang",
        "loc",
        "cache",
        "related",
        "link",
        "info",
    }
)
# Operators that take every following word (`allintitle: a b c`).
ALLIN_OPERATORS = frozenset({"allintitle", "allinurl", "allintext"})
DEPRECATED_OPERATORS = frozenset({"cache", "related", "link", "info"})
# Every neutral operator an engine profile must describe.
NEUTRAL_OPERATORS = (
    "phrase",
    "or",
    "not",
    "group",
    "plus",
    "wildcard",
    "site",
    "intitle",
    "allintitle",
    "inurl",
    "allinurl",
    "intext",
    "allintext",
    "inanchor",
    "filetype",
    "after",
    "before",
    "range",
    "around",
    "lang",
    "loc",
    "cache",
    "related",
    "link",
    "info",
)


@dataclass(frozen=True, slots=True)
class Term:
    """A single word. `plus` marks a forced word (`+word`); `*` alone is the wildcard."""

    text: str
    plus: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """An exact phrase (`"free visa"`)."""

    text: str


@dataclass(frozen=True, slots=True)
class Field:
    """A field operator with one operand: `site:example.com`, `intitle:"free visa"`.

    `quoted` records that the operand was (or must be) written in quotes.
    """

    op: str
    value: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class AllIn:
    """`allintitle:` / `allinurl:` / `allintext:` followed by its words and phrases."""

    op: str
    items: tuple[Term | Phrase, ...]
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # Trees are compared and used as cache keys often (a playbook's query is compiled for
        # every engine): hash a composite node once, not on every lookup.
        if not self._hash:
            object.__setattr__(self, "_hash", hash((type(self), *_fields(self))) or 1)
        return self._hash


@dataclass(frozen=True, slots=True)
class Not:
    """Exclusion: `-word`, `-site:x`, `-(a OR b)`."""

    child: Node
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # Trees are compared and used as cache keys often (a playbook's query is compiled for
        # every engine): hash a composite node once, not on every lookup.
        if not self._hash:
            object.__setattr__(self, "_hash", hash((type(self), *_fields(self))) or 1)
        return self._hash


@dataclass(frozen=True, slots=True)
class And:
    """All of the children (juxtaposition). `And(())` is the empty query."""

    children: tuple[Node, ...]
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # Trees are compared and used as cache keys often (a playbook's query is compiled for
        # every engine): hash a composite node once, not on every lookup.
        if not self._hash:
            object.__setattr__(self, "_hash", hash((type(self), *_fields(self))) or 1)
        return self._hash


@dataclass(frozen=True, slots=True)
class Or:
    """Any of the children (`a OR b`, `a | b`)."""

    children: tuple[Node, ...]
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # Trees are compared and used as cache keys often (a playbook's query is compiled for
        # every engine): hash a composite node once, not on every lookup.
        if not self._hash:
            object.__setattr__(self, "_hash", hash((type(self), *_fields(self))) or 1)
        return self._hash


@dataclass(frozen=True, slots=True)
class Around:
    """Proximity: `left AROUND(n) right`."""

    left: Node
    distance: int
    right: Node
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # Trees are compared and used as cache keys often (a playbook's query is compiled for
        # every engine): hash a composite node once, not on every lookup.
        if not self._hash:
            object.__setattr__(self, "_hash", hash((type(self), *_fields(self))) or 1)
        return self._hash


@dataclass(frozen=True, slots=True)
class Range:
    """A numeric range `low..high` (`2019..2021`, `$100..$200`)."""

    low: str
    high: str


Node = Union[Term, Phrase, Field, AllIn, Not, And, Or, Around, Range]  # noqa: UP007


def _fields(node: object) -> tuple[object, ...]:
    return tuple(getattr(node, f.name) for f in fields(node) if f.compare)  # type: ignore[arg-type]


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    yield node
    if isinstance(node, (And, Or)):
        for child in node.children:
            yield from walk(child)
    elif isinstance(node, Not):
        yield from walk(node.child)
    elif isinstance(node, Around):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, AllIn):
        yield from node.items


def to_data(node: Node) -> dict[str, object]:
    """A JSON-ready form of the tree (for `--format json` and debugging)."""
    if isinstance(node, Term):
        return {"type": "term", "text": node.text, **({"plus": True} if node.plus else {})}
    if isinstance(node, Phrase):
        return {"type": "phrase", "text": node.text}
    if isinstance(node, Field):
        return {"type": "field", "op": node.op, "value": node.value, "quoted": node.quoted}
    if isinstance(node, AllIn):
        return {"type": "allin", "op": node.op, "items": [to_data(i) for i in node.items]}
    if isinstance(node, Not):
        return {"type": "not", "child": to_data(node.child)}
    if isinstance(node, (And, Or)):
        return {
            "type": "and" if isinstance(node, And) else "or",
            "children": [to_data(c) for c in node.children],
        }
    if isinstance(node, Around):
        return {
            "type": "around",
            "distance": node.distance,
            "left": to_data(node.left),
            "right": to_data(node.right),
        }
    return {"type": "range", "low": node.low, "high": node.high}


def from_data(data: dict[str, Any]) -> Node:
    """The inverse of `to_data`."""
    kind = data["type"]
    if kind == "term":
        return Term(str(data["text"]), bool(data.get("plus", False)))
    if kind == "phrase":
        return Phrase(str(data["text"]))
    if kind == "field":
        return Field(str(data["op"]), str(data["value"]), bool(data.get("quoted", False)))
    if kind == "allin":
        items = tuple(from_data(i) for i in data["items"])
        return AllIn(str(data["op"]), items)  # type: ignore[arg-type]
    if kind == "not":
        return Not(from_data(data["child"]))
    if kind in ("and", "or"):
        children = tuple(from_data(c) for c in data["children"])
        return And(children) if kind == "and" else Or(children)
    if kind == "around":
        return Around(from_data(data["left"]), int(data["distance"]), from_data(data["right"]))
    if kind == "range":
        return Range(str(data["low"]), str(data["high"]))
    raise ValueError(f"unknown node type {kind!r}")
