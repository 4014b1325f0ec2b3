"""Fees and salaries: an amount and its ISO 4217 currency.

An amount is a number (`3,50,000` Indian grouping, `1,500,000`, `4.5`) followed by number words
(`4.5 lakh`, `৩ লাখ ৫০ হাজার`, `2 lakh 80 hajar`), with a currency before it (`Tk`, `৳`, `RM`,
`SAR`, `€`) or after it (`taka`, `টাকা`, `riyal`, `درهم`, `روپے`). A plain riyal or dinar is the
one its adjective (`ريال قطري`, `কাতারি রিয়াল`) or the only country the ad names says, else the
Saudi riyal and the Kuwaiti dinar. A lakh or crore with no currency is money in the region's
currency (BD taka, IN/PK/NP rupees) unless a count follows it (`১০ লাখ প্রবাসী`); a bare number
is never money. A range (`4-5 lakh`, `৪ থেকে ৫ লাখ টাকা`, `€7,000-€9,000`) gives two leads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dorker.leads.model import Lead, amount_text
from dorker.leads.spans import Taken
from dorker.leads.words import (
    COUNTRY_WORDS,
    CURRENCY_ADJECTIVES,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    MULTIPLIERS,
    NOT_MONEY_AFTER,
    RANGE_JOINERS,
    REGION_MONEY,
    Gate,
    alternation,
)

__all__ = ["find_money"]

_NUMBER = re.compile(
    r"(?<![\d,])(?<!\d\.)(\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+\Z")  # `15.000 euro`: fifteen thousand


def _words(table: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> list[str]:
    return [w for plain, exact in table.values() for w in (*plain, *exact)]


_MULT = Gate(r"[\s\u200c]?(?:" + "|".join(
    f"(?P<m{value}>{alternation(words, touch_digits=True)})"
    for value, words in MULTIPLIERS.items()) + ")",
    [w for words in MULTIPLIERS.values() for w in words], skip_space=True)
_AFTER = Gate("|".join(f"(?P<{code}>{alternation(*words, touch_digits=True)})"
                       for code, words in CURRENCY_AFTER.items()), _words(CURRENCY_AFTER))
_ADJECTIVE = Gate("|".join(f"(?P<{code}>{alternation(words)})"
                           for code, words in CURRENCY_ADJECTIVES.items()),
                  [w for words in CURRENCY_ADJECTIVES.values() for w in words])
_COUNTRY = re.compile("|".join(f"(?P<{code}>{alternation(words)})"
                               for code, words in COUNTRY_WORDS.items()), re.IGNORECASE)
_NOT_MONEY = Gate(r"\s*" + alternation(NOT_MONEY_AFTER), NOT_MONEY_AFTER, skip_space=True)
_SYMBOL_JOINERS = ("-", "–", "—", "~")
_JOINER = Gate(r"\s*(?:[-–—~]|" + alternation([j for j in RANGE_JOINERS
                                              if j not in _SYMBOL_JOINERS]) + r")\s*",
               RANGE_JOINERS, skip_space=True)
_GAP = re.compile(r"[\s\u200c]*")
_BEFORE_FOLDED = {w.lower(): code for code, (plain, _) in CURRENCY_BEFORE.items() for w in plain}
_BEFORE_EXACT = {w: code for code, (_, exact) in CURRENCY_BEFORE.items() for w in exact}
_BEFORE_LENGTHS = sorted({len(w) for w in (*_BEFORE_FOLDED, *_BEFORE_EXACT)}, reverse=True)
_BEFORE_PAD = " .:\t\u00a0"
_RIYALS = ("SAR", "QAR", "OMR")
_THREE_DECIMALS = frozenset({"KWD", "BHD", "OMR", "JOD"})
_DINARS = ("KWD", "BHD", "JOD")
_RUPEES = {"IN": "INR", "PK": "PKR", "NP": "NPR", "LK": "LKR"}


@dataclass(slots=True)
class _Amount:
    start: int
    end: int
    value: Decimal
    multiplier: int  # the largest number word (1 when none)
    dotted: str | None = None  # `1.500` read as 1500; kept to reread for dinars and rials


def find_money(text: str, mapped: str, region: str, taken: Taken) -> list[Lead]:
    """Money leads of `text` (`mapped`: the same text with ASCII digits)."""
    countries: set[str] | None = None
    leads: list[Lead] = []
    position = 0
    for match in _NUMBER.finditer(mapped):
        if match.start() < position or taken.overlaps(match.start(), match.end()):
            continue
        first = _amount(mapped, match)
        if first is None:
            continue
        before = _currency_before(mapped, first.start)
        low, high = first, None
        joiner = _JOINER.match(mapped, first.end)
        if joiner and _currency_after(mapped, first.end) is None:
            second_at = _after_sign(mapped, joiner.end())
            second = _NUMBER.match(mapped, second_at)
            if second and not taken.overlaps(second.start(), second.end()):
                high = _amount(mapped, second)
        last = high or low
        after = _currency_after(mapped, last.end)
        code = before[0] if before else (after[0] if after else None)
        end = after[1] if after else last.end
        if code is None:
            if last.multiplier < 100_000 or region not in REGION_MONEY:
                continue
            if _NOT_MONEY.match(mapped, last.end):
                continue
            code = REGION_MONEY[region]
        if code in ("RIYAL", "DINAR"):
            if countries is None:
                countries = {m.lastgroup or "" for m in _COUNTRY.finditer(text)}
            code = _resolve(code, mapped, low.start, end, countries)
        elif code.startswith("RUPEE"):
            code = _rupee(code, region)
        if code in _THREE_DECIMALS:  # `KD 1.500` is one and a half dinars (1,000 fils each)
            for part in (low, high):
                if part is not None and part.dotted and part.dotted.count(".") == 1:
                    part.value = Decimal(part.dotted)
        start = before[1] if before else low.start
        if taken.overlaps(start, end):
            continue
        position = end
        if high is not None:
            if low.multiplier == 1 and high.multiplier > 1 and \
                    low.value * high.multiplier <= high.value:
                low.value *= high.multiplier
            if low.value >= high.value or low.value <= 0:
                high = None
        raw = text[start:end]
        if high is None:
            if first.value > 0:
                leads.append(_lead(first.value, code, raw, (start, end)))
        else:
            bounds = (low.value, high.value)
            leads.append(_lead(low.value, code, raw, (start, end), bounds))
            leads.append(_lead(high.value, code, raw, (start, end), bounds))
        taken.add(start, end)
    return leads


def _lead(amount: Decimal, code: str, raw: str, span: tuple[int, int],
          bounds: tuple[Decimal, Decimal] | None = None) -> Lead:
    amount = Decimal(amount_text(amount))
    if bounds is not None:
        bounds = (Decimal(amount_text(bounds[0])), Decimal(amount_text(bounds[1])))
    return Lead("money", f"{code} {amount_text(amount)}", raw, span, amount=amount,
                currency=code, range=bounds)


def _amount(mapped: str, match: re.Match[str]) -> _Amount | None:
    """A number and the number words after it (`3 lakh 50 hazar` is 350000)."""
    end = match.end()
    mult = _MULT.match(mapped, end)
    digits = match.group(1)
    if mult is None and _DOTTED_THOUSANDS.match(digits):
        digits = digits.replace(".", "")
    value = _decimal(digits)
    if value is None:
        return None
    multiplier = 1
    if mult:
        multiplier = _multiplier(mult)
        value *= multiplier
        end = mult.end()
        while True:  # `৩ লাখ ৫০ হাজার`: smaller parts after the first number word
            gap = _GAP.match(mapped, end)
            part = _NUMBER.match(mapped, gap.end() if gap else end)
            if not part or "." in part.group(1):
                break
            part_mult = _MULT.match(mapped, part.end())
            if not part_mult or _multiplier(part_mult) >= multiplier:
                break
            part_value = _decimal(part.group(1))
            if part_value is None:
                break
            value += part_value * _multiplier(part_mult)
            end = part_mult.end()
    return _Amount(match.start(), end, value, multiplier,
                   match.group(1) if digits != match.group(1) else None)


def _multiplier(match: re.Match[str]) -> int:
    return int((match.lastgroup or "m1")[1:])


def _decimal(digits: str) -> Decimal | None:
    if "," in digits:
        groups = digits.split(".")[0].split(",")
        # 1,500,000 (threes) or 3,50,000 (Indian: twos, then a final three)
        if len(groups[-1]) != 3 or any(len(g) not in (2, 3) for g in groups[1:-1]):
            return None
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


def _currency_before(mapped: str, start: int) -> tuple[str, int] | None:
    """(code, where the sign starts) of a currency written just before `start` (`Tk. `, `RM`,
    `US$ `, `€`); a word must not be the tail of a longer one (`Hotk 5`)."""
    head = mapped[max(0, start - 8):start]
    trimmed = head.rstrip(_BEFORE_PAD)
    if len(head) - len(trimmed) > 2:
        return None
    for length in _BEFORE_LENGTHS:
        word = trimmed[-length:]
        if len(word) != length:
            continue
        code = _BEFORE_EXACT.get(word) or _BEFORE_FOLDED.get(word.lower())
        if code is None:
            continue
        at = start - (len(head) - len(trimmed)) - length
        if word[0].isalnum() and at > 0 and (mapped[at - 1].isalnum() or mapped[at - 1] == "_"):
            return None
        return code, at
    return None


def _after_sign(mapped: str, pos: int) -> int:
    """Past a currency sign written before the second end of a range (`€7,000-€9,000`)."""
    for length in _BEFORE_LENGTHS:
        word = mapped[pos:pos + length]
        if len(word) == length and (word in _BEFORE_EXACT or word.lower() in _BEFORE_FOLDED):
            end = pos + length
            while end < len(mapped) and end - pos - length < 2 and mapped[end] in _BEFORE_PAD:
                end += 1
            return end
    return pos


def _currency_after(mapped: str, end: int) -> tuple[str, int] | None:
    gap = _GAP.match(mapped, end)
    at = gap.end() if gap else end
    adjective = _ADJECTIVE.match(mapped, at)  # `1500 قطری ریال`
    if adjective:
        gap2 = _GAP.match(mapped, adjective.end())
        match = _AFTER.match(mapped, gap2.end() if gap2 else adjective.end())
        if match and match.lastgroup in ("RIYAL", "DINAR"):
            return adjective.lastgroup or "", match.end()
    match = _AFTER.match(mapped, at)
    if match is None:
        return None
    return match.lastgroup or "", match.end()


def _resolve(code: str, mapped: str, start: int, end: int, countries: set[str]) -> str:
    """Which riyal or dinar: an adjective next to it, else the only country named, else the
    Saudi riyal / Kuwaiti dinar."""
    choices = _RIYALS if code == "RIYAL" else _DINARS
    window = mapped[max(0, start - 16):end + 24]
    for match in _ADJECTIVE.pattern.finditer(window):
        if match.lastgroup in choices:
            return match.lastgroup
    named = [c for c in choices if c in countries]
    if len(named) == 1:
        return named[0]
    return choices[0]


def _rupee(code: str, region: str) -> str:
    if code == "RUPEE_UR":
        return "PKR"
    if code == "RUPEE_HI":
        return "NPR" if region == "NP" else "INR"
    return _RUPEES.get(region, "INR")
