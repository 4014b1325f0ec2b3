"""A real HTTP server on 127.0.0.1 (port 0, in a thread) serving synthetic provider answers.

Each route (a path) has a list of canned responses served in order, the last one repeating.
Every request is logged (path, query parameters, headers, whether it came as a proxy request),
so tests can count what reached the "network". `refuse_non_loopback` is the socket guard.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

__all__ = [
    "CAPTCHA_PAGE",
    "HTML_PAGE",
    "Canned",
    "ProviderServer",
    "brave_body",
    "google_body",
    "refuse_non_loopback",
    "running_server",
    "searxng_body",
]

CAPTCHA_PAGE = (b"<!DOCTYPE html><html><head><title>Are you a robot?</title></head><body>"
                b"<form action='/sorry/index'><div class='g-recaptcha'></div></form>"
                b"Our systems have detected unusual traffic from your computer network."
                b"</body></html>")
HTML_PAGE = b"<!DOCTYPE html><html><head><title>SearXNG</title></head><body>results</body></html>"
FORBIDDEN_PAGE = (b"<!doctype html><html lang=en><title>403 Forbidden</title><h1>Forbidden</h1>"
                  b"<p>You don't have the permission to access the requested resource.</p>")


@dataclass
class Canned:
    """One response: status, body, headers, a delay before answering, a chunked (no length) body.

    With `gate`, the answer waits until the test sets it (a request held open for exactly as
    long as the test needs, whatever the machine's load); `gate_limit` only bounds a test that
    forgot to release it.
    """

    status: int = 200
    body: bytes | str | dict[str, Any] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stream: bool = False
    gate: threading.Event | None = None
    gate_limit: float = 600.0

    def payload(self) -> tuple[bytes, str]:
        if isinstance(self.body, dict):
            return json.dumps(self.body).encode(), "application/json"
        data = self.body.encode() if isinstance(self.body, str) else self.body
        kind = "text/html; charset=utf-8" if data.lstrip()[:1] == b"<" else "application/json"
        return data, kind


@dataclass
class Seen:
    """A request as the server saw it."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]
    proxied: bool
    host: str


class ProviderServer:
    """The server; `url` is its base, `routes[path]` the canned answers, `seen` the log."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Canned]] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                target = urlsplit(self.path)
                proxied = bool(target.scheme)  # a proxy request carries the absolute URL
                seen = Seen(target.path, dict(parse_qsl(target.query, keep_blank_values=True)),
                            {k.lower(): v for k, v in self.headers.items()}, proxied,
                            target.netloc or self.headers.get("Host", ""))
                with server._lock:
                    server.seen.append(seen)
                    answers = server.routes.get(target.path) or [Canned(404, {"error": "no route"})]
                    canned = answers.pop(0) if len(answers) > 1 else answers[0]
                if canned.gate is not None:
                    canned.gate.wait(canned.gate_limit)
                if canned.delay:
                    time.sleep(canned.delay)
                body, kind = canned.payload()
                try:
                    self.send_response(canned.status)
                    headers = {"Content-Type": kind, **canned.headers}
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if canned.stream:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        for start in range(0, len(body), 65536):
                            self.wfile.write(body[start:start + 65536])
                        self.close_connection = True
                    else:
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (size cap, timeout)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def route(self, path: str, *answers: Canned) -> None:
        """Serve `answers` in order on `path` (the last repeats)."""
        self.routes[path] = list(answers)

    def hits(self, path: str | None = None) -> int:
        """Requests received (on `path`, or in all)."""
        return sum(1 for s in self.seen if path is None or s.path == path)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@contextmanager
def running_server() -> Iterator[ProviderServer]:
    """A started server, stopped afterwards."""
    server = ProviderServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def refuse_non_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any connection to a non-loopback address fail loudly (the tests' network guard)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def allowed(address: Any) -> bool:
        if isinstance(address, tuple) and address:
            return str(address[0]) in ("127.0.0.1", "::1", "localhost")
        return isinstance(address, str | bytes)  # AF_UNIX paths are local

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if not allowed(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if not allowed(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect_ex(self, address)

    def no_dns(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("127.0.0.1", "::1", "localhost", None):
            raise AssertionError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)


# --- synthetic bodies in each provider's documented shape (research/operators.md §3) ---------

def searxng_body(urls: list[str], *, engine: str = "duckduckgo",
                 unresponsive: list[list[str]] | None = None) -> dict[str, Any]:
    """A SearXNG `format=json` answer."""
    return {
        "query": "q", "number_of_results": 0,
        "results": [{
            "url": u, "title": f"Title {i}", "content": f"Snippet {i}", "engine": engine,
            "engines": [engine, "brave"], "parsed_url": ["https", "example.org", "/", "", "", ""],
            "template": "default.html", "positions": [i, i + 2], "score": 2.5,
            "category": "general", "priority": "", "publishedDate": "2026-01-02T00:00:00",
            "pubdate": "", "thumbnail": "", "img_src": "", "iframe_src": "", "audio_src": "",
            "length": None, "views": "", "author": "", "metadata": "", "open_group": False,
            "close_group": False} for i, u in enumerate(urls, start=1)],
        "answers": [], "corrections": [], "infoboxes": [], "suggestions": ["x"],
        "unresponsive_engines": unresponsive or [],
    }


def brave_body(urls: list[str]) -> dict[str, Any]:
    """A Brave `/res/v1/web/search` answer."""
    return {
        "type": "search",
        "query": {"original": "q", "more_results_available": True},
        "mixed": {"type": "mixed", "main": []},
        "web": {"type": "search", "family_friendly": True, "results": [
            {"type": "search_result", "title": f"Brave {i}", "url": u,
             "description": f"Desc {i}", "age": "2 days ago", "page_age": "2026-01-01T00:00:00",
             "language": "en", "family_friendly": True,
             "meta_url": {"scheme": "https", "netloc": "example.org", "hostname": "example.org",
                          "favicon": "", "path": "/"}} for i, u in enumerate(urls, start=1)]},
    }


def google_body(urls: list[str], start: int = 1) -> dict[str, Any]:
    """A Google CSE answer; with no URLs, `items` is left out as Google does."""
    body: dict[str, Any] = {
        "kind": "customsearch#search",
        "url": {"type": "application/json", "template": "https://x/{searchTerms}"},
        "queries": {"request": [{"title": "t", "totalResults": str(len(urls)),
                                 "searchTerms": "q", "count": len(urls), "startIndex": start,
                                 "inputEncoding": "utf8", "outputEncoding": "utf8",
                                 "safe": "off", "cx": "cx"}]},
        "context": {"title": "ctx"},
        "searchInformation": {"searchTime": 0.31, "formattedSearchTime": "0.31",
                              "totalResults": str(len(urls)),
                              "formattedTotalResults": str(len(urls))},
    }
    if urls:
        body["items"] = [{"kind": "customsearch#result", "title": f"G {i}", "htmlTitle": "x",
                          "link": u, "displayLink": "example.com", "snippet": f"S {i}",
                          "htmlSnippet": "s", "cacheId": "c", "formattedUrl": u,
                          "htmlFormattedUrl": u} for i, u in enumerate(urls, start=1)]
    return body
