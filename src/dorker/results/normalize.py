"""URL normalisation: one spelling per page, so results dedup across engines, pages and runs.

Rules (docs/providers.md repeats them):
- surrounding whitespace is stripped; a URL without a scheme gets `http://`;
- scheme and host are lower-cased; a trailing dot on the host is dropped; a non-ASCII (IDN) host
  is written in punycode (`xn--...`), so both spellings of the same host agree;
- default ports (`:80` for http, `:443` for https) are dropped;
- an empty path becomes `/`; any other path is kept as is, trailing slash included (`/a` and
  `/a/` can be different pages); percent-escapes are upper-cased (`%2f` -> `%2F`);
- the fragment (`#...`) is dropped;
- tracking parameters (`utm_*`, `fbclid`, `gclid`, `msclkid`, `igshid`, `mc_eid`, `ref_src`,
  `_ga`...) are removed; the remaining parameters are sorted by name (values of a repeated name
  keep their order) and otherwise kept as written (`a+b` and `a%20b` stay different); a query
  left empty disappears with its `?`;
- the spellings of one social platform are one host (`PLATFORM_HOSTS`): the bare host, `www.`,
  `m.`, `mbasic.`, `web.` (and `mobile.`, `touch.`) of Facebook become `www.facebook.com`; the
  same for Instagram (`www.instagram.com`) and TikTok (`www.tiktok.com`); X and Twitter become
  `x.com`. Those platforms serve only HTTPS, so `http://` becomes `https://` there too. Short-link
  hosts (`fb.me`, `vm.tiktok.com`, `t.co`...) are other pages and stay as they are.

`NORMALIZE_VERSION` changes whenever a rule does: indexes keyed by normalised URLs (the
reviewed-URL index, a watch's seen index) compare it and rebuild from the record.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit

__all__ = ["NORMALIZE_VERSION", "PLATFORM_HOSTS", "TRACKING_PARAMS", "is_tracking_param",
           "normalize_url"]

NORMALIZE_VERSION = 2
"""1: the first rules; 2: one host per social platform (`PLATFORM_HOSTS`)."""


def _platform_hosts() -> dict[str, str]:
    hosts: dict[str, str] = {}
    for canonical, bare, prefixes in (
        ("www.facebook.com", "facebook.com", ("www", "m", "mbasic", "web", "mobile", "touch")),
        ("www.instagram.com", "instagram.com", ("www", "m")),
        ("www.tiktok.com", "tiktok.com", ("www", "m")),
        ("x.com", "x.com", ("www", "m", "mobile")),
        ("x.com", "twitter.com", ("www", "m", "mobile")),
    ):
        hosts[bare] = canonical
        for prefix in prefixes:
            hosts[f"{prefix}.{bare}"] = canonical
    return hosts


PLATFORM_HOSTS: dict[str, str] = _platform_hosts()
"""Host (lower-case) -> the one host its platform's pages are written with."""

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "igshid", "igsh",
    "mc_eid", "mc_cid", "ref_src", "ref_url", "_ga", "_gl", "_hsenc", "_hsmi", "yclid",
    "twclid", "ttclid", "li_fat_id", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
    "rb_clickid", "s_cid", "wickedid", "epik", "srsltid",
})
"""Parameter names (lower-case) that only track the visitor; `utm_*` is matched by prefix."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT = re.compile(r"%[0-9a-f]{2}")
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter name only tracks the visitor."""
    low = name.lower()
    return low.startswith("utm_") or low in TRACKING_PARAMS


def _upper_pct(match: re.Match[str]) -> str:
    return match.group(0).upper()


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    if not host.isascii():
        # Not a valid IDN: keep it lower-cased, consistently.
        with contextlib.suppress(UnicodeError):
            host = ".".join(label.encode("idna").decode("ascii") if not label.isascii() else label
                            for label in host.split("."))
    return host


def normalize_url(url: str) -> str:
    """The canonical spelling of `url` (see the module docstring for the rules)."""
    url = url.strip()
    if not url.isprintable():  # tabs and newlines inside are dropped, as urlsplit does (WHATWG)
        url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    scheme, sep, rest = url.partition("://")
    if not sep or not ((scheme.isascii() and scheme.isalpha()) or _HAS_SCHEME.match(url)):
        scheme, rest = "http", url.lstrip("/")
    scheme = scheme.lower()
    rest = rest.partition("#")[0]
    rest, _, query = rest.partition("?")
    slash = rest.find("/")
    netloc, path = (rest, "/") if slash < 0 else (rest[:slash], rest[slash:])
    # The common case by hand (this runs for every result and every "was it reviewed?"); an
    # unusual authority (credentials, IPv6, IDN, odd port) goes through urllib.
    host, colon, port = netloc.rpartition(":") if ":" in netloc else (netloc, "", "")
    if "@" in netloc or "[" in netloc or not netloc.isascii() or (colon and not port.isdigit()):
        netloc = _authority(scheme, netloc)
    else:
        host = host.lower().rstrip(".")
        netloc = host if not colon or _DEFAULT_PORTS.get(scheme) == int(port) else f"{host}:{port}"
    platform = PLATFORM_HOSTS.get(netloc)
    if platform is not None and scheme in _DEFAULT_PORTS:  # one host, https (module docstring)
        scheme, netloc = "https", platform
    if "%" in path:
        path = _PCT.sub(_upper_pct, path)
    if query:
        query = _clean_query(query)
    return f"{scheme}://{netloc}{path}?{query}" if query else f"{scheme}://{netloc}{path}"


def _clean_query(query: str) -> str:
    """Tracking parameters dropped, the rest sorted by name (stable); each pair kept as written
    except for upper-cased percent-escapes."""
    pairs = [p for p in query.split("&") if p and not is_tracking_param(p.partition("=")[0])]
    pairs.sort(key=lambda p: p.partition("=")[0])
    text = "&".join(pairs)
    return _PCT.sub(_upper_pct, text) if "%" in text else text


def _authority(scheme: str, netloc: str) -> str:
    parts = urlsplit(f"{scheme}://{netloc}/")
    hostname = parts.hostname
    if hostname is None:
        return netloc.lower()
    host = _host(hostname)
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep the authority as it was
        return netloc.lower()
    out = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    userinfo = netloc.rpartition("@")[0] if "@" in netloc else ""
    return f"{userinfo}@{out}" if userinfo else out
