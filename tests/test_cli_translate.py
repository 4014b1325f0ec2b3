"""`dorker translate` and `dorker engines` as users run them: shapes, streams, exit codes."""

from __future__ import annotations

import json

import pytest

from helpers import run_cli, run_subprocess

ISSUE_EXAMPLE = (
    'intitle:"free visa" site:facebook.com (malaysia OR "saudi arabia") -news after:2024-01-01'
)


def test_issue_example_text_output() -> None:
    result = run_cli(
        "translate", ISSUE_EXAMPLE, "-e", "bing", "-e", "yandex", "-e", "duckduckgo", "-e", "x"
    )
    assert result.code == 0, result.err
    out = result.out
    for engine in ("bing", "yandex", "duckduckgo", "x"):
        assert f"\n{engine}\n" in out
    assert 'title:"free visa"' in out and "date:>20240101" in out  # Yandex
    assert "since:2024-01-01" in out  # X
    assert "filters=" in out  # Bing's date filter in the URL
    assert "translated-operator" in out and "partial-operator" in out


def test_json_shape() -> None:
    result = run_cli("translate", ISSUE_EXAMPLE, "-e", "bing", "--format", "json")
    data = json.loads(result.out)
    assert data["input"] == ISSUE_EXAMPLE and data["from"] == "google"
    assert data["diagnostics"] == []
    bing = data["engines"]["bing"]
    assert set(bing) >= {"query", "url", "diagnostics"}
    assert bing["url"].startswith("https://www.bing.com/search?q=")
    for d in bing["diagnostics"]:
        assert set(d) >= {"code", "severity", "message", "operator", "span"}


def test_stream_keeps_order_and_bad_lines() -> None:
    lines = ["visa jobs", "", '"unclosed', "(a OR b", "site: x.com", "ভিসা OR تأشيرة"]
    result = run_cli("translate", "-", "-e", "google", "-e", "x", stdin="\n".join(lines) + "\n")
    assert result.code == 0
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["input"] for r in records] == lines
    assert records[1]["engines"]["google"]["query"] is None
    assert records[1]["diagnostics"][0]["severity"] == "error"
    assert records[2]["diagnostics"][0]["code"] == "unbalanced-quote"
    assert records[5]["engines"]["google"]["query"] == "ভিসা OR تأشيرة"


def test_stream_undecodable_line_still_yields_its_line() -> None:
    data = b"visa\n\xff\xfe bad\nwork permit\n"
    result = run_subprocess("translate", "-", "-e", "bing", stdin=data)
    assert result.code == 0, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    assert len(records) == 3
    assert records[1]["diagnostics"][0]["code"] == "invalid-encoding"
    assert records[1]["engines"]["bing"]["query"] is None
    assert records[2]["engines"]["bing"]["query"] == "work permit"


def test_control_characters_are_shown_escaped_in_text() -> None:
    result = run_cli("translate", "visa \x1b[31mred\x1b[0m", "-e", "google")
    assert "\x1b" not in result.out and "\\x1b" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("translate", "visa", "-e", "altavista"), "unknown engine 'altavista'", id="engine"
        ),
        pytest.param(("translate", "visa", "--from", "bing"), "cannot read 'bing'", id="from"),
        pytest.param(("translate", "visa", "--format", "xml"), "invalid choice", id="format"),
        pytest.param(("translate", "visa", "-p", "channel"), "not NAME=VALUE", id="param"),
        pytest.param(("nonsense",), "invalid choice", id="command"),
    ],
)
def test_user_errors_are_one_line_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_user_error_in_a_real_process_has_no_traceback() -> None:
    result = run_subprocess("translate", "visa", "-e", "nosuch")
    assert result.code == 2
    assert result.err.strip().startswith("dorker: error: unknown engine 'nosuch'")
    assert "Traceback" not in result.err


def test_bad_config_file_is_one_line_exit_2(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "c.toml"
    config.write_text('default_engines = ["google"\nactor = 1\n', encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    result = run_cli("translate", "visa")
    assert result.code == 2 and str(config) in result.err and "invalid TOML" in result.err


def test_default_engines_come_from_config(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "c.toml"
    config.write_text('default_engines = ["yandex", "x"]\n', encoding="utf-8")
    monkeypatch.setenv("DORKER_CONFIG", str(config))
    data = json.loads(run_cli("translate", "visa", "--format", "json").out)
    assert list(data["engines"]) == ["yandex", "x"]


def test_engines_lists_every_profile() -> None:
    result = run_cli("engines", "--format", "json")
    data = json.loads(result.out)
    ids = {e["id"] for e in data}
    assert {"google", "bing", "telegram", "instagram"} <= ids
    google = next(e for e in data if e["id"] == "google")
    assert google["operators"]["cache"]["support"] == "deprecated"
    text = run_cli("engines").out
    assert "google" in text and "telegram" in text


def test_version_and_python_m() -> None:
    from dorker import __version__

    assert run_cli("--version").out.strip() == f"dorker {__version__}"
    assert run_subprocess("--version").out.strip() == f"dorker {__version__}"
