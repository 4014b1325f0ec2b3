"""`dorker pivot`: a lead searched in every written form, recorded like open/search with its id."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from dorker.errors import UsageError
from dorker.leads.pivot import plan_pivot
from helpers import run_cli
from provider_server import (
    Canned,
    ProviderServer,
    refuse_non_loopback,
    running_server,
    searxng_body,
)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_non_loopback(monkeypatch)


@pytest.fixture
def case() -> str:
    assert run_cli("case", "new", "Malaysia visa ring").code == 0
    assert run_cli("case", "use", "C-0001").code == 0
    return "C-0001"


def events(action: str) -> list[dict[str, object]]:
    out = run_cli("audit", "log", "--action", action, "--format", "jsonl").out
    return [json.loads(line) for line in out.splitlines()]


def test_a_number_written_in_bengali_pivots_on_every_form(case: str) -> None:
    result = run_cli("pivot", "০১৭১২-৩৪৫৬৭৮", "-e", "google", "--print")
    assert result.code == 0, result.err
    assert "phone-pivot playbook, in 5 written form(s): +8801712345678, 01712-345678, " \
           "01712345678, +880 1712-345678, 8801712345678" in result.err
    urls = result.out.splitlines()
    assert len(urls) == 4 and all(line.startswith("google ") for line in urls)
    assert "01712-345678" in urls[0].replace("%20", " ").replace("%2D", "-")
    opened = events("query.opened")
    assert len(opened) == 4
    assert {e["payload"]["lead"] for e in opened} == {"phone:+8801712345678"}  # type: ignore[index]
    assert {e["payload"]["playbook"] for e in opened} == {"phone-pivot"}  # type: ignore[index]
    assert {e["case"] for e in opened} == {case}


@pytest.mark.parametrize(("value", "lead", "playbook"), [
    ("@abu_salim_travel", "handle:abu_salim_travel", "username-pivot"),
    ("t.me/abu_salim_travel", "telegram:abu_salim_travel", "username-pivot"),
    ("Visa.Desk@Yahoo.com", "email:visa.desk@yahoo.com", "email-pivot"),
    ("phone:+8801712345678", "phone:+8801712345678", "phone-pivot"),
])
def test_handles_and_emails_use_their_playbooks(case: str, value: str, lead: str,
                                                playbook: str) -> None:
    assert run_cli("pivot", value, "-e", "google", "--print").code == 0
    payloads = [e["payload"] for e in events("query.opened")]
    assert {(p["lead"], p["playbook"]) for p in payloads} == {(lead, playbook)}  # type: ignore[index]


@pytest.mark.parametrize(("lead", "dork"), [
    ("telegram:+AbCdEf12345", '"t.me/+AbCdEf12345" OR "t.me/joinchat/AbCdEf12345"'),
    ("licence:RL-1234", '"RL-1234" OR "RL 1234" OR "R/L 1234"'),
    ("domain:gulf-manpower.com.bd", '"gulf-manpower.com.bd" -site:gulf-manpower.com.bd'),
])
def test_what_no_playbook_takes_is_searched_as_a_dork(lead: str, dork: str) -> None:
    plan = plan_pivot(lead)
    assert (plan.dork, plan.target) == (True, dork)


@pytest.mark.parametrize(("value", "message"), [
    ("money:BDT:450000", "is a fee, not a selector"),
    ("image:" + "ab" * 32, "is a photo"),
    ("WhatsApp 01712345678 or 01812345678", "holds several leads"),
    ("nothing here", "holds no phone, handle, e-mail"),
])
def test_what_cannot_be_pivoted_is_one_line(value: str, message: str) -> None:
    result = run_cli("pivot", value, "--print")
    assert result.code == 2 and message in result.err
    assert len(result.err.strip().splitlines()) == 1
    with pytest.raises(UsageError):
        plan_pivot("money:BDT:1")


def test_provider_only_with_search() -> None:
    result = run_cli("pivot", "01712345678", "--provider", "searxng")
    assert result.code == 2 and "--provider applies to --search" in result.err


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ProviderServer]:
    with running_server() as srv:
        monkeypatch.setenv("DORKER_SEARXNG_URL", srv.url)
        yield srv


def test_pivot_search_records_each_outcome_with_the_lead(case: str,
                                                         server: ProviderServer) -> None:
    server.route("/search", Canned(200, searxng_body(["https://jobs.example.com/a"])))
    result = run_cli("pivot", "01712-345678", "--search", "--provider", "searxng")
    assert result.code == 0, result.err
    runs = events("search.run")
    assert len(runs) == 4  # the playbook's four queries, one page each
    assert {e["payload"]["lead"] for e in runs} == {"phone:+8801712345678"}  # type: ignore[index]
    assert all(e["payload"]["outcome"]["status"] == "ok" for e in runs)  # type: ignore[index]
