"""`dorker audit report`: two actors in one shared store, flags that name actor and seq, the
chain's status, hostile text kept literal, and bad input answered in one line."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dorker.audit.report import ReportQuery, build_report, not_recorded
from dorker.audit.settings import AuditSettings
from dorker.store import NewEvent, open_store
from dorker.store.events import GENESIS_HASH, seal
from dorker.store.sqlite import create_schema
from helpers import run_cli

HOSTILE_TITLE = 'Visa <script>alert(1)</script> & "jobs" | `x` [l](http://e.vil) \x1b[2J'


class Team:
    """Two officers on two machines (their own DORKER_HOME) appending to one shared store."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp = tmp_path
        self.mp = monkeypatch
        self.store = tmp_path / "shared.sqlite3"
        self.config = tmp_path / "audit.toml"
        self.config.write_text('[audit]\nhours = "00:00-24:00"\n', encoding="utf-8")
        monkeypatch.setenv("DORKER_STORE", f"sqlite:///{self.store}")
        monkeypatch.setenv("DORKER_CONFIG", str(self.config))

    def as_(self, actor: str, *args: str) -> Any:
        self.mp.setenv("DORKER_ACTOR", actor)
        self.mp.setenv("DORKER_HOME", str(self.tmp / actor))
        return run_cli(*args)

    def report(self, *args: str) -> tuple[int, dict[str, Any], str]:
        self.mp.setenv("DORKER_ACTOR", "auditor1")
        self.mp.setenv("DORKER_HOME", str(self.tmp / "auditor1"))
        result = run_cli("audit", "report", "--format", "json", *args)
        return result.code, json.loads(result.out) if result.out else {}, result.err


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    team = Team(tmp_path, monkeypatch)
    assert team.as_("officer.rahman", "store", "init").code == 0
    assert team.as_("officer.rahman", "case", "new", HOSTILE_TITLE, "--use").code == 0
    # seq 2, in the case; seq 3 and 4, outside any case (s.khan has no current case)
    assert team.as_("officer.rahman", "open", '"free visa" site:bikroy.com 01712-345678', "-e",
                    "google", "--print").code == 0
    assert team.as_("s.khan", "open", '"01812-345678" OR "+880 1812 345678"', "-e", "bing",
                    "--print").code == 0
    assert team.as_("s.khan", "open", '"malaysia agent" fee', "-e", "google",
                    "--print").code == 0
    return team


def flags_of(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in data["flags"] if f["kind"] == kind]


def test_in_case_search_is_not_flagged_but_a_caseless_phone_search_is(team: Team) -> None:
    code, data, _err = team.report()
    assert code == 0
    [selector] = flags_of(data, "selector-outside-case")
    assert (selector["actor"], selector["seq"], selector["severity"]) == ("s.khan", 3, "high")
    assert "+8801812345678" in selector["detail"] and "outside any case" in selector["detail"]
    [plain] = flags_of(data, "outside-case")
    assert (plain["actor"], plain["seq"], plain["count"]) == ("s.khan", 4, 1)
    flagged = {f["seq"] for f in data["flags"]}
    assert 2 not in flagged  # the phone number in the case's own search is the case's business
    assert not flags_of(data, "off-hours") and not flags_of(data, "burst")


def test_the_report_counts_per_actor_and_case(team: Team) -> None:
    _code, data, _err = team.report()
    actors = {a["actor"]: a for a in data["actors"]}
    assert actors["officer.rahman"]["events"] == 2 and actors["officer.rahman"]["searches"] == 1
    assert actors["officer.rahman"]["cases"] == ["C-0001"]
    assert actors["s.khan"] == {**actors["s.khan"], "events": 2, "searches": 2, "cases": []}
    [case] = data["cases"]
    assert case["id"] == "C-0001" and case["title"] == HOSTILE_TITLE
    assert (case["searches"], case["actors"]) == (1, ["officer.rahman"])
    assert data["totals"]["outside_case_searches"] == 2
    assert data["chain"] == {**data["chain"], "ok": True, "events": 4, "first_bad": None}
    assert data["recorded"] is False and data["note"] == not_recorded()
    assert [f["kind"] for f in data["flags"]].count("no-anchor") == 1


def test_the_report_itself_is_never_recorded(team: Team, tmp_path: Path) -> None:
    head = team.as_("s.khan", "audit", "head").out
    assert team.report()[0] == 0
    out = tmp_path / "audit.html"
    team.mp.setenv("DORKER_ACTOR", "auditor1")
    assert run_cli("audit", "report", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert team.as_("s.khan", "audit", "head").out == head


def test_off_hours_and_burst_are_flagged(team: Team) -> None:
    now = datetime.now(UTC)
    # Working hours that exclude this very hour (and the next two): everything is off-hours.
    start, end = (now + timedelta(hours=3)).strftime("%H:00"), (now + timedelta(hours=9)).strftime(
        "%H:00")
    team.config.write_text(f'[audit]\nhours = "{start}-{end}"\nburst_per_minute = 5\n',
                           encoding="utf-8")
    for i in range(7):  # seven commands within a few seconds
        assert team.as_("s.khan", "check", "bikroy", "--case", "C-0001", "--outcome", "nothing",
                        "--note", f"page {i}").code == 0
    _code, data, _err = team.report()
    [burst] = flags_of(data, "burst")
    assert burst["actor"] == "s.khan" and burst["seq"] in (3, 4, 5)
    assert "up to" in burst["detail"] and "burst_per_minute" in burst["detail"]
    late = {f["actor"]: f for f in flags_of(data, "off-hours")}
    assert set(late) == {"officer.rahman", "s.khan"}
    assert late["s.khan"]["seq"] == 3 and late["s.khan"]["count"] == 9
    assert f"outside working hours {start}-{end}" in late["s.khan"]["detail"]


def test_the_chain_status_turns_false_after_a_tamper(team: Team) -> None:
    con = sqlite3.connect(team.store, isolation_level=None)
    con.execute("DROP TRIGGER events_no_update")
    body = con.execute("SELECT body FROM events WHERE seq = 3").fetchone()[0]
    con.execute("UPDATE events SET body = ? WHERE seq = 3",
                (bytes(body).replace(b"1812", b"1999"),))
    con.close()
    code, data, _err = team.report()
    assert code == 1
    assert data["chain"]["ok"] is False and data["chain"]["first_bad"] == 3
    [chain] = flags_of(data, "chain")
    assert chain["seq"] == 3 and chain["severity"] == "high" and "edited" in chain["detail"]
    assert data["totals"]["events"] == 4  # events after the break are still counted


def test_an_anchor_is_checked(team: Team) -> None:
    head = team.as_("s.khan", "audit", "head").out.strip()
    code, data, _err = team.report("--anchor", head)
    assert code == 0 and data["chain"]["anchor"] == head and not flags_of(data, "no-anchor")
    code, data, _err = team.report("--anchor", "9:" + "a" * 64)
    assert code == 1 and flags_of(data, "anchor")[0]["detail"].count("truncated") == 1


def test_filters_by_actor_case_and_time(team: Team) -> None:
    _code, data, _err = team.report("--actor", "s.khan")
    assert [a["actor"] for a in data["actors"]] == ["s.khan"] and data["totals"]["events"] == 2
    _code, data, _err = team.report("--case", "c-1")
    assert data["totals"]["events"] == 2 and not flags_of(data, "selector-outside-case")
    _code, data, _err = team.report("--until", "2001-01-01")
    assert data["totals"]["events"] == 0 and data["chain"]["events"] == 4


def test_hostile_text_stays_literal_in_html_and_markdown(team: Team) -> None:
    team.mp.setenv("DORKER_ACTOR", "auditor1")
    html = run_cli("audit", "report", "--format", "html").out
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html and "\\x1b[2J" in html
    assert "<svg" in html and 'class="bar"' in html  # the per-actor timeline
    md = run_cli("audit", "report", "--format", "md").out
    assert "\\<script\\>" in md and "\\[l\\](http://e.vil)" in md and "\\|" in md
    assert "\x1b" not in md


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("--actor", "nobody"), "no event in the record was made by actor 'nobody'",
                 id="unknown-actor"),
    pytest.param(("--case", "C-0042"), "C-0042", id="unknown-case"),
    pytest.param(("--since", "2026-03-02", "--until", "2026-03-01"),
                 "--since is not before --until", id="since-after-until"),
    pytest.param(("--since", "last tuesday"), "--since: 'last tuesday' is not a date or time",
                 id="unparseable-time"),
    pytest.param(("--anchor", "12"), "bad anchor", id="bad-anchor"),
])
def test_bad_input_is_one_line_and_exit_2(team: Team, args: tuple[str, ...],
                                          message: str) -> None:
    code, _data, err = team.report(*args)
    assert code == 2 and err.count("\n") == 1 and message in err and "Traceback" not in err


# -- the flags on a record with chosen times ---------------------------------------------------


def _store_at(path: Path, events: list[tuple[str, NewEvent]]) -> str:
    """A store whose events carry the given UTC times (as a record made then would)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    create_schema(con)
    prev = GENESIS_HASH
    for seq, (ts, item) in enumerate(events, 1):
        event, body = seal(seq, prev, item, ts)
        con.execute("INSERT INTO events (seq, body, hash) VALUES (?, ?, ?)",
                    (seq, body, event.hash))
        prev = event.hash
    con.execute("COMMIT")
    con.close()
    return f"sqlite:///{path}"


def _opened(actor: str, case: str | None, **extra: Any) -> NewEvent:
    return NewEvent("query.opened", {"engine": "google", "query": "visa", **extra}, actor, case)


def test_one_command_of_many_events_counts_once(tmp_path: Path) -> None:
    plan = [(f"2026-03-01T04:00:{i:02d}.000000Z", _opened("a", "C-0001", command_id="c0ffee"))
            for i in range(30)]  # a plan opened with --all: 30 events, one command
    single = [(f"2026-03-01T05:00:{i:02d}.000000Z", _opened("a", "C-0001")) for i in range(6)]
    url = _store_at(tmp_path / "s.sqlite3", plan + single)
    with open_store(url) as store:
        data = build_report(store, settings=AuditSettings(burst_per_minute=5))
    [burst] = flags_of(data, "burst")
    assert burst["seq"] == 31 and burst["count"] == 6 and "up to 6 within one minute" in \
        burst["detail"]


def test_off_hours_in_the_configured_zone_and_days(tmp_path: Path) -> None:
    dhaka = AuditSettings(timezone="Asia/Dhaka", start_minute=9 * 60, end_minute=17 * 60,
                          days=frozenset({6, 0, 1, 2, 3}))  # Sunday to Thursday
    url = _store_at(tmp_path / "s.sqlite3", [
        ("2026-03-01T04:00:00.000000Z", _opened("a", "C-0001")),  # Sun 10:00 Dhaka: working
        ("2026-03-01T17:30:00.000000Z", _opened("a", "C-0001")),  # Sun 23:30
        ("2026-03-01T18:10:00.000000Z", _opened("a", "C-0001")),  # Mon 00:10: the same night
        ("2026-03-02T04:00:00.000000Z", _opened("a", "C-0001")),  # Mon 10:00: working again
        ("2026-03-06T05:00:00.000000Z", _opened("b", "C-0001")),  # Fri 11:00: a weekend day
    ])
    with open_store(url) as store:
        data = build_report(store, settings=dhaka)
    late = flags_of(data, "off-hours")
    assert [(f["actor"], f["seq"], f["count"]) for f in late] == [("a", 2, 2), ("b", 5, 1)]
    assert "2026-03-01 23:30 to 2026-03-02 00:10 (Asia/Dhaka)" in late[0]["detail"]
    assert "on fri, not a working day (sun, mon, tue, wed, thu)" in late[1]["detail"]


def test_a_scheduled_watch_run_is_judged_by_its_watch(tmp_path: Path) -> None:
    url = _store_at(tmp_path / "s.sqlite3", [
        ("2026-03-01T10:00:00.000000Z", NewEvent("watch.added", {"name": "gulf"}, "a", "C-0001")),
        ("2026-03-01T10:01:00.000000Z", NewEvent("watch.added", {"name": "loose"}, "b", None)),
        ("2026-03-01T22:00:00.000000Z", NewEvent("search.run", {
            "engine": "google", "query": "visa", "watch": "gulf", "scheduled": True}, "cron",
            None)),
        ("2026-03-01T22:01:00.000000Z", NewEvent("search.run", {
            "engine": "google", "query": "visa", "watch": "loose", "scheduled": True}, "cron",
            None)),
    ])
    with open_store(url) as store:
        data = build_report(store)
    assert not flags_of(data, "off-hours")  # the clock does not judge a scheduled run
    [caseless] = flags_of(data, "outside-case")  # the watch of no case does
    assert caseless["actor"] == "b" and caseless["seq"] == 4 and "watch loose" in \
        caseless["detail"]


def test_a_time_window_over_a_larger_record(tmp_path: Path) -> None:
    """Counted per actor and case inside the window; the chain is checked whole."""
    events = [(f"2026-03-01T{4 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.000000Z",
               _opened(f"o{i % 3}", f"C-{i % 4 + 1:04d}")) for i in range(3000)]
    url = _store_at(tmp_path / "s.sqlite3", events)
    with open_store(url) as store:
        data = build_report(store, ReportQuery(since="2026-03-01T04:10:00.000000Z"))
    assert data["totals"]["events"] == 3000 - 600 and len(data["cases"]) == 4
    assert data["chain"]["events"] == 3000
