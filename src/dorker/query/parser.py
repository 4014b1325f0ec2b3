"""Lenient parser for Google-syntax dorks: text → neutral query tree + located diagnostics.

It never raises on any input and never drops text silently: whatever it cannot read as written
becomes a diagnostic with the span of the offending text (unbalanced quotes and parentheses,
dangling OR, an operator with no value...). Precedence follows Google: OR binds tighter than
juxtaposition (`a b OR c` is `a (b OR c)`); `AROUND(n)` binds tighter still.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dorker.query.ast import (
    ALLIN_OPERATORS,
    FIELD_OPERATORS,
    AllIn,
    And,
    Around,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
)
from dorker.query.diagnostics import Diagnostic

__all__ = ["DATE_RE", "OPERATOR_ALIASES", "ParseResult", "is_bare_word", "is_date", "parse"]

# Names accepted before a colon, with their neutral operator (case-insensitive).
OPERATOR_ALIASES: dict[str, str] = {
    **{name: name for name in FIELD_OPERATORS | ALLIN_OPERATORS},
    "ext": "filetype",
    "language": "lang",
    "location": "loc",
}
_OP_RE = re.compile(r"([A-Za-z]+):(.*)\Z", re.S)
_OP_GROUP_RE = re.compile(r"([A-Za-z]+):(?=\()")
_AROUND_RE = re.compile(r"AROUND\((\d{1,4})\)\Z")
_NUM = r"[^\w\s.]?\d+(?:[.,]\d+)*"
_RANGE_RE = re.compile(rf"({_NUM})\.\.({_NUM})\Z")
DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?\Z")
_MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class ParseResult:
    """The tree, and what the parser had to say about the input."""

    node: Node
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing searchable was read."""
        return isinstance(self.node, And) and not self.node.children


@dataclass(slots=True)
class _Tok:
    kind: str  # WORD PHRASE LPAREN RPAREN OR AND NOT PLUS AROUND FIELD FIELDGROUP ALLIN
    text: str
    start: int
    end: int
    op: str = ""
    quoted: bool = False
    number: int = 0


@dataclass(slots=True)
class _State:
    text: str
    tokens: list[_Tok] = field(default_factory=list)
    pos: int = 0
    diags: list[Diagnostic] = field(default_factory=list)

    def warn(
        self,
        code: str,
        message: str,
        start: int,
        end: int,
        op: str | None = None,
        severity: str = "warning",
    ) -> None:
        self.diags.append(Diagnostic(code, severity, message, op, (start, end)))  # type: ignore[arg-type]

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok


def parse(text: str) -> ParseResult:
    """Parse one dork. Never raises; see the module docstring."""
    state = _State(text)
    _tokenize(state)
    children = _parse_sequence(state, depth=0, closing=False)
    node = _make_and(children)
    if isinstance(node, And) and not node.children:
        if text.strip():
            state.warn(
                "empty-query",
                "nothing searchable was read from this line",
                0,
                len(text),
                severity="error",
            )
        else:
            state.warn("empty-query", "the line is empty", 0, len(text), severity="error")
    return ParseResult(node, tuple(state.diags))


# --- tokens -------------------------------------------------------------------------------------


def _tokenize(st: _State) -> None:
    s, n, i, depth = st.text, len(st.text), 0, 0
    toks = st.tokens
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
        elif c == '"':
            i = _read_phrase(st, i, None)
        elif c == "(":
            toks.append(_Tok("LPAREN", c, i, i + 1))
            depth += 1
            i += 1
        elif c == ")":
            if depth > 0:
                toks.append(_Tok("RPAREN", c, i, i + 1))
                depth -= 1
            else:
                st.warn("unbalanced-paren", "a ')' with no '(' before it was ignored", i, i + 1)
            i += 1
        elif c == "|":
            toks.append(_Tok("OR", c, i, i + 1))
            i += 1
        elif c in "-+" and (i + 1 >= n or s[i + 1].isspace() or s[i + 1] in "|)"):
            st.warn("dangling-prefix", f"a lone {c!r} applies to nothing and was ignored", i, i + 1)
            i += 1
        elif c == "-":
            toks.append(_Tok("NOT", c, i, i + 1))
            i += 1
        elif c == "+" and not s[i + 1].isdigit():  # `+880...` is a phone number, not a prefix
            toks.append(_Tok("PLUS", c, i, i + 1))
            i += 1
        else:
            i = _read_word(st, i, depth)


def _read_phrase(st: _State, i: int, field_tok: _Tok | None) -> int:
    s = st.text
    close = s.find('"', i + 1)
    if close < 0:
        st.warn(
            "unbalanced-quote",
            "a quote is not closed; the phrase runs to the end of the line",
            i,
            len(s),
        )
        body, end = s[i + 1 :], len(s)
    else:
        body, end = s[i + 1 : close], close + 1
    body = " ".join(body.split())
    if field_tok is not None:
        field_tok.text = s[field_tok.start : end]
        field_tok.end = end
        field_tok.quoted = True
        if body:
            field_tok.kind = "FIELD"
            field_tok.number = 0
            st.tokens.append(field_tok)
            field_tok.op, field_tok.text = field_tok.op, body
            return end
        st.warn(
            "empty-operator",
            f"{field_tok.op}: has an empty value and was ignored",
            field_tok.start,
            end,
            field_tok.op,
        )
        return end
    if body:
        st.tokens.append(_Tok("PHRASE", body, i, end))
    else:
        st.warn("empty-phrase", "an empty phrase was ignored", i, end)
    return end


def _read_word(st: _State, i: int, depth: int) -> int:
    s, n = st.text, len(st.text)
    start, local = i, 0
    group = _OP_GROUP_RE.match(s, i)
    if group and (op := OPERATOR_ALIASES.get(group.group(1).lower())) and op not in ALLIN_OPERATORS:
        st.tokens.append(_Tok("FIELDGROUP", group.group(0), start, group.end(), op=op))
        return group.end()
    while i < n:
        c = s[i]
        if c.isspace() or c == '"' or c == "|":
            break
        if c == "(":
            local += 1
        elif c == ")":
            if local > 0:
                local -= 1
            elif depth > 0:
                break
        i += 1
    word = s[start:i]
    if word == "OR":
        st.tokens.append(_Tok("OR", word, start, i))
        return i
    if word == "AND":
        st.tokens.append(_Tok("AND", word, start, i))
        return i
    around = _AROUND_RE.match(word)
    if around:
        st.tokens.append(_Tok("AROUND", word, start, i, number=int(around.group(1))))
        return i
    match = _OP_RE.match(word)
    op = OPERATOR_ALIASES.get(match.group(1).lower()) if match else None
    if match and op:
        value = match.group(2)
        if value:
            kind = "ALLIN" if op in ALLIN_OPERATORS else "FIELD"
            st.tokens.append(_Tok(kind, value, start, i, op=op))
            return i
        nxt = s[i] if i < n else ""
        if nxt == '"':
            tok = _Tok("ALLIN" if op in ALLIN_OPERATORS else "FIELD", "", start, i, op=op)
            if op in ALLIN_OPERATORS:
                st.tokens.append(tok)  # the phrase that follows is its first item
                return _read_phrase(st, i, None)
            return _read_phrase(st, i, tok)
        if nxt == "(" and op not in ALLIN_OPERATORS:
            st.tokens.append(_Tok("FIELDGROUP", word, start, i, op=op))
            return i
        if op in ALLIN_OPERATORS:
            st.tokens.append(_Tok("ALLIN", "", start, i, op=op))
            return i
        st.warn(
            "empty-operator",
            f"{op}: has no value (a space after the colon makes it a plain word)",
            start,
            i,
            op,
        )
    st.tokens.append(_Tok("WORD", word, start, i))
    return i


# --- grammar ------------------------------------------------------------------------------------


def _parse_sequence(st: _State, depth: int, closing: bool) -> list[Node]:
    items: list[Node] = []
    while True:
        tok = st.peek()
        if tok is None:
            return items
        if tok.kind == "RPAREN":
            if closing:
                return items
            st.take()  # cannot happen: the tokenizer only emits balanced ')'
            continue
        if tok.kind in ("OR", "AND", "AROUND"):
            st.take()
            if tok.kind == "AND":
                continue  # explicit AND is the same as juxtaposition
            st.warn(
                "dangling-or" if tok.kind == "OR" else "dangling-around",
                f"{tok.text} has nothing on its left and was ignored",
                tok.start,
                tok.end,
            )
            continue
        node = _parse_or(st, depth)
        if node is not None:
            items.append(node)


def _parse_or(st: _State, depth: int) -> Node | None:
    first = _parse_around(st, depth)
    alternatives = [first] if first is not None else []
    while (tok := st.peek()) is not None and tok.kind == "OR":
        st.take()
        nxt = st.peek()
        if nxt is None or nxt.kind in ("RPAREN", "OR", "AND", "AROUND"):
            st.warn(
                "dangling-or",
                f"{tok.text} has nothing on its right and was ignored",
                tok.start,
                tok.end,
            )
            continue
        right = _parse_around(st, depth)
        if right is not None:
            alternatives.append(right)
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else _make_or(alternatives)


def _parse_around(st: _State, depth: int) -> Node | None:
    left = _parse_unary(st, depth)
    chained = 0
    while left is not None and (tok := st.peek()) is not None and tok.kind == "AROUND":
        st.take()
        chained += 1
        if chained > _MAX_DEPTH:
            st.warn("too-deep", f"more than {_MAX_DEPTH} AROUND(n) in a chain; the rest "
                    "were read as plain words", tok.start, tok.end)
            break
        nxt = st.peek()
        if nxt is None or nxt.kind in ("RPAREN", "OR", "AND", "AROUND"):
            st.warn(
                "dangling-around",
                f"{tok.text} has nothing on its right and was ignored",
                tok.start,
                tok.end,
            )
            break
        right = _parse_unary(st, depth)
        if right is not None:
            left = Around(left, tok.number, right)
    return left


def _parse_unary(st: _State, depth: int) -> Node | None:
    tok = st.take()
    if tok.kind in ("NOT", "PLUS"):
        return _parse_prefixed(st, tok, depth)
    if tok.kind == "WORD":
        rng = _RANGE_RE.match(tok.text)
        if rng and any(ch.isdigit() for ch in rng.group(1)):
            return Range(rng.group(1), rng.group(2))
        return Term(tok.text)
    if tok.kind == "PHRASE":
        return Phrase(tok.text)
    if tok.kind == "FIELD":
        return _field(st, tok)
    if tok.kind == "ALLIN":
        return _allin(st, tok)
    if tok.kind == "FIELDGROUP":
        group = st.peek()
        if group is None or group.kind != "LPAREN":
            return Term(tok.text)
        inner = _parse_unary(st, depth)
        distributed = _distribute(tok.op, inner) if inner is not None else None
        if distributed is None:
            st.warn(
                "unsupported-group",
                f"{tok.op}:( ... ) holds more than words and phrases; it was read as a plain group",
                tok.start,
                tok.end,
                tok.op,
            )
            return inner
        return distributed
    if tok.kind == "LPAREN":
        if depth >= _MAX_DEPTH:
            # Too deep: ignore this '(' (its ')' then closes the enclosing group early).
            st.warn(
                "too-deep",
                f"parentheses nested deeper than {_MAX_DEPTH}; inner ones ignored",
                tok.start,
                tok.end,
            )
            return None
        children = _parse_sequence(st, depth + 1, closing=True)
        close = st.peek()
        if close is not None and close.kind == "RPAREN":
            st.take()
        else:
            st.warn(
                "unbalanced-paren",
                "a '(' is not closed; the group runs to the end",
                tok.start,
                tok.end,
            )
        if not children:
            st.warn("empty-group", "an empty group '()' was ignored", tok.start, tok.end)
            return None
        return _make_and(children)
    # RPAREN / OR / AND / AROUND are handled by the callers.
    return None


_MAX_PREFIXES = 8


def _parse_prefixed(st: _State, first: _Tok, depth: int) -> Node | None:
    """`-x`, `+x`, `--x`...: a run of prefixes read in a loop (no recursion per prefix)."""
    prefixes = [first]
    while (nxt := st.peek()) is not None and nxt.kind in ("NOT", "PLUS"):
        prefixes.append(st.take())
    nxt = st.peek()
    if nxt is None or nxt.kind in ("RPAREN", "OR", "AND", "AROUND"):
        st.warn("dangling-prefix", f"a {prefixes[-1].text!r} applies to nothing and was ignored",
                prefixes[0].start, prefixes[-1].end)
        return None
    if len(prefixes) > _MAX_PREFIXES:
        # A long run is noise: keep what it means (an odd number of '-' excludes).
        nots = sum(1 for p in prefixes if p.kind == "NOT")
        st.warn("too-deep", f"{len(prefixes)} prefixes in a row were read as "
                f"{'one exclusion' if nots % 2 else 'none'}", prefixes[0].start, prefixes[-1].end)
        prefixes = [p for p in prefixes if p.kind == "NOT"][: nots % 2]
    inner = _parse_unary(st, depth)
    for tok in reversed(prefixes):
        if inner is None:
            return None
        if tok.kind == "NOT":
            inner = Not(inner)
        elif isinstance(inner, Term) and not inner.plus:
            inner = Term(inner.text, plus=True)
        else:
            st.warn("plus-ignored", "'+' only applies to a single word and was ignored",
                    tok.start, tok.end, severity="info")
    return inner


def _field(st: _State, tok: _Tok) -> Node:
    value = tok.text
    if tok.op in ("after", "before") and not is_date(value):
        st.warn(
            "bad-date",
            f"{tok.op}: expects a date like 2024-01-31 (or 2024, 2024-01), not {value!r}",
            tok.start,
            tok.end,
            tok.op,
        )
    return Field(tok.op, value, tok.quoted)


def _allin(st: _State, tok: _Tok) -> Node:
    items: list[Term | Phrase] = []
    if tok.text:
        items.append(Term(tok.text))
    while (nxt := st.peek()) is not None and nxt.kind in ("WORD", "PHRASE"):
        st.take()
        items.append(Term(nxt.text) if nxt.kind == "WORD" else Phrase(nxt.text))
    if not items:
        st.warn(
            "empty-operator",
            f"{tok.op}: has no words after it and was ignored",
            tok.start,
            tok.end,
            tok.op,
        )
        return Term(f"{tok.op}:")
    return AllIn(tok.op, tuple(items))


def _distribute(op: str, node: Node) -> Node | None:
    """`site:(a OR b)` → `site:a OR site:b`; None when the group holds more than words."""
    if isinstance(node, Term) and not node.plus:
        return Field(op, node.text)
    if isinstance(node, Phrase):
        return Field(op, node.text, True)
    if isinstance(node, (And, Or)):
        parts = [_distribute(op, child) for child in node.children]
        if any(p is None for p in parts):
            return None
        kept = [p for p in parts if p is not None]
        return _make_and(kept) if isinstance(node, And) else _make_or(kept)
    return None


def _make_and(children: list[Node]) -> Node:
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, And) else (child,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _make_or(children: list[Node]) -> Node:
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, Or) else (child,))
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def is_date(value: str) -> bool:
    """True for a real date written YYYY, YYYY-MM or YYYY-MM-DD."""
    if not DATE_RE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def is_bare_word(text: str) -> bool:
    """True when `text` written as is would be read back as the same single word."""
    if not text:
        return False
    depth = 0
    for ch in text:  # a ')' the word does not open would close an enclosing group
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return False
            depth -= 1
    result = parse(text)
    return result.node == Term(text) and not result.diagnostics
