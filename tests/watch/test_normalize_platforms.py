"""One host per social platform, and indexes that rebuild when the normalisation rules change."""

from __future__ import annotations

from pathlib import Path

import pytest

from dorker.results import ReviewedIndex, merge_results, normalize_url
from dorker.results.model import Result
from dorker.results.normalize import NORMALIZE_VERSION
from helpers import run_cli


@pytest.mark.parametrize("spellings, expected", [
    pytest.param(["https://facebook.com/groups/123/posts/9", "https://www.facebook.com/groups/123/posts/9",
                  "https://m.facebook.com/groups/123/posts/9?fbclid=IwAR0",
                  "http://mbasic.facebook.com/groups/123/posts/9",
                  "https://web.facebook.com/groups/123/posts/9#c", "https://M.FaceBook.com:443/groups/123/posts/9"],
                 "https://www.facebook.com/groups/123/posts/9", id="facebook"),
    pytest.param(["https://instagram.com/p/Cx1/", "https://www.instagram.com/p/Cx1/?igsh=abc",
                  "http://m.instagram.com/p/Cx1/"],
                 "https://www.instagram.com/p/Cx1/", id="instagram"),
    pytest.param(["https://tiktok.com/@agent/video/7", "https://m.tiktok.com/@agent/video/7",
                  "https://www.tiktok.com/@agent/video/7"],
                 "https://www.tiktok.com/@agent/video/7", id="tiktok"),
    pytest.param(["https://twitter.com/agent/status/1", "https://mobile.twitter.com/agent/status/1",
                  "https://www.x.com/agent/status/1", "http://x.com/agent/status/1"],
                 "https://x.com/agent/status/1", id="x-twitter"),
])
def test_platform_spellings_are_one_page(spellings: list[str], expected: str) -> None:
    assert {normalize_url(u) for u in spellings} == {expected}
    assert normalize_url(expected) == expected


@pytest.mark.parametrize("url", [
    pytest.param("https://www.example.com/a", id="other-www-kept"),
    pytest.param("https://m.example.com/a", id="other-m-kept"),
    pytest.param("https://fb.me/abc", id="short-link-kept"),
    pytest.param("https://vm.tiktok.com/ZM123/", id="tiktok-short-link-kept"),
    pytest.param("https://l.facebook.com/l.php?u=x", id="link-shim-kept"),
    pytest.param("https://developers.facebook.com/docs", id="other-subdomain-kept"),
    pytest.param("https://facebook.com.evil.example/x", id="lookalike-kept"),
    pytest.param("ftp://facebook.com/x", id="other-scheme-kept"),
])
def test_other_hosts_are_not_folded(url: str) -> None:
    assert normalize_url(url) == url


def test_merge_counts_mobile_and_desktop_once() -> None:
    merged = merge_results([Result("https://m.facebook.com/story.php?id=1&story_fbid=2",
                                   title="A", engines=("google",)),
                            Result("https://www.facebook.com/story.php?story_fbid=2&id=1",
                                   title="B", engines=("bing",))])
    assert len(merged) == 1 and merged[0].engines == ("google", "bing")


def test_reviewed_index_rebuilds_when_the_rules_change(tmp_path: Path) -> None:
    events = [{"action": "result.reviewed", "actor": "a", "ts": "t",
               "payload": {"url": "https://m.facebook.com/groups/1", "verdict": "relevant"}}]
    with ReviewedIndex(tmp_path / "idx") as index:
        assert not index.is_current() and index.version is None  # a new index is not built
        assert index.ensure_current(lambda: events) is True
        assert index.is_current() and index.version == NORMALIZE_VERSION and len(index) == 1
        assert index.ensure_current(lambda: pytest.fail("current: no rebuild")) is False
        # An index built with older rules (its keys spelled the old way) is rebuilt.
        index._cache.set(("dorker", "normalize-version"), NORMALIZE_VERSION - 1)
        index._cache.set("http://mbasic.facebook.com/groups/1", ("irrelevant", "b", "t", "", ()))
        assert not index.is_current()
        assert index.ensure_current(lambda: events) is True
        assert len(index) == 1
        mark = index.get("https://web.facebook.com/groups/1")
        assert mark is not None and mark.verdict == "relevant"


def test_review_and_search_rebuild_a_deleted_index(dorker_home: Path) -> None:
    import shutil

    assert run_cli("review", "https://m.facebook.com/groups/7/posts/1", "--verdict",
                   "relevant").code == 0
    shutil.rmtree(dorker_home / "cache" / "reviewed")
    again = run_cli("review", "https://www.facebook.com/groups/7/posts/1", "--verdict",
                    "escalate")
    assert again.code == 0, again.err
    # The earlier verdict was found although the index was gone: rebuilt from the record.
    assert "earlier verdict: relevant by test-officer" in again.out
