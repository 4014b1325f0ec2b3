"""The chain read a page at a time (`iter_chain_pages`), on SQLite and PostgreSQL: the same rows
as `iter_chain`, in small pages, and `scan_chain` hands its visitor exactly the rows that
passed, also when the chain breaks inside a page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dorker.audit.report import build_report
from dorker.store import NewEvent, open_store
from dorker.store.base import CHAIN_PAGE, EventStore
from dorker.store.verify import scan_chain
from pg_support import fresh_schema

EVENTS = 2 * CHAIN_PAGE + 37


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStore]:
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 's.sqlite3'}", create=True) as s:
            yield s
        return
    with fresh_schema("pages") as url, open_store(url, create=True) as s:
        yield s


def _fill(store: EventStore) -> None:
    store.append_many([NewEvent("query.opened", {"engine": "google", "query": f"q{i}"},
                                f"o{i % 3}", f"C-{i % 5:04d}") for i in range(EVENTS)])


def test_the_pages_hold_the_chain_in_order(store: EventStore) -> None:
    _fill(store)
    for start in (1, CHAIN_PAGE, CHAIN_PAGE + 2, EVENTS, EVENTS + 1):
        pages = list(store.iter_chain_pages(start))
        assert all(0 < len(page) <= CHAIN_PAGE for page in pages)
        assert [row for page in pages for row in page] == list(store.iter_chain(start))


def test_the_visitor_gets_every_row_that_passed(store: EventStore) -> None:
    _fill(store)
    seen: list[int] = []
    checked, head, problem = scan_chain(store, lambda rows: seen.extend(r[0] for r in rows))
    assert problem is None and checked == EVENTS and seen == list(range(1, EVENTS + 1))
    assert head is not None and head.seq == EVENTS
    data = build_report(store)
    assert data["totals"]["events"] == EVENTS and data["chain"]["ok"] is True
    assert data["chain"]["events"] == EVENTS and len(data["cases"]) == 5


def test_a_break_inside_a_page_stops_the_visitor_there(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "s.sqlite3"
    with open_store(f"sqlite:///{path}", create=True) as s:
        _fill(s)
    bad = CHAIN_PAGE + 5
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DROP TRIGGER events_no_update")
    body = bytes(con.execute("SELECT body FROM events WHERE seq = ?", (bad,)).fetchone()[0])
    con.execute("UPDATE events SET body = ? WHERE seq = ?",
                (body.replace(b'"q', b'"Q'), bad))
    con.close()
    with open_store(f"sqlite:///{path}") as s:
        seen: list[int] = []
        checked, _head, problem = scan_chain(s, lambda rows: seen.extend(r[0] for r in rows))
        assert problem is not None and problem.seq == bad and checked == bad - 1
        assert seen == list(range(1, bad))
        data = build_report(s)
    assert data["chain"]["first_bad"] == bad and data["totals"]["events"] == EVENTS
