"""Values as literals: templates render opaque placeholders, and values are bound into the tree.

A template sees each variable and keyword list as a placeholder object that prints as a token
such as `⟦country⟧` or `⟦kw.free_visa.bn⟧` (the parser reads it as one word). The rendered text
is parsed once; then `bind` replaces each token leaf by the value's own node: a word, a phrase,
an operator value, or an OR of several. No value is ever parsed as query syntax, so a value like
`x" OR site:evil.com` is searched as that text and cannot change the query's structure.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from functools import lru_cache

from dorker.playbooks.sandbox import TemplateProblem
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Range, Term
from dorker.query.parser import is_bare_word

__all__ = [
    "TOKEN_RE",
    "BindProblem",
    "KwSlot",
    "KwSpace",
    "UnsetVariable",
    "VarSlot",
    "bind",
    "clean_value",
    "leaf",
    "token",
]

TOKEN_RE = re.compile(r"⟦([^⟦⟧\s]{1,120})⟧")
MAX_COMBINATIONS = 256


def token(name: str) -> str:
    """The placeholder text for a binding name."""
    return f"⟦{name}⟧"


class UnsetVariable(TemplateProblem):
    """A template printed a variable that has no value (guard it with `{% if name %}`)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"variable {name!r} has no value here (give -V {name}=... or guard it "
                         f"with {{% if {name} %}})")
        self.name = name


class BindProblem(Exception):
    """A placeholder is used where a value cannot go (glued to text, unknown...)."""


class VarSlot:
    """What a template sees for a variable: prints as its token; true when it has a value."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: tuple[str, ...]) -> None:
        self._name = name
        self._values = values

    def __str__(self) -> str:
        if not self._values:
            raise UnsetVariable(self._name)
        return token(self._name)

    def __bool__(self) -> bool:
        return bool(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other in self._values

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __contains__(self, item: object) -> bool:
        return item in self._values

    __hash__ = None  # type: ignore[assignment]


class KwSlot:
    """`kw.<name>` (every language) or `kw.<name>.<lang>`: prints as its token."""

    __slots__ = ("_lang", "_langs", "_name")

    def __init__(self, name: str, langs: frozenset[str], lang: str | None = None) -> None:
        self._name = name
        self._langs = langs
        self._lang = lang

    def __getitem__(self, lang: str) -> KwSlot:
        if self._lang is None and lang in self._langs:
            return KwSlot(self._name, self._langs, lang)
        raise TemplateProblem(f"keyword list {self._name!r} has no language {lang!r} "
                              f"(it has: {', '.join(sorted(self._langs)) or 'none'})")

    def __str__(self) -> str:
        return token(f"kw.{self._name}" + (f".{self._lang}" if self._lang else ""))

    def __bool__(self) -> bool:
        return True


class KwSpace:
    """`kw`: the playbook's keyword lists by name."""

    __slots__ = ("_lists",)

    def __init__(self, lists: Mapping[str, frozenset[str]]) -> None:
        self._lists = lists

    def __str__(self) -> str:
        raise TemplateProblem("write kw.<name> (or kw.<name>.<lang>), not kw alone")

    def __getitem__(self, name: str) -> KwSlot:
        langs = self._lists.get(name)
        if langs is None:
            known = ", ".join(sorted(self._lists)) or "none"
            raise TemplateProblem(f"no keyword list named {name!r} (known: {known})")
        return KwSlot(name, langs)


def clean_value(value: str) -> str:
    """A value as literal search text: quote characters dropped (no engine searches them)."""
    return " ".join(value.replace('"', " ").split())


def leaf(value: str, plus: bool = False) -> Node | None:
    """The node for one literal value: a word when it reads back as that word, else a phrase."""
    text = clean_value(value)
    if not text:
        return None
    # A word with a parenthesis or bar reads differently inside a group: keep it a phrase.
    if text != "*" and not any(c in "()|" for c in text) and is_bare_word(text):
        return Term(text, plus)
    return Phrase(text)


@lru_cache(maxsize=16384)
def _values_node(values: tuple[str, ...], plus: bool) -> Node | None:
    """The node standing for a placeholder word: one value's leaf, or an OR of them."""
    return _any([n for v in values if (n := leaf(v, plus))])


@lru_cache(maxsize=16384)
def _field_node(op: str, values: tuple[str, ...]) -> Node | None:
    """`op:` with each value (an OR of fields for several)."""
    fields: list[Node] = []
    for value in values:
        text = clean_value(value)
        if text:
            fields.append(Field(op, text, any(c.isspace() or c in "()|" for c in text)))
    return _any(fields)


def _any(nodes_: list[Node]) -> Node | None:
    unique = list(dict.fromkeys(nodes_))
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else Or(tuple(unique))


def _lookup(name: str, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    values = table.get(name)
    if values is None:
        raise BindProblem(f"unknown placeholder {_show(token(name))} "
                          "(a filter may have changed it)")
    return values


def _substitute(text: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Every text made by putting each value of each token inside `text` (a phrase's body)."""
    parts = TOKEN_RE.split(text)  # literal, name, literal, name, ... literal
    choices: list[tuple[str, ...]] = []
    for i, part in enumerate(parts):
        if i % 2:
            values = tuple(v for v in (clean_value(x) for x in _lookup(part, table)) if v)
            choices.append(values)
        else:
            choices.append((part,))
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_COMBINATIONS:
        raise BindProblem(f"a phrase with these placeholders makes {total:,} phrases "
                          f"(limit {MAX_COMBINATIONS})")
    return [" ".join("".join(combo).split()) for combo in itertools.product(*choices)]


def bind(node: Node, table: Mapping[str, tuple[str, ...]]) -> Node | None:
    """`node` with every placeholder replaced by its values' nodes; None when nothing is left."""
    if isinstance(node, Term):
        found = TOKEN_RE.search(node.text)
        if found is None:
            return node
        if found.group(0) != node.text:
            raise BindProblem(f"placeholder {_show(found.group(0))} is glued to other text in "
                              f"{_show(node.text)}; put a space around it")
        return _values_node(_lookup(found.group(1), table), node.plus)
    if isinstance(node, Phrase):
        if TOKEN_RE.search(node.text) is None:
            return node
        return _any([Phrase(t) for t in _substitute(node.text, table) if t])
    if isinstance(node, Field):
        found = TOKEN_RE.search(node.value)
        if found is None:
            return node
        if node.quoted:
            return _any([Field(node.op, t, True) for t in _substitute(node.value, table) if t])
        if found.group(0) != node.value:
            raise BindProblem(f"placeholder {_show(found.group(0))} is glued to other text in "
                              f"{node.op}:{_show(node.value)}; an operator takes one whole value")
        return _field_node(node.op, _lookup(found.group(1), table))
    if isinstance(node, AllIn):
        options: list[list[Term | Phrase]] = []
        for item in node.items:
            bound = bind(item, table)
            alts = list(bound.children) if isinstance(bound, Or) else ([bound] if bound else [])
            options.append([a for a in alts if isinstance(a, (Term, Phrase))])
        combos = list(itertools.islice(itertools.product(*options), MAX_COMBINATIONS + 1))
        if len(combos) > MAX_COMBINATIONS:
            raise BindProblem(f"{node.op}: with these values makes too many variants")
        return _any([AllIn(node.op, tuple(c)) for c in combos if c])
    if isinstance(node, Not):
        child = bind(node.child, table)
        return Not(child) if child is not None else None
    if isinstance(node, (And, Or)):
        kids = [k for k in (bind(c, table) for c in node.children) if k is not None]
        flat: list[Node] = []
        for kid in kids:
            same = isinstance(kid, (And, Or)) and type(kid) is type(node)
            flat.extend(kid.children if same else (kid,))  # type: ignore[union-attr]
        if not flat:
            return None
        return flat[0] if len(flat) == 1 else type(node)(tuple(flat))
    if isinstance(node, Around):
        left, right = bind(node.left, table), bind(node.right, table)
        if left is None or right is None:
            return left or right
        return Around(left, node.distance, right)
    if isinstance(node, Range):
        for part in (node.low, node.high):
            found = TOKEN_RE.search(part)
            if found:
                raise BindProblem(f"placeholder {_show(found.group(0))} cannot be part of a range")
        return node
    return node  # pragma: no cover - every node type is handled above


def _show(text: str) -> str:
    return repr(TOKEN_RE.sub(lambda m: "{{ " + m.group(1) + " }}", text))
