"""`dorker leads extract`: output shapes, exit codes, and one line for every unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli, run_subprocess

AD = "মালয়েশিয়া ভিসা, খরচ ৪.৫ লাখ টাকা। হোয়াটসঅ্যাপ ০১৭১২-৩৪৫৬৭৮, টেলিগ্রাম t.me/abu_salim_travel\n"


def test_json_has_the_agreed_shape() -> None:
    result = run_cli("leads", "extract", "-", "--format", "json", stdin=AD)
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["region"] == "BD"
    assert [(lead["kind"], lead["id"]) for lead in doc["leads"]] == [
        ("money", "money:BDT:450000"), ("whatsapp", "phone:+8801712345678"),
        ("telegram", "telegram:abu_salim_travel")]
    money = doc["leads"][0]
    assert money["amount"] == 450000 and money["currency"] == "BDT"
    for lead in doc["leads"]:
        assert AD[lead["span"][0]:lead["span"][1]] == lead["raw"]


def test_text_output_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "ad.txt"
    path.write_text("first line\n" + AD, encoding="utf-8")
    result = run_cli("leads", "extract", str(path))
    assert result.code == 0
    column = AD.index("০১৭১২") + 1
    assert result.out.splitlines()[1] == f"2:{column}  whatsapp  +8801712345678  (০১৭১২-৩৪৫৬৭৮)"


def test_no_leads_exits_1() -> None:
    result = run_cli("leads", "extract", "--format", "json", stdin="Meeting on 12-05-2024\n")
    assert (result.code, json.loads(result.out)["leads"]) == (1, [])


def test_region_from_the_option_and_from_the_config(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = "WhatsApp 012-345 6789\n"
    assert run_cli("leads", "extract", stdin=text).code == 1
    assert "+60123456789" in run_cli("leads", "extract", "--region", "my", stdin=text).out
    config = tmp_path / "config.toml"
    config.write_text('[leads]\nregion = "MY"\n', encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    assert "+60123456789" in run_cli("leads", "extract", stdin=text).out


def test_a_bad_region_in_the_config_names_the_key(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[leads]\nregion = "Bangladesh"\n', encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    result = run_cli("leads", "extract", stdin="x")
    assert result.code == 2
    assert f"{config}:2: leads.region: leads.region must be a two-letter" in result.err


@pytest.mark.parametrize("region", ["XX", "zz", "EU"])
def test_a_region_phonenumbers_does_not_know_names_file_key_and_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, region: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'# team settings\n[leads]\nregion = "{region}"\n', encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    result = run_cli("leads", "extract", stdin="call 01712-345678")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert f"{config}:3: leads.region: leads.region {region!r} is not a region" in result.err
    assert "such as BD" in result.err


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file, not text"),
    (b"first\nsecond caf\xe9 01712345678\n", ":2:11: not UTF-8 text (byte 0xe9)"),
])
def test_unreadable_files_are_one_line_and_exit_2(tmp_path: Path, content: bytes,
                                                 message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = run_subprocess("leads", "extract", str(path))
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and "Traceback" not in result.err
    assert message in result.err and str(path) in result.err


def test_a_100_mb_input_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written to the disk
    result = run_subprocess("leads", "extract", str(path))
    assert result.code == 2
    assert result.err.strip() == (f"dorker: error: {path}: more than 16 MB: too large to read "
                                  "as one text (split it, e.g. split -C 8M FILE part-)")


def test_missing_file_unknown_region_and_folder() -> None:
    assert run_cli("leads", "extract", "/nonexistent/ad.txt").err.strip().endswith(
        "/nonexistent/ad.txt: no such file")
    result = run_cli("leads", "extract", "--region", "XX", stdin="x")
    assert (result.code, result.err.strip()) == (2, "dorker: error: unknown region 'XX' (give a "
                                                 "two-letter country code such as BD, IN, PK, "
                                                 "MY or SA)")
    assert run_cli("leads", "extract", "/").code == 2


def test_html_is_read_for_its_text_and_links(tmp_path: Path) -> None:
    page = tmp_path / "ad.html"
    page.write_text('<html><body><p>Call <b>01712</b>-345678</p><a href="https://wa.me/8801812345678">'
                    "chat</a><script>var x = '01912345678';</script></body></html>",
                    encoding="utf-8")
    doc = json.loads(run_cli("leads", "extract", str(page), "--format", "json").out)
    # the inline tag does not split the number; the script is not the page's text
    assert [lead["id"] for lead in doc["leads"]] == ["phone:+8801712345678",
                                                     "phone:+8801812345678"]
