"""Durations, due times, the seen index's rebuilds, and the lock's key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from dorker.errors import UsageError
from dorker.store.url import open_store
from dorker.watch.events import WATCH_RUN
from dorker.watch.lock import lock_key, try_lock
from dorker.watch.schedule import (
    format_duration,
    grace,
    next_due,
    parse_duration,
    parse_ts,
    to_ts,
)
from dorker.watch.seen import INDEX_FORMAT, SeenIndex


@pytest.mark.parametrize("text, seconds", [
    pytest.param("1d", 86400, id="day"), pytest.param("12h", 43200, id="hours"),
    pytest.param("30m", 1800, id="minutes"), pytest.param("1w", 604800, id="week"),
    pytest.param("1d12h", 129600, id="combined"), pytest.param(" 2H ", 7200, id="spaces-case"),
])
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("text", ["", "1", "d", "1x", "1d1d", "-1d", "1.5d", "5m", "60w", "1d 2"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UsageError):
        parse_duration(text)


def test_due_times_with_grace_and_retry_after() -> None:
    added = "2026-03-01T08:00:00.000000Z"
    assert next_due(86400, added, None) == added  # never ran: due at once
    last = "2026-03-01T09:00:05.000000Z"
    due = parse_ts(next_due(86400, added, last))
    # An hourly cron tick a few seconds early the next day still finds it due (grace 15 min).
    assert due == parse_ts(last) + timedelta(days=1) - timedelta(minutes=15)
    assert grace(86400) == 900 and grace(3600) == 72
    # The provider asked for two days: not before that.
    assert parse_ts(next_due(86400, added, last, retry_after=2 * 86400)) == \
        parse_ts(last) + timedelta(days=2) - timedelta(minutes=15)
    assert to_ts(parse_ts(last)) == last


def run_event(store: object, watch_id: int, urls: list[str]) -> None:
    store.append(WATCH_RUN, {"watch": "w", "watch_id": watch_id,  # type: ignore[attr-defined]
                             "new": [{"url": u, "original_url": u} for u in urls]}, actor="a")


def test_seen_index_syncs_and_rebuilds(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}", create=True)
    run_event(store, 1, ["https://m.facebook.com/x", "https://a.example/1"])
    run_event(store, 2, ["https://a.example/1"])
    with SeenIndex(tmp_path / "idx" / "i.sqlite3") as index:
        assert index.sync(store) == 2 and index.count() == 3
        seen = index.view(1)
        assert seen.check("https://web.facebook.com/x") == ("https://www.facebook.com/x", True)
        assert seen.check("https://a.example/2")[1] is False
        assert index.sync(store) == 0  # nothing new
        run_event(store, 1, ["https://a.example/3"])
        assert index.sync(store) == 1 and index.count(1) == 3
        # Another format (e.g. new normalisation rules): rebuilt from the start.
        index._con.execute("UPDATE meta SET value = 'old' WHERE key = 'format'")
        assert index.sync(store) == 3
        assert index._meta()["format"] == INDEX_FORMAT and index.count() == 4
    assert (tmp_path / "idx").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "idx" / "i.sqlite3").stat().st_mode & 0o777 == 0o600
    store.close()


def test_seen_index_notices_another_store_in_the_same_place(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = open_store(f"sqlite:///{path}", create=True)
    run_event(store, 1, ["https://a.example/1"])
    run_event(store, 1, ["https://a.example/2"])
    with SeenIndex(tmp_path / "i.sqlite3") as index:
        index.sync(store)
        store.close()
        path.unlink()
        store = open_store(f"sqlite:///{path}", create=True)  # a restored, shorter record
        run_event(store, 1, ["https://a.example/9"])
        assert index.sync(store) == 1
        assert index.count(1) == 1 and "https://a.example/9" in index.view(1)
    store.close()


def test_file_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    held = try_lock(url, "Gulf-Ads")
    assert held is not None
    assert try_lock(url, "gulf-ads") is None  # names compare without case
    other = try_lock(url, "another")
    assert other is not None
    other.release()
    held.release()
    again = try_lock(url, "gulf-ads")
    assert again is not None
    again.release()
    assert lock_key("dorker", "a") == lock_key("dorker", "A") != lock_key("team", "a")
    assert -(2**31) <= lock_key("dorker", "x") < 2**31


def test_the_light_projection_agrees_on_what_due_needs(tmp_path: Path) -> None:
    from dorker.watch.events import WATCH_ADDED, WATCH_REMOVED, load_watches

    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}", create=True)

    def add(name: str) -> int:
        return store.append(WATCH_ADDED, {"name": name, "targets": ["x"], "engines": ["bing"],
                                          "every_seconds": 3600}, actor="a").seq

    ids = [add(n) for n in ("one", "two", "three")]
    for watch_id, count in ((ids[0], 3), (ids[1], 0), (ids[2], 1), (ids[0], 1)):
        for _ in range(count):
            store.append(WATCH_RUN, {"watch_id": watch_id, "status": "ok", "counts": {"new": 2},
                                     "started": "2026-03-01T00:00:00.000000Z"}, actor="a")
    store.append(WATCH_REMOVED, {"name": "three", "watch": ids[2]}, actor="a")
    full = {w.name: w for w in load_watches(store)}
    light = {w.name: w for w in load_watches(store, history=False)}
    assert set(full) == set(light) == {"one", "two"}
    for name in full:
        assert light[name].last_run == full[name].last_run
        assert light[name].next_due == full[name].next_due
    assert full["one"].runs == 4 and full["one"].new_total == 8 and full["two"].last_run is None
    store.close()
