"""Sandboxed, bounded jinja2 rendering of playbook query templates (which are untrusted input).

Three layers. (1) Before compiling, the template's syntax tree is checked against a small
whitelist: output, `if`, `for` (not recursive), comparisons, tests, a few harmless filters and
calls to `range` only; no attribute starting with `_`, no macros, `set`, `include`, `import`,
blocks or `~`. (2) The environment is jinja2's immutable sandbox with strict undefined, no
default globals (no `cycler`, `lipsum`, `namespace`...), a capped `range`, and `*`, `+`, `**`
and `%` refusing huge results. (3) Every `for` loop iterates through a counter, and output is
collected up to a limit, so a render is bounded in iterations, time and size.
"""

from __future__ import annotations

import contextvars
import operator
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["MAX_ITERATIONS", "MAX_OUTPUT", "TemplateProblem", "compile_template", "render"]

MAX_OUTPUT = 20_000
MAX_ITERATIONS = 10_000
MAX_RANGE = 1_000
MAX_SECONDS = 0.5
MAX_SEQUENCE = 2_000
MAX_TEMPLATE = 8_000
_ITER_NAME = "dorker_bounded_iter"

_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.Getattr,
    nodes.Getitem, nodes.If, nodes.For, nodes.Compare, nodes.Operand, nodes.And, nodes.Or,
    nodes.Not, nodes.Neg, nodes.Pos, nodes.CondExpr, nodes.Filter, nodes.Test, nodes.Call,
    nodes.List, nodes.Tuple, nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv,
    nodes.Mod, nodes.Pow, nodes.Keyword,
)
_ALLOWED_FILTERS = frozenset({"default", "d", "length", "count", "lower", "upper", "trim",
                              "first", "last", "join"})
_REFUSED_NAMES = {
    nodes.Macro: "macros", nodes.CallBlock: "{% call %} blocks", nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}", nodes.Include: "{% include %}", nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}", nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}", nodes.Concat: "the ~ operator", nodes.FilterBlock:
    "{% filter %} blocks", nodes.With: "{% with %}", nodes.Slice: "slices",
}


class TemplateProblem(Exception):
    """A template is refused, cannot compile or failed while rendering; `line` is 1-based."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(slots=True)
class _Budget:
    iterations: int = 0
    deadline: float = 0.0

    def tick(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise TemplateProblem(f"the template loops more than {MAX_ITERATIONS:,} times")
        if not self.iterations & 63 and time.monotonic() > self.deadline:
            raise TemplateProblem(f"the template ran longer than {MAX_SECONDS} s")


_BUDGET: contextvars.ContextVar[_Budget] = contextvars.ContextVar("dorker_template_budget")


def _bounded_iter(iterable: Iterable[Any]) -> Iterator[Any]:
    budget = _BUDGET.get()
    for item in iterable:
        budget.tick()
        yield item


def _capped_range(*args: Any) -> range:
    whole = all(isinstance(a, int) and not isinstance(a, bool) for a in args)
    if not whole or not 1 <= len(args) <= 3:
        raise TemplateProblem("range() takes one to three whole numbers")
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise TemplateProblem(f"range() of {len(result):,} numbers is over the {MAX_RANGE:,} limit")
    return result


def _size(value: Any) -> int | None:
    """How much a text or list weighs: characters plus items, nested lists included.

    Counting only the outer length would let `[[['x'*1000]*1000]*300]` pass each check while
    the whole holds 300 million characters. The walk stops as soon as the limit is passed, so
    shared references cannot make it slow.
    """
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, (list, tuple)):
        return None
    total, stack = 0, [value]
    while stack and total <= MAX_SEQUENCE:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 1
        elif isinstance(item, (list, tuple)):
            total += 1
            stack.extend(item)
        else:
            total += 1
    return total


def _checked_mul(left: Any, right: Any) -> Any:
    for seq, n in ((left, right), (right, left)):
        size = _size(seq)
        if size is not None and isinstance(n, int) and size * max(n, 0) > MAX_SEQUENCE:
            raise TemplateProblem(f"repeating a text or list {n:,} times is over the limit")
    if isinstance(left, int) and isinstance(right, int) and \
            left.bit_length() + right.bit_length() > 128:
        raise TemplateProblem("a multiplication result is too large")
    return operator.mul(left, right)


def _checked_add(left: Any, right: Any) -> Any:
    a, b = _size(left), _size(right)
    if a is not None and b is not None and a + b > MAX_SEQUENCE:
        raise TemplateProblem("joining these texts or lists is over the size limit")
    return operator.add(left, right)


def _checked_pow(left: Any, right: Any) -> Any:
    numbers = isinstance(left, (int, float)) and isinstance(right, (int, float))
    if numbers and (abs(right) > 64
                    or (isinstance(left, int) and left.bit_length() * abs(right) > 128)):
        raise TemplateProblem("a power result is too large")
    return operator.pow(left, right)


def _checked_mod(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        raise TemplateProblem("'%' formatting of text is not allowed")
    return operator.mod(left, right)


_CHECKED = {"*": _checked_mul, "+": _checked_add, "**": _checked_pow, "%": _checked_mod}


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox with bounded operators and calls counted against the render's budget."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        return _CHECKED.get(operator_, self.binop_table[operator_])(left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get(None)
        if budget is not None:
            budget.tick()
        return super().call(__context, __obj, *args, **kwargs)


def _checked_join(value: Iterable[Any], d: Any = "", attribute: Any = None) -> str:
    """`join`, refusing a result over the output limit (a long separator times many items)."""
    if attribute is not None:
        raise TemplateProblem("join(attribute=...) is not allowed")
    parts = [str(v) for v in value]
    sep = str(d)
    if sum(map(len, parts)) + len(sep) * max(len(parts) - 1, 0) > MAX_OUTPUT:
        raise TemplateProblem(f"join() would make more than {MAX_OUTPUT:,} characters")
    return sep.join(parts)


def _make_env() -> _Environment:
    env = _Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                       auto_reload=False, cache_size=0)
    env.globals.clear()
    env.globals.update({"range": _capped_range, _ITER_NAME: _bounded_iter})
    env.filters = {name: f for name, f in env.filters.items() if name in _ALLOWED_FILTERS}
    env.filters["join"] = _checked_join
    return env


_ENV = _make_env()


def _check_tree(tree: nodes.Template) -> None:
    for node in tree.find_all(nodes.Node):
        line = getattr(node, "lineno", None)
        refused = _REFUSED_NAMES.get(type(node))
        if refused:
            raise TemplateProblem(f"{refused}: not allowed in a playbook query", line)
        if not isinstance(node, _ALLOWED_NODES):
            raise TemplateProblem(f"'{type(node).__name__}' is not allowed in a playbook query",
                                  line)
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise TemplateProblem(f"attribute {node.attr!r} is not allowed", line)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and \
                isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            raise TemplateProblem(f"item {node.arg.value!r} is not allowed", line)
        if isinstance(node, nodes.Name) and node.name.startswith("_"):
            raise TemplateProblem(f"name {node.name!r} is not allowed", line)
        if isinstance(node, nodes.Filter) and node.name not in _ALLOWED_FILTERS:
            raise TemplateProblem(f"filter {node.name!r} is not allowed (allowed: "
                                  f"{', '.join(sorted(_ALLOWED_FILTERS))})", line)
        if isinstance(node, nodes.Call) and not (isinstance(node.node, nodes.Name)
                                                 and node.node.name == "range"):
            raise TemplateProblem("only range() may be called in a playbook query", line)
        if isinstance(node, nodes.Call) and (node.dyn_args or node.dyn_kwargs or node.kwargs):
            raise TemplateProblem("range() takes plain arguments", line)
        if isinstance(node, nodes.For) and node.recursive:
            raise TemplateProblem("recursive loops are not allowed", line)
    for loop in tree.find_all(nodes.For):
        call = nodes.Call(nodes.Name(_ITER_NAME, "load"), [loop.iter], [], None, None)
        call.set_lineno(loop.lineno)
        loop.iter = call


@dataclass(frozen=True, slots=True)
class CompiledTemplate:
    """A checked, compiled template and the names it reads.

    A template made only of text and `{{ name }}` / `{{ kw.list.lang }}` placeholders (most
    playbook queries) is kept as `parts` and rendered without jinja2: same result, no compile.
    """

    template: Any
    names: frozenset[str]
    source: str
    parts: tuple[str | tuple[int, tuple[str, ...]], ...] | None = None


_SIMPLE_EXPR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")


def _simple_parts(source: str) -> tuple[str | tuple[int, tuple[str, ...]], ...] | None:
    """Text and dotted-name placeholders only (no statements, comments or expressions)."""
    if "{%" in source or "{#" in source or "\r" in source or "#}" in source:
        return None
    parts: list[str | tuple[int, tuple[str, ...]]] = []
    pos = 0
    for found in _SIMPLE_EXPR.finditer(source):
        parts.append(source[pos:found.start()])
        path = tuple(found.group(1).split("."))
        if any(p.startswith("_") for p in path):
            return None  # let the full checker refuse it with its own message
        parts.append((source.count("\n", 0, found.start()) + 1, path))
        pos = found.end()
    tail = source[pos:]
    if "{{" in tail or any("{{" in p for p in parts if isinstance(p, str)):
        return None
    parts.append(tail[:-1] if tail.endswith("\n") else tail)  # jinja drops one final newline
    return tuple(parts)


def _render_simple(parts: tuple[str | tuple[int, tuple[str, ...]], ...],
                   context: dict[str, Any]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        line, path = part
        if path[0] not in context:
            raise TemplateProblem(f"template error: '{path[0]}' is undefined", line)
        value = context[path[0]]
        for attr in path[1:]:
            if not hasattr(type(value), "__getitem__") or isinstance(value, (str, list, tuple)):
                raise TemplateProblem(f"template error: '{type(value).__name__} object' has no "
                                      f"attribute '{attr}'", line)
            try:
                value = value[attr]
            except TemplateProblem as exc:
                exc.line = exc.line or line
                raise
            except (LookupError, TypeError):
                raise TemplateProblem(f"template error: '{type(value).__name__} object' has no "
                                      f"attribute '{attr}'", line) from None
        try:
            out.append(str(value))
        except TemplateProblem as exc:
            exc.line = exc.line or line
            raise
    return "".join(out)


@lru_cache(maxsize=4096)
def compile_template(source: str) -> CompiledTemplate:
    """Check and compile a template once (cached by its text); TemplateProblem when refused."""
    if len(source) > MAX_TEMPLATE:
        raise TemplateProblem(f"the query is longer than {MAX_TEMPLATE:,} characters", 1)
    parts = _simple_parts(source)
    if parts is not None:
        names = frozenset(p[1][0] for p in parts if not isinstance(p, str))
        return CompiledTemplate(None, names, source, parts)
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}", exc.lineno) from None
    except RecursionError:
        raise TemplateProblem("the template is nested too deeply", 1) from None
    except Exception as exc:  # e.g. a 5,000-digit number: the lexer's int() refuses it
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise TemplateProblem(f"template syntax error: {message}", 1) from None
    _check_tree(tree)
    names = frozenset(n.name for n in tree.find_all(nodes.Name) if n.ctx == "load") - {
        "range", _ITER_NAME}
    try:
        template = _ENV.from_string(tree)
    except TemplateSyntaxError as exc:  # pragma: no cover - parse already succeeded
        raise TemplateProblem(f"template error: {exc.message}", exc.lineno) from None
    except (RecursionError, MemoryError):
        raise TemplateProblem("the template is too complex to compile", 1) from None
    except Exception as exc:  # pragma: no cover - jinja2 refusing what it parsed
        raise TemplateProblem(f"template error: {' '.join(str(exc).split())[:200]}", 1) from None
    return CompiledTemplate(template, names, source)


def render(compiled: CompiledTemplate, context: dict[str, Any]) -> str:
    """Render within the limits; TemplateProblem (with the template line when known) otherwise."""
    if compiled.parts is not None:
        return _render_simple(compiled.parts, context)
    budget = _Budget(deadline=time.monotonic() + MAX_SECONDS)
    token = _BUDGET.set(budget)
    out: list[str] = []
    size = 0
    try:
        for chunk in compiled.template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateProblem(f"the query renders to more than {MAX_OUTPUT:,} characters")
            budget.tick()
            out.append(chunk)
    except TemplateProblem as exc:
        if exc.line is None:
            exc.line = _template_line(exc)
        raise
    except RecursionError:
        raise TemplateProblem("the template recursed too deeply") from None
    except Exception as exc:  # anything the template did wrong; never a traceback
        message = " ".join(str(exc).split()) or type(exc).__name__
        problem = TemplateProblem(f"template error: {message}", _template_line(exc))
        raise problem from None
    finally:
        _BUDGET.reset(token)
    return "".join(out)


def _template_line(exc: BaseException) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
