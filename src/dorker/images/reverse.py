"""Reverse-image search pages: each service's search-by-URL page, or its upload page for a file.

dorker never uploads anything: for an image on the web it builds the service's search-by-URL
address (the service fetches the image itself); for a local file it names the service's upload
page, and the investigator decides whether to upload. docs/images.md records each URL form,
where it is documented, and what each service says it does with an uploaded image.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from dorker.errors import UsageError
from dorker.i18n import N_

__all__ = ["SERVICES", "ReversePage", "Service", "is_image_url", "looks_like_image_address",
           "pages_for_file", "pages_for_url"]


@dataclass(frozen=True, slots=True)
class Service:
    """A reverse-image search service."""

    id: str
    name: str
    by_url: str
    """The search-by-image-URL address, `{url}` standing for the percent-encoded image URL."""
    upload: str
    """The page where an image is uploaded by hand."""
    uploads: str
    """What the service says it does with an uploaded image (see docs/images.md); English,
    marked for translation where it is shown."""


SERVICES: dict[str, Service] = {
    "google-lens": Service(
        "google-lens", "Google Lens", "https://lens.google.com/uploadbyurl?url={url}",
        "https://lens.google.com/",
        N_("kept under Google's privacy policy; tied to your account if signed in (unverified)")),
    "bing-images": Service(
        "bing-images", "Bing Visual Search",
        "https://www.bing.com/images/search?view=detailv2&iss=sbi&q=imgurl:{url}",
        "https://www.bing.com/visualsearch",
        N_("kept under Microsoft's privacy statement (unverified)")),
    "yandex-images": Service(
        "yandex-images", "Yandex Images",
        "https://yandex.com/images/search?rpt=imageview&url={url}",
        "https://yandex.com/images/",
        N_("kept under Yandex's terms, a company under Russian law (unverified)")),
    "tineye": Service(
        "tineye", "TinEye", "https://tineye.com/search?url={url}", "https://tineye.com/",
        N_("TinEye says uploads are never added to its index and are deleted (within 24 hours)")),
}


@dataclass(frozen=True, slots=True)
class ReversePage:
    """One page to hand to the investigator, and what it means."""

    service: Service
    url: str
    image_url: str | None
    file: str | None = None
    sha256: str | None = None

    @property
    def uploads_nothing(self) -> bool:
        return self.image_url is not None

    def record(self) -> dict[str, Any]:
        """The `query.opened` payload fields (like `open`: engine, query, url)."""
        query = self.image_url or f"upload page for {self.file} (sha256:{self.sha256})"
        return {"engine": self.service.id, "query": query, "url": self.url, "dork": None,
                "kind": "reverse-image",
                "reverse_image": {"service": self.service.id, "image_url": self.image_url,
                                  "file": self.file, "sha256": self.sha256,
                                  "uploaded_by_dorker": False}}


def is_image_url(text: str) -> bool:
    """True for an http(s) URL with a host (what the services can fetch)."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".avif", ".tif", ".tiff")


def looks_like_image_address(text: str) -> bool:
    """True for an http(s) URL whose path ends like an image file (not an ad's page)."""
    return is_image_url(text) and urlsplit(text.strip()).path.lower().endswith(_IMAGE_SUFFIXES)


def _services(ids: list[str]) -> list[Service]:
    unknown = [i for i in ids if i not in SERVICES]
    if unknown:
        raise UsageError(f"unknown reverse-image service {unknown[0]!r}",
                         hint=f"choose from {', '.join(SERVICES)}")
    return [SERVICES[i] for i in dict.fromkeys(ids or list(SERVICES))]


def pages_for_url(image_url: str, services: list[str]) -> list[ReversePage]:
    """Each service's search-by-URL page for an image on the web."""
    if any(ch in image_url for ch in "\r\n\t ") or len(image_url) > 4096:
        raise UsageError("the image URL holds spaces or line breaks, or is too long",
                         hint="pass the image's address exactly as the browser shows it")
    encoded = quote(image_url.strip(), safe="")
    return [ReversePage(s, s.by_url.replace("{url}", encoded), image_url.strip())
            for s in _services(services)]


def pages_for_file(path: Path, sha256: str, services: list[str]) -> list[ReversePage]:
    """Each service's upload page for a local file (dorker uploads nothing)."""
    return [ReversePage(s, s.upload, None, path.name, sha256) for s in _services(services)]
