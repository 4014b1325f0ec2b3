"""The adapter between the app and the core, without Textual: build, catalog, store, review."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tui_fixtures import DATA, fixture_services

from dorker.config import load_config
from dorker.tui.models import HistoryFilter, VariableInfo
from dorker.tui.services import Services


def test_build_uses_form_values_and_each_querys_engines() -> None:
    services = fixture_services()
    result = services.build("test-gulf-visa", {"destination": "Saudi, Qatar"},
                            ["google", "bing"])
    assert [(r.query_id, r.engine, r.variables) for r in result.rows] == [
        ("offer-fee", "google", {"destination": ("Saudi",)}),
        ("offer-fee", "bing", {"destination": ("Saudi",)}),
        ("offer-fee", "google", {"destination": ("Qatar",)}),
        ("offer-fee", "bing", {"destination": ("Qatar",)}),
    ]
    assert result.playbook is not None and result.playbook.version == 2


def test_build_reports_a_bad_value_instead_of_raising() -> None:
    result = fixture_services().build("test-gulf-visa", {"destination": "Mars"}, ["google"])
    assert result.rows == ()
    assert any("Mars" in p for p in result.problems)


def test_check_value_explains_what_is_wrong() -> None:
    services = fixture_services()
    phone = VariableInfo("phone", "phone", region="BD")
    assert services.check_value(phone, "01711-000000") is None
    assert services.check_value(phone, "not a number") is not None
    choice = VariableInfo("d", "choice", choices=("Saudi",), multiple=True)
    assert services.check_value(choice, "Saudi, Mars") is not None


def test_translate_keeps_read_diagnostics_per_engine() -> None:
    result = fixture_services().translate('intitle:"free visa" site:t.me', ["google", "bing"])
    assert [r.engine for r in result.rows] == ["google", "bing"]
    assert all(r.url and r.url.startswith("https://") for r in result.rows)


def test_a_bad_catalog_file_does_not_hide_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [unclosed\n", encoding="utf-8")
    services = Services(load_config(), playbook_dirs=[DATA / "playbooks"],
                        catalog_paths=[DATA / "catalog", bad])
    assert [s.id for s in services.sources()] == ["facebook", "bdjobs", "hostile-source"]
    assert len(services.catalog_problems()) == 1 and "bad.yaml" in services.catalog_problems()[0]


def test_first_playbook_root_wins_and_broken_files_are_listed(tmp_path: Path) -> None:
    override = tmp_path / "mine"
    override.mkdir()
    text = (DATA / "playbooks" / "fake-jobs" / "test-route-offers.yaml").read_text("utf-8")
    (override / "test-route-offers.yaml").write_text(
        text.replace("Boat crossing offers", "My own boat offers"), encoding="utf-8")
    (override / "broken.yaml").write_text("id: [", encoding="utf-8")
    services = Services(load_config(), playbook_dirs=[override, DATA / "playbooks"],
                        catalog_paths=[DATA / "catalog"])
    titles = {p.id: p.title for p in services.playbooks()}
    assert titles["test-route-offers"] == "My own boat offers with a price"
    assert services.playbook_errors() == [str(override / "broken.yaml")]


def test_history_filter_by_action_family_and_export(tmp_path: Path) -> None:
    services = fixture_services()
    services.create_case("Op A")
    services.record_check("C-0001", "bdjobs", "leads")
    services.record_verdict("C-0001", "https://x.example/a", "relevant")
    assert [e.action for e in services.events(HistoryFilter(action="source"))] == [
        "source.checked"]
    assert [e.action for e in services.events(HistoryFilter(case_id="C-0001"))] == [
        "result.reviewed", "source.checked", "case.created"]
    assert services.export(HistoryFilter(action="case"), tmp_path / "out.jsonl") == 1
    exported = services.events(HistoryFilter(action="export"))[0]
    assert exported.data == {"what": "audit log", "destination": str(tmp_path / "out.jsonl")}
    assert services.events(HistoryFilter(until="2000-01-01")) == []
    assert len(services.events(HistoryFilter(since="2000-01-01", until="2999-12-31"))) == 4
    ok, text = services.verify()
    assert ok and "4 events" in text


def test_reviews_match_normalised_urls() -> None:
    services = fixture_services()
    services.record_verdict(None, "https://X.example/a?utm_source=feed", "escalate", "note")
    found = services.reviews(["https://x.example/a"])
    assert found["https://x.example/a"].verdict == "escalate"
    with pytest.raises(ValueError):
        services.record_verdict(None, "https://x.example/a", "maybe")


def test_source_for_prefers_the_querys_catalog_source() -> None:
    services = fixture_services()
    [row, *_] = services.build("test-gulf-visa", {}, ["google", "bing"]).rows
    assert services.source_for(row) == "facebook"


def test_services_do_not_import_textual() -> None:
    code = "import sys, dorker.tui.services; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_catalog_rows_are_cached_per_file_until_the_file_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import dorker.catalog.loader as loader

    mine = tmp_path / "mine.yaml"
    text = (DATA / "catalog" / "sources.yaml").read_text("utf-8")
    mine.write_text(text.replace("id: facebook", "id: facebook-copy"), encoding="utf-8")
    reads: list[Path] = []
    real = loader.read_file
    monkeypatch.setattr(loader, "read_file", lambda path: reads.append(path) or real(path))
    services = Services(load_config(), catalog_paths=[DATA / "catalog", mine])
    first = services.sources()
    assert len(reads) == 2 and "facebook-copy" in [s.id for s in first]
    facebook = next(s for s in first if s.id == "facebook")
    assert facebook.url == f"https://{facebook.address}"  # a domain becomes a URL when asked
    copy = next(s for s in first if s.id == "facebook-copy")
    assert copy.kind is facebook.kind and copy.countries is facebook.countries  # shared
    assert services.sources() == first and len(reads) == 2  # nothing changed: nothing read
    mine.write_text(text.replace("id: facebook", "id: facebook-mine"), encoding="utf-8")
    os.utime(mine, ns=(1, 1))  # a different modification time, whatever the clock says
    again = [s.id for s in services.sources()]
    assert reads[2:] == [mine] and "facebook-mine" in again and "facebook-copy" not in again


def test_listing_waits_for_the_pick_to_check_values(tmp_path: Path) -> None:
    """The picker's list skips value checks (no phone library); the pick checks in full."""
    text = (DATA / "playbooks" / "fake-jobs" / "test-route-offers.yaml").read_text("utf-8")
    (tmp_path / "phone.yaml").write_text(
        text.replace("id: test-route-offers", "id: test-phone")
        + "variables:\n  number:\n    type: phone\n    default: [not-a-number]\n",
        encoding="utf-8")
    services = Services(load_config(), playbook_dirs=[tmp_path], catalog_paths=[])
    assert [p.id for p in services.playbooks()] == ["test-phone"]
    with pytest.raises(Exception, match=r"phone.yaml:\d+:\d+: .*not-a-number"):
        services.playbook("test-phone")
    good = tmp_path / "good"
    good.mkdir()
    (good / "phone.yaml").write_text(text.replace("id: test-route-offers", "id: test-phone")
                                     + "variables:\n  number:\n    type: phone\n"
                                     "    default: ['+8801711000000']\n", encoding="utf-8")
    code = ("import sys; from dorker.config import load_config; "
            "from dorker.tui.services import Services; from pathlib import Path; "
            f"s = Services(load_config(), playbook_dirs=[Path({str(good)!r})]); "
            "print([p.id for p in s.playbooks()], 'phonenumbers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['test-phone'] False"
