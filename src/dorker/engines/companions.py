"""Web companions of a search plan: the whole query through a web engine, limited to a platform.

A platform's plan drops what the platform cannot express (OR, phrases, exclusions). Its
companions keep it: `site:facebook.com` (or Telegram's `site:t.me/s`) and the full query,
through a web engine with OR and phrases (profile key `plan.companions`). A query over the web
engine's word limit is split on its largest OR group, as many times as needed (the union of
the parts asks for what the query asks for), unless that takes more searches than the plan's
cap: then that engine is left out and a note says so.

The web engine's form of the query is the same for every platform (only `site:` differs), so
it is compiled once and kept (`_web_compiled`), and `site:X ` is written before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from dorker.engines.compiler import Compiled, compile_query
from dorker.engines.limits import count_words, quote
from dorker.engines.profile import EngineProfile
from dorker.query.ast import AllIn, And, Around, Field, Node, Not, Or, Phrase, Term
from dorker.safeformat import safe_format

__all__ = ["Companion", "ProfileLoader", "companions"]

ProfileLoader = Callable[[str], "EngineProfile | None"]


@dataclass(frozen=True, slots=True)
class Companion:
    """One web search of a plan, or a note on why an engine was left out."""

    engine: str
    query: str | None = None
    url: str | None = None
    note: str | None = None


def companions(node: Node, platform: EngineProfile, most: int, today: date | None,
               load_profile: ProfileLoader) -> list[Companion]:
    """The web companions of `node` for `platform` (at most `most` per web engine)."""
    out: list[Companion] = []
    own = _own_site(node, platform)
    foreign = _foreign_site(node, platform)
    if foreign is not None:
        # site:facebook.com site:bdjobs.com finds nothing: the query is not about the platform.
        return [Companion("", note=f"the query is limited to site:{foreign}, so no web search "
                                   f"of {platform.name}'s pages is added")]
    for engine, site in platform.plan.companions:
        web = load_profile(engine)
        if web is None or web.makes_plan:
            continue
        prefix = "" if own else f"site:{site}"
        parts = _fit(node, web, today, prefix, most)
        if parts is None:
            out.append(Companion(web.id, note=(
                f"{prefix or 'the query'} through {web.name}: the query needs more than {most} "
                f"searches within its {web.limits.words}-word limit, so it is left to the other "
                "web engines")))
            continue
        for part in parts:
            compiled = _web_compiled(part, web, today)
            if compiled.query:
                text = _prefixed(prefix, compiled.query, part, web)
                out.append(Companion(web.id, text, _url(web, text, compiled.url_params)))
    return out


def _own_site(node: Node, platform: EngineProfile) -> bool:
    """Whether the query already names the platform's pages (a Telegram channel, say)."""
    conjuncts = node.children if isinstance(node, And) else (node,)
    return any(isinstance(c, Field) and c.op == "site" and _on_platform(c.value, platform)
               for c in conjuncts)


def _foreign_site(node: Node, platform: EngineProfile) -> str | None:
    """A top-level `site:` naming another site than the platform's (then a companion limited
    to the platform's pages could find nothing)."""
    conjuncts = node.children if isinstance(node, And) else (node,)
    for c in conjuncts:
        if isinstance(c, Field) and c.op == "site" and not _on_platform(c.value, platform):
            return c.value
    return None


def _on_platform(value: str, profile: EngineProfile) -> bool:
    host = value.lower().removeprefix("https://").removeprefix("http://").split("/")[0]
    host = host.removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in profile.domains)


_COMPILED_PROFILES: dict[tuple[str, str], EngineProfile] = {}


def _web_compiled(node: Node, web: EngineProfile, today: date | None) -> Compiled:
    key = (web.id, str(web.path))
    _COMPILED_PROFILES.setdefault(key, web)
    return _compiled(node, *key, today)


@lru_cache(maxsize=4096)
def _compiled(node: Node, engine: str, path: str, today: date | None) -> Compiled:
    return compile_query(node, _COMPILED_PROFILES[(engine, path)], today=today)


def _prefixed(prefix: str, query: str, node: Node, web: EngineProfile) -> str:
    """`site:X ` before the web engine's form of `node`; an OR at the top is grouped first."""
    if not prefix:
        return query
    group = web.rule("group")
    if isinstance(node, Or) and len(node.children) > 1 and group.emit:
        query = safe_format(group.emit, value=query)
    return f"{prefix} {query}"


def _url(web: EngineProfile, query: str, params: dict[str, str]) -> str:
    url = safe_format(web.template, q=quote(query))
    return url + (("&" if "?" in url else "?") + urlencode(params) if params else "")


def _fit(node: Node, web: EngineProfile, today: date | None, prefix: str,
         most: int) -> list[Node] | None:
    """The query whole, or its parts split on the largest OR group until each fits `web`'s
    word limit (counted in advance from the tree); None when more than `most` are needed."""
    limit = web.limits.words
    extra = len(prefix.split())
    if limit is None:
        return [node]
    compiled = _web_compiled(node, web, today)
    if not compiled.query or _count(compiled.query) + extra <= limit:
        return [node]
    done: list[list[Node]] = []
    first: list[Node] = list(node.children) if isinstance(node, And) else [node]
    queue = [first]
    while queue:
        if len(done) + len(queue) > most:
            return None
        parts = queue.pop(0)
        if extra + sum(_words(p) for p in parts) <= limit:
            done.append(parts)
            continue
        halves = _halve(parts)
        if halves is None:
            return None  # no OR group left to split and still over the limit
        queue[:0] = halves
    return [And(tuple(parts)) if len(parts) > 1 else parts[0] for parts in done]


@lru_cache(maxsize=4096)
def _count(query: str) -> int:
    return count_words(query)


def _halve(parts: list[Node]) -> list[list[Node]] | None:
    sizes = [(len(p.children), i) for i, p in enumerate(parts) if isinstance(p, Or)]
    if not sizes or max(sizes)[0] < 2:
        return None
    _, at = max(sizes)
    group = parts[at]
    assert isinstance(group, Or)
    middle = (len(group.children) + 1) // 2
    out = []
    for chunk in (group.children[:middle], group.children[middle:]):
        piece: Node = chunk[0] if len(chunk) == 1 else Or(tuple(chunk))
        out.append([*parts[:at], piece, *parts[at + 1:]])
    return out


@lru_cache(maxsize=8192)
def _words(node: Node) -> int:
    """Words the node takes in a web engine's query, as engines count them (no OR, no
    parentheses; a phrase counts each of its words), leaning high."""
    if isinstance(node, Term):
        return 1
    if isinstance(node, Phrase):
        return max(1, len(node.text.split()))
    if isinstance(node, Field):
        return max(1, len(node.value.split()))
    if isinstance(node, AllIn):
        return sum(max(1, len(i.text.split())) for i in node.items)
    if isinstance(node, Not):
        return _words(node.child)
    if isinstance(node, (And, Or)):
        return sum(_words(c) for c in node.children)
    if isinstance(node, Around):
        return _words(node.left) + _words(node.right) + 1
    return 1
