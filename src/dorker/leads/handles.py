"""`@name` handles: a Telegram name when a Telegram word stands next to it, otherwise a handle
on the platform named nearby (TikTok, Instagram...), or on no platform in particular."""

from __future__ import annotations

import re

from dorker.leads.links import telegram_name
from dorker.leads.model import Lead
from dorker.leads.spans import Taken
from dorker.leads.words import CONTACT_PLATFORMS, alternation

__all__ = ["find_handles"]

_HANDLE = re.compile(r"(?<![\w@./:+%-])@([A-Za-z_][A-Za-z0-9_.]{1,31})")
_PLATFORMS = ("telegram", "instagram", "tiktok", "facebook", "youtube", "x", "whatsapp",
              "viber", "imo")
_PLATFORM_WORD = re.compile(
    "|".join(f"(?P<{name}>{alternation(*CONTACT_PLATFORMS[name])})" for name in _PLATFORMS),
    re.IGNORECASE,
)
_BACK_WINDOW = 48
_AFTER_WINDOW = 16
_SENTENCE_END = re.compile(r"[.!?।\n](?:\s|$)|\n")
_MIN_BARE = 4  # an @name with no platform word near it: at least this long
_MENTIONS = frozenset({"everyone", "all", "here", "admin", "admins", "channel", "group"})


def find_handles(text: str, taken: Taken) -> list[Lead]:
    """Every `@name` not inside an e-mail or a link already read."""
    if "@" not in text:
        return []
    leads = []
    for match in _HANDLE.finditer(text):
        name = match.group(1).rstrip(".")
        start, end = match.start(), match.start(1) + len(name)
        if taken.overlaps(start, end) or _looks_like_domain(name) or name.lower() in _MENTIONS:
            continue
        platform = _platform(text, start, end)
        raw = text[start:end]
        if platform == "telegram":
            tg = telegram_name(name)
            if tg:
                leads.append(Lead("telegram", tg, raw, (start, end)))
                taken.add(start, end)
                continue
        if platform in ("whatsapp", "viber", "imo", "telegram"):
            platform = None  # a messenger that has no @names (or a bad Telegram name)
        if platform is None and len(name) < _MIN_BARE:
            continue
        leads.append(Lead("handle", name.lower(), raw, (start, end), platform=platform))
        taken.add(start, end)
    return leads


def _looks_like_domain(name: str) -> bool:
    if "." not in name:
        return False
    from dorker.results.domains import extractor

    return bool(extractor()(name).suffix)


def _platform(text: str, start: int, end: int) -> str | None:
    """The platform word nearest before the handle in its sentence, else one right after it."""
    floor = max(0, start - _BACK_WINDOW)
    for boundary in _SENTENCE_END.finditer(text, floor, start):
        floor = boundary.end()
    best = None
    for match in _PLATFORM_WORD.finditer(text, floor, start):
        best = match.lastgroup
    if best is None:
        stop = text.find("@", end)
        limit = min(len(text), end + _AFTER_WINDOW, stop if stop >= 0 else len(text))
        after = _PLATFORM_WORD.search(text, end, limit)
        best = after.lastgroup if after else None
    return best
