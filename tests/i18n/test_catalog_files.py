"""The shipped catalogs: compiled from their .po, every translation keeping its placeholders,
and in the wheel (a plain `pip install .` shows Bengali with Python and pip alone)."""

from __future__ import annotations

import gettext
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dorker.i18n import DOMAIN, LOCALE_DIR

babel = pytest.importorskip("babel", reason="the catalog tests read .po files with Babel")
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PO_FILES = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
# {name} (str.format), %(name)s and %s / %r (printf, argparse's)
PLACEHOLDER = re.compile(
    r"\{[a-zA-Z_][a-zA-Z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%\([a-z_]+\)[sdr]|%[sdr]")


def catalog(po: Path) -> babel.messages.Catalog:
    with po.open("rb") as handle:
        return read_po(handle)


def test_there_is_a_bengali_catalog() -> None:
    assert [p.parent.parent.name for p in PO_FILES] == ["bn"]


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalog_is_the_po_compiled(po: Path) -> None:
    """`pybabel compile` was run after the last change to the .po (the .mo is committed)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog(po))
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)._catalog  # type: ignore[attr-defined]
    with po.with_suffix(".mo").open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = sorted(str(k) for k in set(expected) ^ set(shipped)
                   | {k for k in expected if k in shipped and expected[k] != shipped[k]})
    assert stale == [], "run: pybabel compile -d src/dorker/locale -D dorker"


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_translations_keep_every_placeholder(po: Path) -> None:
    wrong = []
    for message in catalog(po):
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if text and sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((ids[0], text))
    assert wrong == []


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_the_catalog_says_it_is_machine_drafted_until_reviewed(po: Path) -> None:
    header = po.read_text(encoding="utf-8").split('msgid ""', 1)[0]
    assert "MACHINE-DRAFTED" in header or "Reviewed by" in header


@pytest.mark.slow
def test_a_plain_install_ships_the_compiled_catalog(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    target = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(REPO)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    assert (target / "dorker" / "locale" / "bn" / "LC_MESSAGES" / "dorker.mo").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "DORKER_HOME": str(tmp_path / "home"),
           "DORKER_LANG": "bn"}
    run = subprocess.run([sys.executable, "-m", "dorker", "--help"], cwd=elsewhere, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 0, run.stderr
    assert "ব্যবহার: dorker" in run.stdout and run.stderr == ""


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_translations_write_numbers_as_the_program_does(po: Path) -> None:
    """Numbers filled in at run time are ASCII digits; a number written in a translation must
    be too, or one line mixes "ক্রম ১ থেকে 2" (reports may turn all digits Bengali: `digits`)."""
    native = re.compile("[\u09e6-\u09ef\u0966-\u096f]")
    mixed = [message.id for message in catalog(po) if message.id and native.search(
        message.string if isinstance(message.string, str) else "".join(message.string))]
    assert mixed == []
