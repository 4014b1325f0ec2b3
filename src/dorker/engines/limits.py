"""Limits and the search URL: term, character, operator and URL-length checks, and filling the
profile's URL template (with the parameters gathered while compiling)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlencode

from dorker.engines.context import CompileContext
from dorker.engines.profile import EngineProfile
from dorker.safeformat import safe_format

__all__ = ["build_url", "check_limits", "count_words", "quote"]

# Percent-encoding of everything but RFC 3986's unreserved characters, as
# `urllib.parse.quote(text, safe="")` does, by table (about twice as fast on long queries).
_UNRESERVED = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_PERCENT = [chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in range(256)]


@lru_cache(maxsize=4096)
def quote(text: str) -> str:
    """`urllib.parse.quote(text, safe="")` for UTF-8 text (kept: the platforms of one query
    share their plan searches' words)."""
    table = _PERCENT
    return "".join([table[b] for b in text.encode("utf-8")])


_NON_WORDS = {"OR", "AND", "NOT", "|", "(", ")", "-", "+"}
_FIELD_TOKEN = re.compile(r"^-?[A-Za-z_]+:")


def count_words(query: str) -> int:
    """Words (terms) of a written query, as engines count them: operators and OR not counted."""
    count = 0
    for token in re.findall(r'"[^"]*"|\S+', query):
        if token.startswith('"'):
            count += len(token.strip('"').split()) or 0
            continue
        bare = token.strip("()")
        if bare and bare not in _NON_WORDS and not bare.startswith("AROUND("):
            count += 1
    return count


def check_limits(query: str, ctx: CompileContext) -> None:
    limits, name = ctx.profile.limits, ctx.profile.name
    note = f" ({limits.note})" if limits.note else ""
    if limits.words is not None:
        words = count_words(query)
        if words > limits.words:
            ctx.say(
                "over-limit",
                "warning",
                f"{words} terms, over {name}'s limit of {limits.words}{note}",
                None,
            )
    if limits.chars is not None and len(query) > limits.chars:
        ctx.say(
            "over-limit",
            "warning",
            f"{len(query)} characters, over {name}'s limit of {limits.chars}{note}",
            None,
        )
    if limits.operators is not None:
        ops = sum(1 for t in query.split() if _FIELD_TOKEN.match(t.lstrip("(")))
        if ops > limits.operators:
            ctx.say(
                "over-limit",
                "warning",
                f"{ops} operators, over {name}'s limit of {limits.operators}{note}",
                None,
            )


def build_url(query: str, ctx: CompileContext) -> str | None:
    profile = ctx.profile
    missing = [p for p in profile.requires if not ctx.template_params.get(p)]
    if missing:
        ctx.say(
            "missing-parameter",
            "error",
            f"{profile.name} needs a {missing[0]} to search (add site:"
            f"{_example_prefix(profile)}NAME to the query, or --param {missing[0]}=NAME)",
            None,
        )
        return None
    values = {p: quote(ctx.template_params[p]) for p in profile.requires}
    url = safe_format(profile.template, q=quote(query), **values)
    if ctx.url_params:
        url += ("&" if "?" in url else "?") + urlencode(ctx.url_params)
    if len(url) > profile.max_url_length:
        ctx.say(
            "over-limit",
            "warning",
            f"the URL is {len(url)} characters, over the {profile.max_url_length} that "
            "browsers and front-ends reliably accept",
            None,
        )
    return url


def _example_prefix(profile: EngineProfile) -> str:
    for rule in profile.operators.values():
        if rule.to_param_prefixes:
            return rule.to_param_prefixes[0]
    return ""
