"""Does a search's text hold a selector — a phone number, e-mail address or account handle?

A search made outside any case is worth an auditor's look; one that names a person's number or
account is worth a closer one. The leads extractor (`dorker.leads.extract`) is used where it
exists; otherwise phonenumbers finds numbers (Bangladesh as the default region) and two small
patterns find e-mail addresses and @handles or t.me/wa.me links. Offline, nothing recorded.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["SELECTOR_KINDS", "Selector", "find_selectors"]

SELECTOR_KINDS = frozenset({"phone", "whatsapp", "viber", "imo", "signal", "telegram", "email",
                            "handle"})
"""Lead kinds that point at a person or an account (a domain or a fee does not)."""

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{2,63}))")
_LINK = re.compile(r"(?:t\.me|telegram\.me|wa\.me|instagram\.com|tiktok\.com/@)/?"
                   r"([A-Za-z0-9_+.]{3,64})", re.IGNORECASE)
_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Selector:
    """A selector found in a text: its kind and the value as found (normalised if known)."""

    kind: str
    value: str


Finder = Callable[[str, str], list[Selector]]
_finder: Finder | None = None
_cache: dict[tuple[str, str], tuple[Selector, ...]] = {}


def _with_leads() -> Finder | None:
    try:
        module = importlib.import_module("dorker.leads.extract")
    except ImportError:
        return None
    extract_leads = module.extract_leads

    def find(text: str, region: str) -> list[Selector]:
        leads: list[Any] = extract_leads(text, region=region)
        return [Selector(str(lead.kind), str(lead.value)) for lead in leads
                if str(lead.kind) in SELECTOR_KINDS]

    return find


def _fallback(text: str, region: str) -> list[Selector]:
    import phonenumbers

    found: list[Selector] = []
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        found.append(Selector("phone", phonenumbers.format_number(
            match.number, phonenumbers.PhoneNumberFormat.E164)))
    emails = {m.group(0).lower() for m in _EMAIL.finditer(text)}
    found += [Selector("email", e) for e in sorted(emails)]
    rest = _EMAIL.sub(" ", text)
    handles = {m.group(1).lower().rstrip(".") for m in _HANDLE.finditer(rest)}
    handles |= {m.group(1).lower().rstrip(".") for m in _LINK.finditer(rest)}
    # wa.me/8801712345678 is a number, found above as a phone, not an account name.
    found += [Selector("handle", h) for h in sorted(handles) if not h.lstrip("+").isdigit()]
    return found


def find_selectors(text: str, region: str = "BD") -> tuple[Selector, ...]:
    """Selectors in `text`: phones (E.164), e-mails, handles — the leads extractor's if present."""
    global _finder
    key = (text, region)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    if _finder is None:
        _finder = _with_leads() or _fallback
    result = tuple(dict.fromkeys(_finder(text, region)))
    if len(_cache) >= _CACHE_SIZE:
        _cache.clear()
    _cache[key] = result
    return result
