"""Phone numbers with phonenumbers' matcher, kept only where nothing says they are not phones.

The matcher (leniency VALID: a possible and valid number for its region, not glued to letters,
dates and times left out) finds candidates; dorker then drops numbers labelled as something else
(`Passport No.`, `Invoice`, `registration`, `#`), numbers that are one piece of a longer code
(`0171-2345/2024`), and numbers inside a link or an e-mail already read. A number next to a
WhatsApp, Viber, IMO or Signal word takes that kind: the word right after it (`01712... (IMO)`)
first, else the nearest one before it in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dorker.leads.model import Lead
from dorker.leads.spans import Taken
from dorker.leads.words import CONTACT_PLATFORMS, LABEL_TAIL, NOT_PHONE_LABELS, alternation

__all__ = ["MESSENGER_KINDS", "find_phones", "phone_lead"]

MESSENGER_KINDS = ("whatsapp", "viber", "imo", "signal")
_BACK_WINDOW = 40
_LABEL_WINDOW = 32

_MESSENGER = re.compile(
    "|".join(f"(?P<{kind}>{alternation(*CONTACT_PLATFORMS[kind])})" for kind in MESSENGER_KINDS),
    re.IGNORECASE,
)
_LABEL = re.compile(f"{alternation(*NOT_PHONE_LABELS)}{LABEL_TAIL}", re.IGNORECASE)
# What may sit between a number and the word naming its messenger: `01712... (IMO)`,
# `01712 - WhatsApp`, invisible direction marks around an Arabic number.
_SUFFIX_GAP = re.compile(r"[\s\u200c-\u200f\u202a-\u202e\u2066-\u2069(\[\-–:/]{0,4}")
_SENTENCE_END = re.compile(r"[.!?।\n](?:\s|$)|\n")
_GLUED_AFTER = re.compile(r"[/\-](\d+)")
_GLUED_BEFORE = re.compile(r"(\d+)[/\-]$")
_SHORT_PIECE = 4  # `/2024`, `12-`: a short run of digits glued on makes a code, not a phone
_MOBILE_MONEY = re.compile(r"(?<![A-Za-z])(?:bkash|b-kash|nagad|rocket|upay|বিকাশ|নগদ|রকেট)",
                           re.IGNORECASE)


def phone_lead(number: object, raw: str, span: tuple[int, int], kind: str = "phone") -> Lead:
    """A lead for a parsed phonenumbers number."""
    import phonenumbers

    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)  # type: ignore[arg-type]
    return Lead(kind, e164, raw, span)


def find_phones(text: str, mapped: str, region: str, taken: Taken) -> list[Lead]:
    """The phone leads of `text` (`mapped`: the same text with ASCII digits)."""
    import phonenumbers

    found: list[tuple[int, int, object]] = []
    for match in phonenumbers.PhoneNumberMatcher(mapped, region):
        start, end = match.start, match.end
        if taken.overlaps(start, end) or _glued(mapped, start, end):
            continue
        if _labelled(text, start) and not _mobile_money(text, start, end):
            continue
        found.append((start, end, match.number))
    leads = []
    for (start, end, number), kind in zip(found, _kinds(text, found), strict=True):
        leads.append(phone_lead(number, text[start:end], (start, end), kind))
        taken.add(start, end)
    return leads


def _labelled(text: str, start: int) -> bool:
    """Whether a label such as `Passport No.:` or `#` stands right before the number."""
    window = text[max(0, start - _LABEL_WINDOW):start]
    window = window.rpartition("\n")[2]
    if window.rstrip().endswith("#"):
        return True
    return _LABEL.search(window) is not None


def _mobile_money(text: str, start: int, end: int) -> bool:
    """Whether bKash, Nagad or Rocket is named next to the number: such an account *is* a
    phone number, whatever label stands before it (`Account no 01712... (bKash)`)."""
    return _MOBILE_MONEY.search(text, max(0, start - _LABEL_WINDOW), end + 16) is not None


def _glued(mapped: str, start: int, end: int) -> bool:
    """Whether the number is one piece of a longer code (`01712345/2024`, `12-01712...`);
    two phones written `01712345678/01812345678` are two phones."""
    after = _GLUED_AFTER.match(mapped, end)
    if after and len(after.group(1)) <= _SHORT_PIECE:
        return True
    before = _GLUED_BEFORE.search(mapped, max(0, start - _SHORT_PIECE - 2), start)
    return before is not None and len(before.group(1)) <= _SHORT_PIECE


def _kinds(text: str, found: list[tuple[int, int, object]]) -> Iterator[str]:
    """The kind of each found number (phone unless a messenger word is next to it)."""
    previous_end = 0
    for index, (start, end, _number) in enumerate(found):
        next_start = found[index + 1][0] if index + 1 < len(found) else len(text)
        kind = None
        gap = _SUFFIX_GAP.match(text, end)
        after = _MESSENGER.match(text, gap.end() if gap else end)
        if after and after.start() < next_start:
            kind = after.lastgroup
            previous_end = after.end()  # the word is this number's, not the next one's
        else:
            floor = max(previous_end, start - _BACK_WINDOW)
            for boundary in _SENTENCE_END.finditer(text, floor, start):
                floor = boundary.end()
            for match in _MESSENGER.finditer(text, floor, start):
                kind = match.lastgroup
            previous_end = end
        yield kind or "phone"
