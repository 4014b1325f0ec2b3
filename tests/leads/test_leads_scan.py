"""`leads scan`, `leads list`, `leads mark`: leads recorded per case, once per (lead, item)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from leads_fixtures import OTHER_NUMBER, THREE_WAYS, new_cases, record_results, store

from dorker.leads.events import LEAD_FOUND, iter_sightings
from dorker.leads.scan import scan_case
from dorker.store.base import EventFilter
from dorker.store.verify import verify
from helpers import run_cli

PHONE = "phone:+8801712345678"


@pytest.fixture
def case() -> str:
    (case_id,) = new_cases("Malaysia visa ring")
    assert run_cli("case", "use", case_id).code == 0
    return case_id


def found_events() -> list[dict[str, object]]:
    with store() as opened:
        return [e.to_json() for e in opened.iter_events(EventFilter(action=LEAD_FOUND))]


def test_scan_records_one_event_per_lead_and_item_and_rescans_record_nothing(case: str) -> None:
    record_results(case, [*THREE_WAYS, OTHER_NUMBER])
    first = run_cli("leads", "scan", "--format", "json")
    assert first.code == 0, first.err
    report = json.loads(first.out)
    events = found_events()
    assert len(report["new"]) == len(events) > 0
    pairs = [(e["payload"]["lead"]["id"], e["payload"]["item"]["key"]) for e in events]
    assert len(set(pairs)) == len(pairs)
    [command] = {e["payload"]["command_id"] for e in events}  # one scan, one command id
    assert re.fullmatch("[0-9a-f]{32}", command)  # dorker.store.events.new_command_id's form
    assert sorted(item for lead, item in pairs if lead == PHONE) == [
        "url:https://classifieds.example.com/ad/77", "url:https://www.example.net/jobs/kl",
        "url:https://www.facebook.com/malaysia.visa.bd/posts/1"]
    again = run_cli("leads", "scan")
    assert again.code == 0 and "nothing new to record" in again.out
    assert len(found_events()) == len(events)
    with store() as opened:
        assert verify(opened).ok


def test_a_sighting_names_its_item_lead_and_source_event(case: str) -> None:
    seq = record_results(case, THREE_WAYS[1:2])
    run_cli("leads", "scan")
    event = next(e for e in found_events() if e["payload"]["lead"]["id"] == PHONE)
    payload = event["payload"]
    assert event["case"] == case and event["actor"] == "test-officer"
    assert payload["lead"] == {"id": PHONE, "kind": "whatsapp", "value": "+8801712345678",
                               "raw": "+880 1712 345 678"}
    assert payload["item"] == {"key": "url:https://classifieds.example.com/ad/77", "type": "url",
                               "url": "https://classifieds.example.com/ad/77",
                               "title": "Factory job Malaysia"}
    assert payload["where"] == ["snippet"] and payload["from"] == [seq]
    money = next(e for e in found_events() if e["payload"]["lead"]["kind"] == "money")
    assert money["payload"]["lead"]["amount"] == "1500"  # decimal text: the record has no floats


def test_a_whatsapp_and_a_plain_mention_in_one_item_are_one_sighting(case: str) -> None:
    record_results(case, [("https://example.com/a", "Call 01712-345678",
                           "WhatsApp +8801712345678")])
    run_cli("leads", "scan")
    (event,) = [e for e in found_events() if e["payload"]["lead"]["id"] == PHONE]
    assert event["payload"]["kinds"] == ["phone", "whatsapp"]
    assert event["payload"]["where"] == ["title", "snippet"]


def test_the_page_a_result_is_gives_no_domain_or_url_lead(case: str) -> None:
    record_results(case, [("https://bigsite.example.com/ad/1", "Job", "no contact here"),
                          ("https://t.me/s/kl_jobs_bd", "KL jobs channel", "")])
    run_cli("leads", "scan")
    assert [e["payload"]["lead"]["id"] for e in found_events()] == ["telegram:kl_jobs_bd"]


def test_reviews_evidence_and_sources_are_read(case: str, tmp_path: Path) -> None:
    assert run_cli("review", "https://example.com/ad/9", "--verdict", "relevant",
                   "--note", "agent's Viber 01911-223344 in the photo").code == 0
    page = tmp_path / "ad.html"
    page.write_text('<p>Email <b>agent@visa-desk.com.bd</b></p><a href="https://t.me/+AbCdEf12345">'
                    "join</a>", encoding="utf-8")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    assert run_cli("evidence", "add", str(page), "--note", "RL-1234 on the letterhead").code == 0
    assert run_cli("evidence", "add", str(photo)).code == 0
    group = "https://www.facebook.com/groups/kl.visa.group"
    assert run_cli("case", "source", "add", group).code == 0
    result = run_cli("leads", "scan")
    assert result.code == 0
    assert "skipped" in result.err and "photo.jpg" in result.err and "binary" in result.err
    assert len(result.err.strip().splitlines()) == 1
    found = {(e["payload"]["lead"]["id"], e["payload"]["item"]["type"]) for e in found_events()}
    assert found == {
        ("phone:+8801911223344", "url"), ("email:agent@visa-desk.com.bd", "evidence"),
        ("telegram:+AbCdEf12345", "evidence"), ("licence:RL-1234", "evidence"),
        ("handle:kl.visa.group", "url")}


def test_a_missing_evidence_copy_is_a_noted_skip(case: str, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("WhatsApp 01712-345678", encoding="utf-8")
    run_cli("evidence", "add", str(note))
    with store() as opened:
        for copy in (opened.evidence_dir / "sha256").rglob("*"):
            if copy.is_file():
                copy.chmod(0o600)
                copy.unlink()
        report = scan_case(opened, case, actor="test-officer", region="BD")
    assert report.recorded == [] and "there is no copy on this machine" in report.skipped[0]


def test_scan_all_cases_and_list_shows_other_cases(case: str) -> None:
    (other,) = new_cases("Saudi hotel jobs")
    record_results(case, THREE_WAYS)
    record_results(other, [("https://saudi.example/x", "Hotel", "Contact 01712-345678")])
    assert run_cli("leads", "scan", "--all").code == 0
    listing = json.loads(run_cli("leads", "list", "--format", "json").out)
    phone = next(lead for lead in listing["leads"] if lead["id"] == PHONE)
    assert phone["items"] == 3 and phone["other_cases"] == [other]
    assert sorted(phone["kinds"]) == ["imo", "phone", "whatsapp"]
    text = run_cli("leads", "list").out
    assert f"{case}: " in text and "1 also in other cases" in text


def test_list_filters_by_kind_and_writes_safe_csv(case: str) -> None:
    record_results(case, [("https://example.com/a", "=HYPERLINK(\"x\")",
                           "=cmd WhatsApp 01712-345678 fee 4 lakh")])
    run_cli("leads", "scan")
    result = run_cli("leads", "list", "--kind", "phone", "--format", "csv")
    lines = result.out.splitlines()
    assert lines[0].startswith("id,kind,kinds,value,items")
    assert len(lines) == 2 and lines[1].startswith("phone:+8801712345678,whatsapp,")
    [row] = list(csv.DictReader(io.StringIO(result.out)))
    assert row["value"] == "'+8801712345678"  # text to a spreadsheet, never the number 8.8E+12
    money = run_cli("leads", "list", "--kind", "money", "--format", "json").out
    assert [lead["id"] for lead in json.loads(money)["leads"]] == ["money:BDT:400000"]


def test_list_json_gives_amounts_and_ranges_as_numbers_like_extract(case: str) -> None:
    snippet = "Malaysia job, fee 3.5-4.5 lakh taka, or 1250.5 riyal"
    record_results(case, [("https://example.com/fees", "Fees", snippet)])
    run_cli("leads", "scan")
    listed = json.loads(run_cli("leads", "list", "--kind", "money", "--format", "json").out)
    extracted = json.loads(run_cli("leads", "extract", "-", "--format", "json",
                                   stdin=snippet).out)
    shape = ("id", "amount", "currency", "range")
    assert sorted(tuple(lead.get(k) for k in shape) for lead in listed["leads"]) == sorted(
        tuple(lead.get(k) for k in shape) for lead in extracted["leads"])
    by_id = {lead["id"]: lead for lead in listed["leads"]}
    assert by_id["money:BDT:350000"]["range"] == [350000, 450000]
    assert by_id["money:SAR:1250.5"]["amount"] == 1250.5
    recorded = {e["payload"]["lead"]["id"]: e["payload"]["lead"] for e in found_events()}
    assert recorded["money:BDT:350000"]["range"] == ["350000", "450000"]  # the record: text


@pytest.mark.parametrize(("value", "cell"), [
    pytest.param("+8801712345678", "'+8801712345678", id="a-phone-stays-text"),
    pytest.param("-2+3", "'-2+3", id="minus-then-digit-is-a-formula"),
    pytest.param("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0", id="dde-payload"),
    pytest.param("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")", id="formula"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
    pytest.param("01712-345678", "01712-345678", id="plain"),
    pytest.param(None, "", id="none"),
    pytest.param(3, "3", id="a-count"),
])
def test_one_csv_rule_for_every_export(value: object, cell: str) -> None:
    import dorker.leads.export
    from dorker.textsafe import csv_cell

    assert csv_cell(value) == cell
    assert not hasattr(dorker.leads.export, "csv_cell")  # no second rule to drift apart


def test_list_without_leads_says_to_scan(case: str) -> None:
    result = run_cli("leads", "list")
    assert result.code == 1 and "run: dorker leads scan" in result.err


def test_mark_records_a_verdict_for_the_case_and_colleagues_see_it(case: str) -> None:
    (other,) = new_cases("Saudi hotel jobs")
    record_results(case, THREE_WAYS[:1])
    record_results(other, [("https://saudi.example/x", "Hotel", "Contact 01712-345678")])
    run_cli("leads", "scan", "--all")
    marked = run_cli("leads", "mark", "০১৭১২-৩৪৫৬৭৮", "--verdict", "confirmed",
                     "--note", "the broker Rahim")
    assert marked.code == 0 and f"{PHONE} confirmed in {case}" in marked.out
    mine = json.loads(run_cli("leads", "list", "--format", "json").out)["leads"]
    assert next(x for x in mine if x["id"] == PHONE)["verdict"]["note"] == "the broker Rahim"
    theirs = json.loads(run_cli("leads", "list", "--case", other, "--format", "json").out)
    lead = theirs["leads"][0]
    assert lead["verdict"] is None
    assert [(v["case"], v["verdict"]) for v in lead["colleagues"]] == [(case, "confirmed")]
    assert f"confirmed in {case}" in run_cli("leads", "list", "--case", other).out


@pytest.mark.parametrize(("lead", "message"), [
    ("01999-000000", "no lead '01999-000000' in"),
    ("not a lead", "no lead 'not a lead' in"),
])
def test_mark_refuses_what_the_case_does_not_hold(case: str, lead: str, message: str) -> None:
    record_results(case, THREE_WAYS[:1])
    run_cli("leads", "scan")
    result = run_cli("leads", "mark", lead, "--verdict", "dismissed")
    assert result.code == 2 and message in result.err


def test_mark_by_id_and_by_bare_name(case: str) -> None:
    record_results(case, [("https://example.com/a", "Telegram", "Telegram @Abu_Salim_Travel")])
    run_cli("leads", "scan")
    assert run_cli("leads", "mark", "abu_salim_travel", "--verdict", "dismissed").code == 0
    assert run_cli("leads", "mark", "telegram:abu_salim_travel", "--verdict", "confirmed").code == 0
    with store() as opened:
        sightings = list(iter_sightings(opened, case))
    assert [s.lead_id for s in sightings] == ["telegram:abu_salim_travel"]


def test_scan_needs_a_case_and_a_store() -> None:
    assert "no store at" in run_cli("leads", "scan").err
    new_cases("x")
    result = run_cli("leads", "scan")
    assert result.code == 2 and "no case given and no current case" in result.err


def test_list_refuses_an_unknown_kind_naming_the_valid_ones(case: str) -> None:
    record_results(case, THREE_WAYS[:1])
    run_cli("leads", "scan")
    result = run_cli("leads", "list", "--kind", "nosuch")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "'nosuch'" in result.err
    assert all(kind in result.err for kind in ("phone", "whatsapp", "telegram", "money",
                                               "licence", "email", "domain"))


def test_list_csv_has_the_raw_text_as_written_csv_safe(case: str) -> None:
    record_results(case, [("https://example.com/a", "Jobs", "WhatsApp +880 1712-345678 now"),
                          ("https://example.com/b", "Jobs", "mail =cmd@evil.example.com")])
    run_cli("leads", "scan")
    result = run_cli("leads", "list", "--format", "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.out))}
    phone = rows[PHONE]
    assert phone["value"] == "'+8801712345678" and phone["raw"] == "'+880 1712-345678"
    assert all(not row["raw"].startswith(("=", "+", "-", "@")) for row in rows.values())


def test_list_by_kind_keeps_whole_leads_and_other_cases(case: str) -> None:
    (other,) = new_cases("Saudi hotel jobs")
    record_results(case, THREE_WAYS)
    record_results(other, [("https://saudi.example/x", "Hotel", "Contact 01712-345678")])
    assert run_cli("leads", "scan", "--all").code == 0
    whole = json.loads(run_cli("leads", "list", "--format", "json").out)["leads"]
    for kind in ("whatsapp", "phone", "imo"):
        listed = json.loads(run_cli("leads", "list", "--kind", kind, "--format", "json").out)
        assert listed["leads"] == [lead for lead in whole if lead["id"] == PHONE]
        assert listed["leads"][0]["other_cases"] == [other]


def test_list_keeps_only_the_sightings_it_can_show_while_reading(case: str) -> None:
    from dorker.cli.leads import _read_sightings

    (other,) = new_cases("Saudi hotel jobs")
    record_results(case, [*THREE_WAYS, ("https://example.com/f", "Fee", "fee 4 lakh taka")])
    record_results(other, [("https://saudi.example/x", "Hotel", "Contact 01712-345678")])
    assert run_cli("leads", "scan", "--all").code == 0
    with store() as opened:
        everything = list(iter_sightings(opened))
        own, cases_of = _read_sightings(opened, case, "whatsapp")
    assert 0 < len(own) < len(everything)
    assert {s.case_id for s in own} == {case}
    assert {s.lead_id.partition(":")[0] for s in own} == {"phone"}
    assert cases_of[PHONE] == {case, other} and set(cases_of) == {s.lead_id for s in own}
