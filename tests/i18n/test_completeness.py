"""Every message the terminal app, the CLI's help and the reports show has a Bengali entry.

Failures name each message that lacks one (and where it is written), so after a merge the team
can run `pybabel extract` / `update` (docs/translating.md), translate exactly those, compile.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dorker.i18n import LOCALE_DIR

babel = pytest.importorskip("babel", reason="the completeness tests extract messages with Babel")
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
BENGALI = LOCALE_DIR / "bn" / "LC_MESSAGES" / "dorker.po"
MARKERS = {"_", "N_", "ngettext"}


def bengali() -> dict[str, Any]:
    """msgid (or the singular of a plural) -> its translation, for entries actually translated."""
    with BENGALI.open("rb") as handle:
        catalog = read_po(handle)
    out: dict[str, Any] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if all(strings):
            out[key] = message.string
    return out


def extracted() -> dict[str, set[str]]:
    """What `pybabel extract -F babel.cfg -k N_` finds: msgid -> the files that use it."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(REPO), method_map, options_map, keywords=DEFAULT_KEYWORDS):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, set()).add(filename)
    return found


def test_every_extracted_message_has_a_bengali_entry() -> None:
    """The TUI's, the CLI's and the report templates' messages, as `pybabel extract` finds them."""
    found = extracted()
    assert len(found) > 400  # the extraction really ran over the sources and templates
    translated = bengali()
    missing = {msgid: sorted(files) for msgid, files in sorted(found.items())
               if msgid not in translated}
    assert missing == {}, "messages without a Bengali entry (docs/translating.md)"


def python_files() -> list[Path]:
    return sorted((REPO / "src" / "dorker").rglob("*.py"))


def test_every_translatable_call_can_be_extracted() -> None:
    """`pybabel extract` cannot see a `_("...")` inside an f-string; such a message would never
    reach the catalog. Write the call outside the f-string."""
    hidden = []
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                        and inner.func.id in MARKERS and inner.args
                        and isinstance(inner.args[0], ast.Constant)):
                    hidden.append(f"{path.relative_to(REPO)}:{inner.lineno}")
    assert hidden == []


def parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from parsers(sub)


def test_every_cli_help_text_has_a_bengali_entry() -> None:
    """Descriptions, epilogs and the help of every command, subcommand and option."""
    from dorker.cli.main import build_parser

    translated = bengali()
    missing = []
    for parser in parsers(build_parser()):
        texts = [parser.description, parser.epilog]
        for action in parser._actions:
            texts.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                texts.extend(choice.help for choice in action._choices_actions)
                texts.append(action.metavar if isinstance(action.metavar, str) else None)
        for text in texts:
            if text and text != argparse.SUPPRESS and text not in translated:
                missing.append((parser.prog, text))
    assert len(list(parsers(build_parser()))) > 30
    assert missing == []


def test_argparse_own_words_have_bengali_entries() -> None:
    from dorker.cli.argparse_words import ARGPARSE_WORDS

    translated = bengali()
    assert [w for w in ARGPARSE_WORDS if w not in translated] == []


def widget_classes() -> list[type]:
    """Every screen, dialog and widget class of the terminal app."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import dorker.tui

    classes: list[type] = []
    for info in pkgutil.walk_packages(dorker.tui.__path__, prefix="dorker.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, DOMNode)
                    and value.__module__ == module.__name__):
                classes.append(value)
    return classes


def test_every_key_label_has_a_bengali_entry() -> None:
    """What the key bar and the help show for each binding (and its tooltip)."""
    from textual.binding import Binding

    from dorker.tui.app import DorkerApp

    translated = bengali()
    classes = [*widget_classes(), DorkerApp]
    assert len(classes) > 15
    missing = []
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                for text in (binding.description, binding.tooltip):
                    if text and text not in translated:
                        missing.append((cls.__name__, binding.key, text))
    assert missing == []


def interface_texts() -> list[str]:
    """Palette commands of the app and of every screen (Textual's own included), catalog column
    titles, and the words the screens use for recorded codes, in the language in use."""
    from dorker.config import load_config
    from dorker.i18n import _
    from dorker.tui import labels
    from dorker.tui.app import DorkerApp
    from dorker.tui.screens.base import DorkerScreen
    from dorker.tui.services import Services
    from dorker.tui.textual_words import SYSTEM_COMMAND_WORDS
    from dorker.tui.widgets.catalog.table import COLUMNS

    services = Services(load_config())
    app = DorkerApp(services, welcome=False)
    texts = [text for title, help_text, _cb in app.palette_commands()
             for text in (title, help_text)]
    for cls in widget_classes():
        if issubclass(cls, DorkerScreen) and cls is not DorkerScreen:
            texts += [text for title, help_text, _cb in cls().palette_commands()
                      for text in (title, help_text)]
    texts += [_(word) for word in SYSTEM_COMMAND_WORDS] + [_(name) for name, _w in COLUMNS]
    texts += [labels.outcome_label(code) for code in labels._OUTCOMES]
    texts += [labels.verdict_label(code) for code in labels._VERDICTS]
    texts += [labels.severity_label(code) for code in labels._SEVERITIES]
    texts += [labels.run_label(code) for code in labels._RUN_ENDS]
    services.close()
    return texts


def test_every_palette_command_and_label_is_in_bengali() -> None:
    """The same texts in English and in Bengali: each one that reads English in the Bengali
    interface is missing from the catalog (or not wrapped)."""
    from dorker import i18n

    i18n.set_language("en")
    english = interface_texts()
    try:
        i18n.set_language("bn")
        bengali_texts = interface_texts()
    finally:
        i18n.set_language("en")
    assert len(english) == len(bengali_texts) > 80
    untranslated = sorted({en for en, bn in zip(english, bengali_texts, strict=True)
                           if en == bn and any(c.isalpha() for c in en)})
    assert untranslated == []
