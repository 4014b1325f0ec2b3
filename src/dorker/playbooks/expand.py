"""Expand a playbook's queries for given variable values: render, parse once, bind, matrix."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dorker.errors import InputError, Location, UsageError
from dorker.playbooks.bind import BindProblem, KwSpace, UnsetVariable, VarSlot, bind
from dorker.playbooks.model import Playbook, Query
from dorker.playbooks.sandbox import CompiledTemplate, TemplateProblem, compile_template, render
from dorker.playbooks.values import ValueError_, forms, normalise
from dorker.query.ast import Node
from dorker.query.diagnostics import Diagnostic
from dorker.query.parser import ParseResult, parse

__all__ = [
    "MAX_EXPANSIONS",
    "MAX_MATCH_COMBINATIONS",
    "Expansion",
    "expand",
    "expand_for_matching",
    "query_location",
    "render_query",
    "resolve_values",
    "template_of",
]

MAX_EXPANSIONS = 200
MAX_MATCH_COMBINATIONS = 64
Values = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Expansion:
    """One built form of a query: the values it used and its tree (None when skipped)."""

    query: Query
    values: dict[str, tuple[str, ...]]
    node: Node | None
    diagnostics: tuple[Diagnostic, ...] = ()
    skipped: str | None = None
    used: frozenset[str] = frozenset()

    def used_values(self) -> dict[str, tuple[str, ...]]:
        """The values of the variables this query's template reads, in declaration order."""
        return {n: v for n, v in self.values.items() if n in self.used and v}


def query_location(pb: Playbook, query: Query, line: int | None = None) -> Location:
    """Where a query's template (or a line of it) is written."""
    where = pb.where("queries", query.index, "query")
    if line and line > 1 and where.line:
        return Location(where.path, where.line + line - 1, where.column, where.field)
    return where


def template_of(pb: Playbook, query: Query) -> CompiledTemplate:
    """The compiled template; InputError (located) when it is refused."""
    try:
        return compile_template(query.template)
    except TemplateProblem as exc:
        raise InputError(f"query {query.id!r}: {exc.message}",
                         where=query_location(pb, query, exc.line)) from None


def keyword_table(pb: Playbook) -> dict[str, tuple[str, ...]]:
    """Token name → terms for every keyword list (cached on the playbook, with `kw-space`)."""
    table: dict[str, tuple[str, ...]] | None = pb.cache.get("kw-table")
    if table is None:
        table = {}
        for name, kw in pb.keywords.items():
            table[f"kw.{name}"] = kw.all_terms()
            for lang, terms in kw.terms.items():
                table[f"kw.{name}.{lang}"] = terms
        pb.cache["kw-table"] = table
        pb.cache["kw-space"] = KwSpace({n: frozenset(k.terms) for n, k in pb.keywords.items()})
    return table


def resolve_values(pb: Playbook, given: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """The values of every variable from `-V` (else defaults), checked; UsageError otherwise."""
    for name in given:
        if name not in pb.variables:
            known = ", ".join(sorted(pb.variables)) or "none"
            raise UsageError(f"playbook {pb.id!r} has no variable {name!r}",
                             hint=f"its variables: {known}")
    out: dict[str, tuple[str, ...]] = {}
    for name, var in pb.variables.items():
        raw = tuple(given.get(name, ())) or var.default
        if not raw and var.required:
            raise UsageError(f"playbook {pb.id!r} needs a value for {name!r} ({var.type})",
                             hint=f"add -V {name}=VALUE")
        if len(raw) > 1 and not (var.multiple or var.matrix):
            raise UsageError(f"variable {name!r} takes one value, got {len(raw)}")
        values = []
        for value in raw:
            try:
                values.append(normalise(var.type, value, choices=var.choices, region=var.region))
            except ValueError_ as exc:
                raise UsageError(f"-V {name}: {exc}") from None
        out[name] = tuple(dict.fromkeys(values))
    return out


@lru_cache(maxsize=8192)
def parse_cached(text: str) -> ParseResult:
    """`parse`, cached: a template's placeholder text is the same whatever the values."""
    return parse(text)


def render_query(pb: Playbook, query: Query, values: Values) -> Expansion:
    """Render one query with one assignment of values (matrix variables single-valued)."""
    table = dict(keyword_table(pb))
    context: dict[str, Any] = {"kw": pb.cache["kw-space"]}
    compiled = template_of(pb, query)
    used = compiled.names
    for name, var in pb.variables.items():
        vals = values.get(name, ())
        context[name] = VarSlot(name, vals)
        if name in used:  # selector forms only for the variables this query reads
            table[name] = tuple(f for v in vals for f in forms(var.type, v, region=var.region))
    try:
        text = render(compiled, context)
    except UnsetVariable as exc:
        return Expansion(query, dict(values), None, skipped=exc.message, used=used)
    except TemplateProblem as exc:
        raise InputError(f"query {query.id!r}: {exc.message}",
                         where=query_location(pb, query, exc.line)) from None
    if not text.strip():
        return Expansion(query, dict(values), None, skipped="the template rendered nothing",
                         used=used)
    result = parse_cached(text)
    try:
        node = bind(result.node, table)
    except BindProblem as exc:
        raise InputError(f"query {query.id!r}: {exc}", where=query_location(pb, query)) from None
    diags = tuple(Diagnostic(d.code, d.severity, d.message.replace("⟦", "{{ ").replace("⟧", " }}"),
                             d.operator, None)
                  for d in result.diagnostics
                  if not (d.span and "⟦" in text[d.span[0]:d.span[1]] and d.code == "bad-date"))
    if node is None:
        return Expansion(query, dict(values), None, diags, skipped="nothing searchable is left",
                         used=used)
    return Expansion(query, dict(values), node, diags, used=used)


def _used(pb: Playbook, query: Query) -> list[str]:
    names = template_of(pb, query).names
    unknown = sorted(names - set(pb.variables) - {"kw"})
    if unknown:
        raise InputError(f"query {query.id!r} uses unknown variable {unknown[0]!r}",
                         where=query_location(pb, query),
                         hint="declare it under variables: "
                              f"({', '.join(sorted(pb.variables)) or 'none yet'})")
    return [n for n in pb.variables if n in names]


def expand(pb: Playbook, values: Values, query_ids: Sequence[str] | None = None) -> list[Expansion]:
    """Every query (or the named ones) with a matrix variable's values one query each."""
    queries = [q for q in pb.queries if query_ids is None or q.id in query_ids]
    plans: list[tuple[Query, list[dict[str, tuple[str, ...]]]]] = []
    total = 0
    for query in queries:
        used = _used(pb, query)
        axes = [[(n, (v,)) for v in values.get(n, ())] for n in used
                if pb.variables[n].matrix and len(values.get(n, ())) > 1]
        combos = [dict(values) | dict(c) for c in itertools.product(*axes)] if axes else \
            [dict(values)]
        total += len(combos)
        if total > MAX_EXPANSIONS:
            matrix = ", ".join(n for n in used if pb.variables[n].matrix)
            raise UsageError(f"playbook {pb.id!r} would build more than {MAX_EXPANSIONS} queries",
                             hint=f"give fewer values to the matrix variable(s) {matrix}")
        plans.append((query, combos))
    return [render_query(pb, q, combo) for q, combos in plans for combo in combos]


def expand_for_matching(pb: Playbook, query: Query) -> list[Expansion]:
    """The query over its variables' defaults and choices (see docs: Matching)."""
    cached: list[Expansion] | None = pb.cache.get(("match", query.id))
    if cached is not None:
        return cached
    used = _used(pb, query)
    candidates: dict[str, tuple[str, ...]] = {}
    for name in used:
        var = pb.variables[name]
        raw = tuple(dict.fromkeys(var.default + var.choices))
        if not raw and var.required:
            pb.cache[("match", query.id)] = []
            return []
        valid: list[str] = []
        for value in raw:
            try:
                valid.append(normalise(var.type, value, choices=var.choices, region=var.region))
            except ValueError_:
                continue  # lint reports it; matching tries the values that are valid
        candidates[name] = tuple(dict.fromkeys(valid))
    count = 1
    for vals in candidates.values():
        count *= max(len(vals), 1)
    if count <= MAX_MATCH_COMBINATIONS:
        axes: list[list[tuple[str, tuple[str, ...]]]] = [
            [(n, (v,)) for v in vals] or [(n, ())] for n, vals in candidates.items()]
        combos: list[dict[str, tuple[str, ...]]] = [dict(c) for c in itertools.product(*axes)]
    else:
        combos = [candidates]  # too many: every value of a variable at once (an OR)
    out = [render_query(pb, query, combo) for combo in combos]
    pb.cache[("match", query.id)] = out
    return out
