"""Reading a web address a user typed: one place that turns every malformed form into one line.

`urlsplit` raises on `http://[::1` and `.port` raises on `:99999`; neither may become a
traceback. Only http(s) addresses with a host are web addresses here (`javascript:` and
`data:` are refused, never "fixed" by prefixing a scheme).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

__all__ = ["split_url", "web_url"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def split_url(text: str, *, schemes: tuple[str, ...] = ("http", "https")) -> SplitResult:
    """`urlsplit(text)` checked: a listed scheme, a host, a valid port; ValueError otherwise."""
    parts = urlsplit(text)  # raises ValueError for an invalid IPv6 host
    if parts.scheme.lower() not in schemes:
        raise ValueError(f"the scheme must be {' or '.join(schemes)}")
    if not parts.hostname:
        raise ValueError("there is no host")
    _ = parts.port  # raises ValueError when out of range or not a number
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise ValueError("it holds spaces or control characters")
    return parts


def web_url(text: str, *, assume_https: bool = False) -> str:
    """A checked http(s) address; with `assume_https`, `example.com/x` becomes `https://...`.

    A text that already names another scheme (`javascript:`, `data:`, `ftp:`) is refused
    rather than prefixed.
    """
    value = text.strip()
    if assume_https and "://" not in value and not _SCHEME.match(value.split("/", 1)[0] + "/"):
        value = "https://" + value
    split_url(value)
    return value
