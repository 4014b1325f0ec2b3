"""Domains that everyone uses: they are never a domain lead and never link two items.

Two ads on facebook.com, or two agents with a gmail.com address, are not one network. Their
*accounts* are leads (the page name, the address); the platform is not.
"""

from __future__ import annotations

__all__ = ["COMMON_DOMAINS", "is_common_domain"]

COMMON_DOMAINS = frozenset({
    # social platforms and messengers
    "facebook.com", "fb.com", "fb.me", "m.me", "messenger.com", "fbcdn.net", "fb.watch",
    "whatsapp.com", "wa.me", "whatsapp.net", "t.me", "telegram.me", "telegram.org",
    "telegram.dog", "tiktok.com", "instagram.com", "instagr.am", "youtube.com", "youtu.be",
    "x.com", "twitter.com", "linkedin.com", "imo.im", "imoim.net", "viber.com", "line.me",
    "snapchat.com", "threads.net", "pinterest.com", "reddit.com", "wechat.com", "qq.com",
    "signal.org", "signal.me", "skype.com", "zoom.us", "discord.gg", "discord.com",
    # mail providers
    "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "hotmail.com", "outlook.com",
    "live.com", "msn.com", "icloud.com", "proton.me", "protonmail.com", "aol.com",
    "mail.ru", "yandex.ru", "yandex.com",
    # search engines, hosting, shorteners
    "google.com", "goo.gl", "bing.com", "duckduckgo.com", "wikipedia.org", "blogspot.com",
    "blogger.com", "wordpress.com", "medium.com", "bit.ly", "tinyurl.com", "linktr.ee",
    "forms.gle", "sites.google.com", "drive.google.com",
})
"""Registered domains (and a few hosts) that are platforms, not anyone's own site."""


def is_common_domain(domain: str) -> bool:
    """Whether `domain` (a registered domain or host) is a platform everyone uses."""
    host = domain.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host in COMMON_DOMAINS
