"""Choosing the interface language: English by default, Bengali by config or DORKER_LANG, and
a language with no catalog falls back to English with one warning, never an error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dorker import i18n
from dorker.config import load_config
from dorker.i18n import _, ngettext
from helpers import run_cli, run_subprocess


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    i18n._State.warned.clear()
    i18n.take_warning()
    yield
    i18n.set_language("en")
    i18n._State.warned.clear()
    i18n.take_warning()


def test_english_is_the_default() -> None:
    assert i18n.current_language() == "en"
    assert _("options") == "options"
    assert ngettext("expected %s argument", "expected %s arguments", 2) == "expected %s arguments"
    assert load_config().language == "en"


@pytest.mark.parametrize("code", ["bn", "bn_BD", "bn-BD", "bn_BD.UTF-8"])
def test_bengali_by_any_spelling_of_its_code(code: str) -> None:
    assert i18n.set_language(code) is None
    assert i18n.current_language() == "bn"
    assert _("options") == "অপশন"
    assert _("a message nobody translated") == "a message nobody translated"


def test_a_language_without_a_catalog_falls_back_to_english_once() -> None:
    i18n.set_language("bn")
    warning = i18n.set_language("xx")
    assert warning is not None and "'xx'" in warning and "English" in warning
    assert "\n" not in warning and "bn" in warning  # one line, naming what is available
    assert i18n.current_language() == "en" and _("options") == "options"
    assert i18n.set_language("xx") is None  # one warning per process, not one per call
    assert i18n.take_warning() == warning and i18n.take_warning() is None


def test_dorker_lang_wins_over_the_config_file(dorker_home: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    config = dorker_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('language = "xx"\n', encoding="utf-8")
    assert i18n.configured_language() == "xx"
    assert load_config().language == "xx"
    monkeypatch.setenv("DORKER_LANG", "bn")
    assert i18n.configured_language() == "bn"
    assert load_config().language == "bn"


def test_help_in_bengali_from_the_config_file(dorker_home: Path) -> None:
    config = dorker_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('language = "bn"\n', encoding="utf-8")
    result = run_cli("--help")
    assert result.code == 0
    assert "ব্যবহার: dorker" in result.out and "usage:" not in result.out
    assert "মানবপাচার" in result.out


def test_usage_errors_in_bengali(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_LANG", "bn")
    result = run_cli("engines", "--bogus")
    assert result.code == 2
    assert "অচেনা আর্গুমেন্ট: --bogus" in result.err and "ত্রুটি" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_unknown_language_warns_once_and_the_command_runs() -> None:
    result = run_subprocess("engines", env={"DORKER_LANG": "xx"})
    assert result.code == 0
    assert "google" in result.out and "support:" in result.out  # English output
    warnings = [line for line in result.err.splitlines() if "warning" in line]
    assert warnings == ["dorker: warning: no translation for language 'xx': using English "
                        "(available: en, bn)"]


def test_a_language_that_is_not_text_is_a_config_error(dorker_home: Path) -> None:
    config = dorker_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("language = 5\n", encoding="utf-8")
    result = run_cli("coverage")
    assert result.code == 2
    assert "language must be text" in result.err and "config.toml:1" in result.err


def test_digits_are_bengali_only_in_bengali() -> None:
    assert i18n.digits("12 of 30, 2026-12-04") == "12 of 30, 2026-12-04"
    i18n.set_language("bn")
    assert i18n.digits("12 of 30, 2026-12-04") == "১২ of ৩০, ২০২৬-১২-০৪"
    assert i18n.digits(7) == "৭"


def test_jinja_templates_translate_with_the_language_in_use() -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = i18n.install_jinja(ImmutableSandboxedEnvironment(autoescape=True))
    template = env.from_string('{{ _("options") }}: {{ ngettext("expected %s argument", '
                               '"expected %s arguments", n)|format(n) }} {{ n|digits }}')
    assert template.render(n=3) == "options: expected 3 arguments 3"
    i18n.set_language("bn")
    assert template.render(n=3) == "অপশন: 3টি আর্গুমেন্ট দরকার ৩"
