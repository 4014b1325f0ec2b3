"""`extract_leads(text, region)`: every lead of a text, offline, in the order written.

The contract other parts rely on (see /work/shared/DESIGN.md, "leads extract (json)"):
`extract_leads(text: str, region: str = "BD") -> list[Lead]`. Digits of Bengali, Arabic,
Urdu/Persian, Devanagari and full-width forms are read as digits first. Links and e-mail
addresses are read before phone numbers and fees, so a number inside a link is that link's.
A long text is read in pieces cut at line ends, with spans still counted in the whole text.
"""

from __future__ import annotations

from functools import lru_cache

from dorker.errors import UsageError
from dorker.leads.digits import ascii_digits, has_digit
from dorker.leads.handles import find_handles
from dorker.leads.licences import find_licences
from dorker.leads.links import find_emails, find_links
from dorker.leads.model import Lead
from dorker.leads.money import find_money
from dorker.leads.phones import find_phones
from dorker.leads.spans import Taken

__all__ = ["CHUNK", "Lead", "check_region", "extract_leads"]

CHUNK = 1 << 16
"""Characters read at a time (phonenumbers' matcher gives up after a fixed number of tries)."""


@lru_cache(maxsize=64)
def check_region(region: str) -> str:
    """`region` as an upper-case code phonenumbers knows (`BD`, `MY`...), or a usage error."""
    import phonenumbers

    code = (region or "").strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise UsageError(f"unknown region {region!r}",
                         hint="give a two-letter country code such as BD, IN, PK, MY or SA")
    return code


def extract_leads(text: str, region: str = "BD") -> list[Lead]:
    """The leads of `text`, numbers read as written in `region` when they carry no +code."""
    code = check_region(region)
    if len(text) <= CHUNK:
        return _extract(text, code)
    leads: list[Lead] = []
    for offset, piece in _pieces(text):
        for lead in _extract(piece, code):
            start, end = lead.span
            leads.append(Lead(lead.kind, lead.value, lead.raw, (start + offset, end + offset),
                              lead.amount, lead.currency, lead.range, lead.platform))
    return leads


def _pieces(text: str) -> list[tuple[int, str]]:
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _extract(text: str, region: str) -> list[Lead]:
    if not text:
        return []
    taken = Taken()
    leads: list[Lead] = []
    leads += find_emails(text, taken)
    if "." in text or ":" in text:
        leads += find_links(text, region, taken)
    if has_digit(text):
        mapped = ascii_digits(text)
        leads += find_phones(text, mapped, region, taken)
        leads += find_licences(text, mapped, taken)
    else:
        mapped = text
    if "@" in text:
        leads += find_handles(text, taken)
    if has_digit(text):
        leads += find_money(text, mapped, region, taken)
    leads.sort(key=lambda lead: lead.span)
    return leads
