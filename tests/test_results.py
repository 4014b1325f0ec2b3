"""Results: URL normalisation, offline registered domains, dedup/grouping, the reviewed index."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from dorker.errors import InputError
from dorker.results import (
    Result,
    ReviewedIndex,
    group_by_domain,
    merge_results,
    normalize_url,
    registered_domain,
)
from dorker.results import domains as domains_module
from provider_server import refuse_non_loopback


@pytest.mark.parametrize("raw, expected", [
    pytest.param("HTTPS://WWW.Example.COM/Path", "https://www.example.com/Path", id="case"),
    pytest.param("https://example.com:443/a", "https://example.com/a", id="https-port"),
    pytest.param("http://example.com:80/a", "http://example.com/a", id="http-port"),
    pytest.param("http://example.com:8080/a", "http://example.com:8080/a", id="other-port"),
    pytest.param("https://example.com/a#section", "https://example.com/a", id="fragment"),
    pytest.param("https://example.com", "https://example.com/", id="empty-path"),
    pytest.param("https://example.com/a/", "https://example.com/a/", id="trailing-slash-kept"),
    pytest.param("https://example.com/a?utm_source=x&utm_MEDIUM=y&fbclid=1&gclid=2&msclkid=3"
                 "&igshid=4&mc_eid=5&ref_src=6&_ga=7&id=9", "https://example.com/a?id=9",
                 id="tracking"),
    pytest.param("https://example.com/a?utm_source=x", "https://example.com/a", id="only-tracking"),
    pytest.param("https://example.com/?b=2&a=1&b=1", "https://example.com/?a=1&b=2&b=1",
                 id="sorted-stable"),
    pytest.param("https://bücher.example/", "https://xn--bcher-kva.example/", id="idn"),
    pytest.param("https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/", id="punycode"),
    pytest.param("https://example.com./x", "https://example.com/x", id="trailing-dot"),
    pytest.param("https://example.com/%7euser/%2f", "https://example.com/%7Euser/%2F", id="pct"),
    pytest.param("  example.com/x ", "http://example.com/x", id="no-scheme"),
    pytest.param("http://[2001:DB8::1]:80/", "http://[2001:db8::1]/", id="ipv6"),
    pytest.param("https://User:PW@Example.com:443/x", "https://User:PW@example.com/x",
                 id="userinfo-kept"),
    pytest.param("https://example.com:/x", "https://example.com/x", id="empty-port"),
    pytest.param("https://example.com?b=1&a=%2f", "https://example.com/?a=%2F&b=1",
                 id="query-without-path"),
    pytest.param("example.com/go?to=https://x.test/", "http://example.com/go?to=https://x.test/",
                 id="scheme-only-inside-query"),
    pytest.param("https://ex\tample.com/a\n", "https://example.com/a", id="tab-newline"),
    pytest.param("https://example.com/a?&&utm_id=1&", "https://example.com/a", id="empty-pairs"),
])
def test_normalize_url(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected
    assert normalize_url(expected) == expected  # idempotent


@pytest.mark.parametrize("url, domain", [
    pytest.param("https://www.bbc.co.uk/news", "bbc.co.uk", id="co-uk"),
    pytest.param("https://jobs.example.com.bd/x", "example.com.bd", id="com-bd"),
    pytest.param("https://WWW.Example.COM", "example.com", id="case"),
    pytest.param("https://t.me/s/channel", "t.me", id="t-me"),
    pytest.param("https://bücher.de/", "xn--bcher-kva.de", id="idn"),
    pytest.param("http://127.0.0.1:8080/x", "127.0.0.1", id="ip"),
    pytest.param("http://localhost/x", "localhost", id="no-suffix"),
])
def test_registered_domain_offline(url: str, domain: str, monkeypatch: pytest.MonkeyPatch,
                                   tmp_path: Path) -> None:
    refuse_non_loopback(monkeypatch)
    assert registered_domain(url) == domain


def test_suffix_list_is_never_fetched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fresh extractor, sockets and DNS refused: the bundled snapshot answers, nothing written.

    (tldextract's default extractor would try DNS for publicsuffix.org here: the guard sees it.)
    """
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    def no_dns(host: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(host)
        raise OSError("DNS disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(domains_module, "_extractor", None)
    cache = tmp_path / "tld-cache"
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(cache))
    assert registered_domain("https://a.b.example.co.uk/") == "example.co.uk"
    assert registered_domain("https://x.gov.bd/") == "x.gov.bd"
    assert attempts == [] and not cache.exists()


def r(url: str, engine: str, page: int = 1, position: int = 1, title: str = "T") -> Result:
    return Result(url=url, title=title, engines=(engine,), position=position, page=page,
                  provider="searxng")


def test_merge_dedups_across_engines_pages_and_runs() -> None:
    run1 = [r("https://Example.com/a?utm_source=x", "google", 1, 1, title="First"),
            r("https://example.com/a#top", "bing", 1, 3, title="Second"),
            r("https://other.example.org/b", "google", 1, 2)]
    merged: dict[str, Any] = {}
    first = merge_results(run1, into=merged)
    assert [m.url for m in first] == ["https://example.com/a", "https://other.example.org/b"]
    run2 = [r("https://example.com:443/a", "google", 2, 5),
            r("https://example.com/a", "google", 1, 1)]
    second = merge_results(run2, into=merged)
    top = second[0]
    assert len(second) == 2 and top.title == "First" and top.original_url.startswith("https://Ex")
    assert top.engines == ("google", "bing") and top.best_position == 1
    assert [(s.engine, s.page, s.position) for s in top.sightings] == [
        ("google", 1, 1), ("bing", 1, 3), ("google", 2, 5)]  # the repeat of run 1 is not re-added
    assert top.to_dict()["domain"] == "example.com"


def test_group_by_registered_domain() -> None:
    merged = merge_results([r("https://a.example.co.uk/1", "g"), r("https://other.test/x", "g"),
                            r("https://b.example.co.uk/2", "g")])
    groups = group_by_domain(merged)
    assert list(groups) == ["example.co.uk", "other.test"]
    assert [m.url for m in groups["example.co.uk"]] == ["https://a.example.co.uk/1",
                                                       "https://b.example.co.uk/2"]


def test_reviewed_index_mark_get_any_spelling(dorker_home: Path) -> None:
    with ReviewedIndex.default() as index:
        assert index.get("https://example.com/job") is None
        index.mark("https://EXAMPLE.com/job?utm_source=fb#x", "relevant", "officer-a",
                   "2026-11-28T03:00:00.000000Z", note="fake visa agency", tags=["bd"])
        mark = index.get("https://example.com:443/job")
        assert mark is not None and mark.verdict == "relevant" and mark.actor == "officer-a"
        assert mark.ts == "2026-11-28T03:00:00.000000Z" and mark.note == "fake visa agency"
        assert mark.tags == ("bd",) and mark.url == "https://example.com/job"
        assert "https://example.com/job#y" in index and len(index) == 1
        index.mark("https://example.com/job", "escalate", "officer-b", "2026-11-28T04:00:00Z")
        latest = index.get("https://example.com/job")
        assert latest is not None and (latest.verdict, latest.actor) == ("escalate", "officer-b")
        with pytest.raises(InputError, match="unknown verdict"):
            index.mark("https://example.com/job", "maybe", "a", "t")
    assert (dorker_home / "cache" / "reviewed").is_dir()


def test_reviewed_index_rebuild_from_events(tmp_path: Path) -> None:
    from dorker.store.events import Event

    events: list[Any] = [
        {"seq": 1, "action": "case.created", "actor": "a", "ts": "t1", "payload": {"title": "x"}},
        {"seq": 2, "action": "result.reviewed", "actor": "alice", "ts": "t2",
         "payload": {"url": "https://a.example/1?fbclid=z", "verdict": "irrelevant", "note": "",
                     "tags": []}},
        Event(seq=3, ts="t3", actor="bob", case_id="c1", action="result.reviewed",
              payload={"url": "https://a.example/1", "verdict": "relevant", "note": "n",
                       "tags": ["x"]}, prev_hash="0" * 64, hash="1" * 64),
        {"seq": 4, "action": "result.reviewed", "actor": "eve", "ts": "t4",
         "payload": {"verdict": "relevant"}},  # malformed: skipped, never a crash
    ]
    with ReviewedIndex(tmp_path / "idx") as index:
        index.mark("https://stale.example/", "duplicate", "old", "t0")
        assert index.rebuild(events) == 2
        mark = index.get("https://a.example/1")
        assert mark is not None and (mark.verdict, mark.actor, mark.ts, mark.tags) == (
            "relevant", "bob", "t3", ("x",))
        assert index.get("https://stale.example/") is None  # rebuilt from the record only
        assert len(index) == 1
