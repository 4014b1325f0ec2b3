"""Language tags of playbooks and queries: well-formed and known (BCP 47), compared, counted.

A query's `language` names the language its texts are written in (`bn`, `bn-Latn`, `ar-LB`,
`sr-Latn`; `mul` for several, `zxx` for none, as a phone-number search). Tags are checked
against the IANA Language Subtag Registry that the `langcodes` package ships (offline), and
compared case-insensitively, subtag by subtag: the filter `ar` covers `ar-LB` and `ar-LY`,
`sr` covers `sr-Latn`, but `ar-LB` does not cover `ar`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from dorker.playbooks.model import Playbook, Query

__all__ = ["NEUTRAL", "any_covers", "any_covers_tag", "base", "canonical", "covers", "is_known",
           "queries_in", "query_language", "query_languages", "template_languages"]

NEUTRAL = frozenset({"mul", "zxx", "und"})
"""Tags that name no one language: several (mul), none (zxx), not determined (und)."""

_SELECTOR = re.compile(r"\bkw\s*\.\s*[a-z][a-z0-9_]*\s*"
                       r"(?:\.\s*([a-z]{2,3})\b|\[\s*[\"']([A-Za-z0-9-]+)[\"']\s*\])")


def canonical(tag: str) -> str:
    """The tag in its registry case: language lower, script title, region upper (`bn-Latn`)."""
    parts = tag.strip().split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


@lru_cache(maxsize=512)
def is_known(tag: str) -> bool:
    """True when every subtag of `tag` is in the IANA registry and the tag is well-formed."""
    import langcodes

    try:
        return bool(langcodes.tag_is_valid(tag))
    except (ValueError, LookupError):
        return False


def covers(wanted: str, tag: str) -> bool:
    """True when the filter `wanted` covers `tag` (equal, or a prefix of whole subtags)."""
    w, t = canonical(wanted).lower(), canonical(tag).lower()
    return t == w or t.startswith(w + "-")


def query_language(pb: Playbook, query: Query) -> str | None:
    """The query's language: its own field, else the playbook's only language, else None."""
    if query.language:
        return canonical(query.language)
    return canonical(pb.languages[0]) if len(pb.languages) == 1 else None


def query_languages(pb: Playbook) -> Counter[str]:
    """How many queries of the playbook are written in each language.

    A query without a language counts once for each of the playbook's languages (the playbook
    does not say which one it is), so that a filter still finds an older playbook.
    """
    counts: Counter[str] = Counter()
    for query in pb.queries:
        lang = query_language(pb, query)
        counts.update([lang] if lang else [canonical(x) for x in pb.languages])
    return counts


def queries_in(pb: Playbook, wanted: str) -> Counter[str]:
    """The playbook's queries a `--lang wanted` filter finds, counted by language tag.

    A query in `wanted` (or a tag it covers) counts; so does a query meant for several or no
    languages (`mul`, `zxx`, `und`) or without a language, when the playbook lists `wanted`.
    """
    listed = any_covers(wanted, pb.languages)
    found: Counter[str] = Counter()
    for query in pb.queries:
        lang = query_language(pb, query)
        if lang is not None and lang not in NEUTRAL:
            if covers(wanted, lang):
                found[lang] += 1
        elif listed:
            found[lang or "?"] += 1
    return found


def template_languages(template: str) -> set[str]:
    """The languages a template picks keyword lists in (`kw.name.bn`, `kw.name["bn-Latn"]`)."""
    return {canonical(m.group(1) or m.group(2)) for m in _SELECTOR.finditer(template)}


# Individual languages written with their macrolanguage's keyword lists (Dari with Persian...).
_MACRO = {"prs": "fa", "pes": "fa", "zsm": "ms", "arb": "ar", "apc": "ar", "ayl": "ar",
          "acm": "ar", "afb": "ar", "npi": "ne", "hbs": "sh"}


def base(tag: str) -> str:
    """The primary language, or its macrolanguage (`ar` of `ar-LB`, `fa` of `prs`)."""
    primary = canonical(tag).split("-")[0]
    return _MACRO.get(primary, primary)


def any_covers(wanted: str, tags: Iterable[str]) -> bool:
    """True when `wanted` covers one of `tags`."""
    return any(covers(wanted, t) for t in tags)


def any_covers_tag(filters: Iterable[str], tag: str) -> bool:
    """True when one of `filters` covers `tag` (a playbook listing `ar` covers an `ar-LB` query)."""
    return any(covers(f, tag) for f in filters)
