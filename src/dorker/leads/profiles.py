"""Accounts in platform links: the page or user a Facebook, TikTok, Instagram, YouTube or X link
names (`facebook.com/profile.php?id=1000...`, `tiktok.com/@name`, `youtube.com/@name`)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

__all__ = ["PLATFORM_HOSTS", "profile_handle"]

PLATFORM_HOSTS: dict[str, str] = {
    "facebook.com": "facebook", "m.facebook.com": "facebook", "web.facebook.com": "facebook",
    "mbasic.facebook.com": "facebook", "business.facebook.com": "facebook",
    "touch.facebook.com": "facebook", "fb.com": "facebook", "fb.me": "facebook",
    "m.me": "facebook",
    "tiktok.com": "tiktok", "m.tiktok.com": "tiktok",
    "instagram.com": "instagram", "instagr.am": "instagram",
    "youtube.com": "youtube", "m.youtube.com": "youtube",
    "x.com": "x", "twitter.com": "x", "mobile.twitter.com": "x", "mobile.x.com": "x",
}
"""Hosts (without `www.`) whose paths name accounts, and the platform each belongs to."""

_FACEBOOK_RESERVED = frozenset({
    "pages", "groups", "watch", "share", "sharer", "sharer.php", "story.php", "permalink.php",
    "photo.php", "photo", "photos", "videos", "video.php", "events", "marketplace", "login",
    "login.php", "help", "policies", "privacy", "hashtag", "search", "home.php", "gaming",
    "reel", "reels", "media", "notes", "ads", "business", "l.php", "dialog", "plugins", "tr",
    "messages", "friends", "bookmarks", "settings", "fundraisers", "stories", "live", "legal",
    "profile.php", "people", "public", "recover", "checkpoint", "composer", "terms", "about",
    "jobs", "places", "pg", "p", "story", "posts", "permalink", "notifications", "me",
})
_INSTAGRAM_RESERVED = frozenset({
    "p", "reel", "reels", "tv", "stories", "explore", "accounts", "direct", "about", "legal",
    "developer", "web", "challenge", "emails", "session", "privacy",
})
_X_RESERVED = frozenset({
    "i", "intent", "share", "home", "search", "hashtag", "explore", "settings", "login",
    "messages", "notifications", "compose", "tos", "privacy", "signup", "logout", "jobs",
})
_YOUTUBE_RESERVED = frozenset({"watch", "shorts", "playlist", "results", "embed", "feed",
                                "live", "redirect", "t", "about", "premium", "account"})
_FB_NAME = re.compile(r"[A-Za-z0-9.\-]{5,50}\Z")
_DIGITS = re.compile(r"\d{5,20}\Z")
_IG_NAME = re.compile(r"[A-Za-z0-9._]{2,30}\Z")
_X_NAME = re.compile(r"[A-Za-z0-9_]{2,15}\Z")
_TT_NAME = re.compile(r"@([A-Za-z0-9._]{2,24})\Z")
_YT_NAME = re.compile(r"@?([A-Za-z0-9._\-]{3,100})\Z")
_YT_CHANNEL = re.compile(r"UC[A-Za-z0-9_\-]{22}\Z")


def profile_handle(host: str, path: str, query: str) -> tuple[str, str] | None:
    """(platform, account) named by a platform link, or None (a post, a search, a share link).

    `host` is lower-case without `www.`. Names are lower-cased (the platforms treat them so);
    a YouTube channel id keeps its case.
    """
    platform = PLATFORM_HOSTS.get(host)
    if platform is None:
        return None
    parts = [p for p in path.split("/") if p]
    first = parts[0] if parts else ""
    if platform == "facebook":
        return _facebook(first, parts, query)
    if platform == "tiktok":
        match = _TT_NAME.match(first)
        return ("tiktok", match.group(1).lower()) if match else None
    if platform == "instagram":
        if first == "stories" and len(parts) > 1:
            first = parts[1]
        if first.lower() in _INSTAGRAM_RESERVED or not _IG_NAME.match(first):
            return None
        return ("instagram", first.lower())
    if platform == "youtube":
        return _youtube(first, parts)
    if first.lower() in _X_RESERVED or not _X_NAME.match(first):
        return None
    return ("x", first.lower())


def _facebook(first: str, parts: list[str], query: str) -> tuple[str, str] | None:
    low = first.lower()
    if low == "profile.php":
        ident = (parse_qs(query).get("id") or [""])[0]
        return ("facebook", ident) if _DIGITS.match(ident) else None
    if low == "people" and len(parts) >= 3 and _DIGITS.match(parts[2]):
        return ("facebook", parts[2])
    if low == "groups" and len(parts) >= 2 and _FB_NAME.match(parts[1]):
        return ("facebook-group", parts[1].lower())
    if low == "pages" and len(parts) >= 3 and _DIGITS.match(parts[-1]):
        return ("facebook", parts[-1])
    if low in _FACEBOOK_RESERVED or not _FB_NAME.match(first):
        return None
    return ("facebook", low)


def _youtube(first: str, parts: list[str]) -> tuple[str, str] | None:
    if first.startswith("@"):
        match = _YT_NAME.match(first)
        return ("youtube", match.group(1).lower()) if match else None
    if first in ("c", "user") and len(parts) >= 2 and _YT_NAME.match(parts[1]):
        return ("youtube", parts[1].lower())
    if first == "channel" and len(parts) >= 2 and _YT_CHANNEL.match(parts[1]):
        return ("youtube", parts[1])
    return None
