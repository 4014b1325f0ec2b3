"""E-mail addresses, links and web sites: what each link names.

A messenger link is the selector it carries (`wa.me/880...` a WhatsApp number, `t.me/name` a
Telegram name, `t.me/+CODE` and `joinchat/CODE` one invite, `tel:`, `viber://`); a platform
link names an account (a `handle`) and is kept as a `url`; any other link is a `url` and its
registered domain (tldextract's bundled suffix list, never a fetch) a `domain`, unless that
domain is a platform everyone uses. A bare `name.tld` is a domain only when its ending is
written in lower case and is not also an everyday word or file ending (`salary.It`, `cv.pdf`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from dorker.leads.common import is_common_domain
from dorker.leads.model import Lead
from dorker.leads.profiles import PLATFORM_HOSTS, profile_handle
from dorker.leads.spans import Taken

__all__ = ["find_emails", "find_links", "telegram_name"]

_EMAIL = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])")
_AT = r"\s*[\[({<]\s*at\s*[\])}>]\s*"
_DOT = r"(?:\.|\s*[\[({<]\s*dot\s*[\])}>]\s*)"
_EMAIL_HIDDEN = re.compile(
    rf"(?<![\w.+%-])([A-Za-z0-9][A-Za-z0-9._%+-]{{0,63}}){_AT}"
    rf"([A-Za-z0-9-]{{1,63}}(?:{_DOT}[A-Za-z0-9-]{{1,63}})+)", re.IGNORECASE)
_DOT_SPLIT = re.compile(_DOT, re.IGNORECASE)
_HIDDEN_AT = re.compile(_AT, re.IGNORECASE)

# No spaces, brackets or quotes, and no control or bidi/format characters (an ESC or a U+202E
# inside a "link" is hostile text, not part of an address).
_URL_CHARS = r"[^\s<>\"'`{}|\\^\[\]\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
_LINK = re.compile(
    rf"(?<![\w@.\-/])(?:"
    rf"(?P<web>https?://{_URL_CHARS}+)"
    rf"|(?P<app>(?:tel|sms|viber|whatsapp|tg):{_URL_CHARS}+)"
    rf"|(?P<bare>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+[A-Za-z]{{2,24}}"
    rf"(?![\w@-])(?::\d{{2,5}})?(?:/{_URL_CHARS}*)?)"
    rf")", re.IGNORECASE)
_TRAILING = ".,;:!?'\")]}।>»…”’"
# Endings that are also everyday words or file types: `hiring.it`, `call.me`, `cv.zip`. Such a
# bare name counts only with `www.` or a path.
_AMBIGUOUS_SUFFIXES = frozenset({
    "in", "is", "it", "me", "to", "at", "no", "us", "my", "so", "am", "be", "do", "go", "id",
    "ai", "tv", "ly", "la", "ml", "cc", "ws", "pm", "im", "st", "nu", "an", "as", "by", "ca",
    "de", "es", "he", "hi", "if", "ma", "mr", "of", "on", "or", "pa", "re", "sa", "se", "we",
    "zip", "mov", "md", "py", "sh", "pl", "rs", "cs", "ts", "js", "ps", "app", "docx", "pdf",
})
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
_TELEGRAM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]\Z")
_TELEGRAM_RESERVED = frozenset({
    "joinchat", "s", "c", "share", "addstickers", "addemoji", "addtheme", "proxy", "socks",
    "iv", "login", "setlanguage", "confirmphone", "invoice", "bg", "boost", "contact",
})
_INVITE = re.compile(r"[A-Za-z0-9_\-]{8,64}\Z")
_WHATSAPP_SEND_HOSTS = frozenset({"api.whatsapp.com", "web.whatsapp.com", "whatsapp.com"})


def telegram_name(name: str) -> str | None:
    """A Telegram public name, lower-cased, if `name` can be one (5-32 letters, digits, `_`)."""
    return name.lower() if _TELEGRAM_NAME.match(name) else None


def find_emails(text: str, taken: Taken) -> list[Lead]:
    """E-mail addresses, plain and written as `name [at] host [dot] com`."""
    from dorker.results.domains import extractor

    leads = []
    for match in _EMAIL.finditer(text) if "@" in text else ():
        raw = match.group(0).rstrip(".")
        host = raw.rpartition("@")[2].lower()
        if extractor()(host).suffix:
            leads.append(Lead("email", raw.lower(), raw, (match.start(), match.start() + len(raw))))
    for match in _EMAIL_HIDDEN.finditer(text) if _HIDDEN_AT.search(text) else ():
        labels = _DOT_SPLIT.split(match.group(2))
        host = ".".join(labels).lower()
        if not extractor()(host).suffix or taken.overlaps(match.start(), match.end()):
            continue
        leads.append(Lead("email", f"{match.group(1).lower()}@{host}", match.group(0),
                          (match.start(), match.end())))
    for lead in leads:
        taken.add(*lead.span)
    return leads


def find_links(text: str, region: str, taken: Taken) -> list[Lead]:
    """Leads from every link and web address in `text`."""
    leads: list[Lead] = []
    for match in _LINK.finditer(text):
        raw = _trim(match.group(0))
        start = match.start()
        span = (start, start + len(raw))
        if taken.overlaps(*span):
            continue
        if match.group("app"):
            found = _app_link(raw, span, region)
        else:
            found = _web_link(raw, span, bare=bool(match.group("bare")))
        if found:
            leads.extend(found)
            taken.add(*span)
    return leads


def _trim(raw: str) -> str:
    while raw and raw[-1] in _TRAILING:
        if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
            break
        raw = raw[:-1]
    return raw


def _app_link(raw: str, span: tuple[int, int], region: str) -> list[Lead]:
    scheme, _, rest = raw.partition(":")
    scheme = scheme.lower()
    if scheme in ("tel", "sms"):
        return _phone(unquote(rest.split("?")[0]), raw, span, "phone", region)
    query = parse_qs(rest.partition("?")[2])
    if scheme == "viber":
        return _phone(_first(query, "number"), raw, span, "viber", None)
    if scheme == "whatsapp":
        return _phone(_first(query, "phone"), raw, span, "whatsapp", None)
    name = telegram_name(_first(query, "domain"))
    return [Lead("telegram", name, raw, span)] if name else []


def _first(query: dict[str, list[str]], key: str) -> str:
    return (query.get(key) or [""])[0].strip()


def _phone(number: str, raw: str, span: tuple[int, int], kind: str,
           region: str | None) -> list[Lead]:
    import phonenumbers

    from dorker.leads.phones import phone_lead

    digits = re.sub(r"[^\d+]", "", number)
    if not digits:
        return []
    if region is None and not digits.startswith("+"):
        digits = "+" + digits  # messenger links always carry the country code, without a +
    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return []
    if not phonenumbers.is_valid_number(parsed):
        return []
    return [phone_lead(parsed, raw, span, kind)]


def _web_link(raw: str, span: tuple[int, int], *, bare: bool) -> list[Lead]:
    from dorker.results.normalize import normalize_url

    full = raw if "://" in raw else "http://" + raw
    try:
        parts = urlsplit(full)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return []
    short = host[4:] if host.startswith("www.") else host
    path = parts.path
    if bare and not _plausible_bare(raw, short, path, host != short):
        return []
    if short in _TELEGRAM_HOSTS:
        return _telegram(path, raw, span)
    if short == "wa.me" and re.fullmatch(r"/\+?\d{6,15}/?", path):
        return _phone(path.strip("/"), raw, span, "whatsapp", None)
    if short in _WHATSAPP_SEND_HOSTS and path.rstrip("/") == "/send":
        return _phone(_first(parse_qs(parts.query), "phone"), raw, span, "whatsapp", None)
    domain = _registered(short)
    if domain is None:
        return []
    leads: list[Lead] = []
    handle = profile_handle(short, path, parts.query)
    if handle:
        leads.append(Lead("handle", handle[1], raw, span, platform=handle[0]))
    has_url = not bare or host != short or path not in ("", "/")
    if has_url:
        leads.append(Lead("url", normalize_url(full), raw, span))
    if domain and not is_common_domain(domain) and short not in PLATFORM_HOSTS:
        leads.append(Lead("domain", domain, raw, span))
    return leads


def _plausible_bare(raw: str, host: str, path: str, www: bool) -> bool:
    """A name.tld without a scheme: its ending written in lower case, a known suffix, and not
    an everyday word or file type unless `www.` or a path says it is an address."""
    label = raw.split("/")[0].split(":")[0].rstrip(".")
    tld = label.rsplit(".", 1)[-1]
    if not tld.islower():
        return False
    if host in PLATFORM_HOSTS or host in _TELEGRAM_HOSTS or host == "wa.me":
        return True
    return www or path not in ("", "/") or tld not in _AMBIGUOUS_SUFFIXES


def _registered(host: str) -> str | None:
    """The registered domain; "" for an IP address (a URL without a domain); None: no host."""
    from dorker.results.domains import extractor

    if not host:
        return None
    if re.fullmatch(r"[\d.]+|\[[0-9a-f:.]+\]|[0-9a-f]*:[0-9a-f:]+", host):
        return ""
    parts = extractor()(host)
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"


def _telegram(path: str, raw: str, span: tuple[int, int]) -> list[Lead]:
    parts = [p for p in path.split("/") if p]
    if not parts:
        return []
    first = parts[0]
    if first.startswith("+") and _INVITE.match(first[1:]):
        return [Lead("telegram", first, raw, span)]
    low = first.lower()
    if low == "joinchat" and len(parts) > 1 and _INVITE.match(parts[1]):
        return [Lead("telegram", "+" + parts[1], raw, span)]
    if low == "s" and len(parts) > 1:
        first, low = parts[1], parts[1].lower()
    elif low in _TELEGRAM_RESERVED:
        return []
    name = telegram_name(first)
    return [Lead("telegram", name, raw, span)] if name else []
