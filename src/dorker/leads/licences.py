"""Recruiting-licence numbers of Bangladeshi agencies: `RL-1234`, `R/L No. 0452`, `আরএল-১২৩৪`.

BMET licenses recruiting agencies under numbers written `RL-` and up to four digits. An ad that
names one points at a licensed agency (or at a forged claim to be one): either way a lead. The
value drops leading zeros, so `RL-0452` and `RL 452` are one licence.
"""

from __future__ import annotations

import re

from dorker.leads.model import Lead
from dorker.leads.spans import Taken

__all__ = ["find_licences"]

_LICENCE = re.compile(
    r"(?<![A-Za-z0-9_])(?:R\s?[./]?\s?L\.?|আর\.?\s?এল\.?)"
    r"\s*(?:(?:No|Nos|Number|নং|নম্বর)\.?\s*)?[-:#.]?\s*(\d{1,4})(?![\d])",
    re.IGNORECASE,
)


def find_licences(text: str, mapped: str, taken: Taken) -> list[Lead]:
    """Every recruiting-licence number in `text` (`mapped`: the same text with ASCII digits)."""
    leads = []
    for match in _LICENCE.finditer(mapped):
        start, end = match.span()
        if taken.overlaps(start, end):
            continue
        number = int(match.group(1))
        if number == 0:
            continue
        leads.append(Lead("licence", f"RL-{number}", text[start:end], (start, end)))
        taken.add(start, end)
    return leads
