"""What an investigator types to name a lead (`phone:+8801712345678`, `01712-345678`,
`@abu_salim_travel`, `t.me/abu_salim_travel`) turned into lead ids."""

from __future__ import annotations

import re

from dorker.leads.extract import extract_leads
from dorker.leads.model import KIND_FAMILY

__all__ = ["FAMILIES", "candidate_ids", "normalise_id"]

FAMILIES = frozenset(KIND_FAMILY.values()) | {"image"}
_NAME = re.compile(r"@?([A-Za-z0-9_][A-Za-z0-9_.]{1,63})\Z")


def normalise_id(lead_id: str, region: str) -> str:
    """`FAMILY:VALUE` with the value written the way the extractor writes it."""
    family, _, value = lead_id.partition(":")
    family = family.lower()
    value = value.strip()
    if family == "phone":
        found = [lead.id for lead in extract_leads(value, region) if lead.family == "phone"]
        return found[0] if len(found) == 1 else f"phone:{value}"
    if family in ("email", "domain", "handle") or (family == "telegram"
                                                    and not value.startswith("+")):
        return f"{family}:{value.lstrip('@').lower()}"
    return f"{family}:{value}"


def candidate_ids(text: str, region: str) -> list[str]:
    """The lead ids `text` may mean, most likely first (several when it is ambiguous)."""
    text = text.strip()
    family = text.partition(":")[0].lower()
    if family in FAMILIES and ":" in text and not text.lower().startswith(("http:", "https:")):
        return [normalise_id(text, region)]
    ids: list[str] = []
    for lead in extract_leads(text, region):
        if lead.kind != "money" and lead.id not in ids and lead.kind != "url":
            ids.append(lead.id)
    if not ids:
        ids += [lead.id for lead in extract_leads(text, region) if lead.kind == "url"]
    match = _NAME.match(text)
    if not ids and match:
        name = match.group(1).lower()
        ids += [f"telegram:{name}", f"handle:{name}"]
    return ids
