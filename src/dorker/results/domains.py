"""Registered domains with tldextract's **bundled** public-suffix snapshot: never a fetch.

`tldextract.TLDExtract()` with its defaults downloads the suffix list on first use and caches it
under the home folder. dorker builds its extractor with no suffix-list URLs and no cache folder,
so the snapshot shipped inside the package is the only source (tests guard the socket).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from dorker.results.normalize import normalize_url

if TYPE_CHECKING:
    import tldextract

__all__ = ["extractor", "registered_domain"]

_lock = threading.Lock()
_extractor: tldextract.TLDExtract | None = None


def extractor() -> tldextract.TLDExtract:
    """The process-wide offline extractor (built on first use: tldextract is slow to import)."""
    global _extractor
    if _extractor is None:
        with _lock:
            if _extractor is None:
                import tldextract

                _extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                                   fallback_to_snapshot=True)
    return _extractor


def registered_domain(url_or_host: str) -> str:
    """`example.co.uk` for `https://www.Example.co.uk/x`; an IP or a bare name is returned as is."""
    text = url_or_host.strip()
    host = urlsplit(normalize_url(text)).hostname or text.lower()
    parts = extractor()(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    return host
