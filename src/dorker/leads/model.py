"""A lead: one selector, fee or licence number found in a text, with where it was written.

Every lead has an identity, `FAMILY:VALUE`, that does not depend on the channel it was seen on:
a WhatsApp number and the same number written plainly are both `phone:+8801712345678`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = [
    "IDENTITY_FAMILIES",
    "KINDS",
    "KIND_FAMILY",
    "PHONE_KINDS",
    "Lead",
    "amount_number",
    "amount_text",
    "family_of",
]

PHONE_KINDS = ("phone", "whatsapp", "viber", "imo", "signal")
"""Kinds whose value is an E.164 number (one identity family: `phone`)."""

KIND_FAMILY: dict[str, str] = {
    **{kind: "phone" for kind in PHONE_KINDS},
    "telegram": "telegram",
    "email": "email",
    "url": "url",
    "domain": "domain",
    "handle": "handle",
    "money": "money",
    "licence": "licence",
}
KINDS: tuple[str, ...] = tuple(KIND_FAMILY)

IDENTITY_FAMILIES = frozenset({"phone", "telegram", "email", "url", "domain", "handle",
                               "licence"})
"""Families that name one person, account or business, so that sharing one links two items.

Money is not among them: two ads asking Tk 4.5 lakh are not thereby one network.
"""


def family_of(lead_id: str) -> str:
    """`phone` for `phone:+8801712345678`."""
    return lead_id.partition(":")[0]


def amount_text(amount: Decimal) -> str:
    """A decimal amount as plain text without exponent or trailing zeros: `450000`, `12.5`."""
    text = format(amount.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount_number(text: Any) -> Any:
    """A recorded amount (decimal text) as the JSON number `leads extract` gives: `450000`,
    `12.5`. Anything that is not decimal text (an edited record) is returned as it is."""
    if not isinstance(text, str):
        return text
    try:
        amount = Decimal(text)
    except ArithmeticError:
        return text
    return _number(amount) if amount.is_finite() else text


@dataclass(frozen=True, slots=True)
class Lead:
    """One lead. `span` indexes the text it was found in; `raw` is that slice.

    Money carries `amount` and `currency` (ISO 4217); a range ("4-5 lakh") gives two leads that
    both carry `range` (low, high). Handles carry the `platform` they were seen on, if known.
    """

    kind: str
    value: str
    raw: str
    span: tuple[int, int]
    amount: Decimal | None = None
    currency: str | None = None
    range: tuple[Decimal, Decimal] | None = None
    platform: str | None = None

    @property
    def family(self) -> str:
        """The identity family: `phone` for phone, WhatsApp, Viber, IMO and Signal numbers."""
        return KIND_FAMILY.get(self.kind, self.kind)

    @property
    def id(self) -> str:
        """`FAMILY:VALUE`, e.g. `phone:+8801712345678` or `money:BDT:450000`."""
        if self.kind == "money" and self.amount is not None and self.currency:
            return f"money:{self.currency}:{amount_text(self.amount)}"
        return f"{self.family}:{self.value}"

    def as_json(self) -> dict[str, Any]:
        """The `leads extract` JSON shape (amounts as numbers; the record stores text)."""
        out: dict[str, Any] = {"kind": self.kind, "value": self.value, "raw": self.raw,
                               "span": [self.span[0], self.span[1]], "id": self.id}
        if self.amount is not None:
            out["amount"] = _number(self.amount)
            out["currency"] = self.currency
        if self.range is not None:
            out["range"] = [_number(self.range[0]), _number(self.range[1])]
        if self.platform is not None:
            out["platform"] = self.platform
        return out

    def record(self) -> dict[str, Any]:
        """What an event keeps of this lead: amounts as decimal text (the record has no floats)."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "value": self.value,
                               "raw": self.raw}
        if self.amount is not None:
            out["amount"] = amount_text(self.amount)
            out["currency"] = self.currency
        if self.range is not None:
            out["range"] = [amount_text(self.range[0]), amount_text(self.range[1])]
        if self.platform is not None:
            out["platform"] = self.platform
        return out


def _number(amount: Decimal) -> int | float:
    integral = amount.to_integral_value()
    return int(integral) if integral == amount else float(amount)
