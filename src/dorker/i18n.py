"""The interface language: `_` and `ngettext` over gettext catalogs that Babel manages.

English is the source language and the default. `language = "bn"` in the config file or
`DORKER_LANG=bn` (which wins) picks Bengali; a language with no catalog falls back to English
with one warning, never an error. Only the interface is translated: playbook, catalog and web
text, codes (engine ids, outcomes, verdicts) and machine-readable output stay as they are.

Catalogs: `dorker/locale/<lang>/LC_MESSAGES/dorker.po`, extracted and merged with
`pybabel extract` / `update` (see docs/translating.md), compiled with `pybabel compile` into the
`.mo` files beside them. The `.mo` files are committed, so `pip install .` needs neither Babel
nor a build step, and Python's own `gettext` reads them at run time.

Strings that are defined before the language is known (key bindings, column titles) are marked
with `N_` where they are written and translated with `_` where they are shown.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "_",
    "available_languages",
    "configured_language",
    "current_language",
    "digits",
    "install_argparse",
    "install_jinja",
    "ngettext",
    "set_language",
    "setup",
    "take_warning",
]

DOMAIN = "dorker"
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_BENGALI_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


class _Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class _State:
    translations: _Translations | None = None
    language = DEFAULT_LANGUAGE
    warning: str | None = None
    warned: set[str] = set()  # noqa: RUF012  (one process-wide set: one warning per language)


def _(message: str) -> str:
    """`message` in the interface language (English as written when there is no entry)."""
    translations = _State.translations
    return message if translations is None else translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the interface language."""
    translations = _State.translations
    if translations is None:
        return singular if n == 1 else plural
    return translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (translate it where shown)."""
    return message


def current_language() -> str:
    """The language in use (`en` when no catalog was loaded)."""
    return _State.language


def available_languages() -> tuple[str, ...]:
    """English and every language with a compiled catalog."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (DEFAULT_LANGUAGE, *found)


def _normalise(language: str) -> str:
    """`bn-BD`, `bn_BD.UTF-8` -> `bn_BD`; empty and `C` -> English."""
    code = language.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    return DEFAULT_LANGUAGE if code in ("", "C", "POSIX") else code


def set_language(language: str | None) -> str | None:
    """Use `language` from now on. Returns a one-line warning when it has no catalog (English
    is used then); the same language warns once per process."""
    code = _normalise(language or DEFAULT_LANGUAGE)
    candidates = [code, code.split("_", 1)[0]]
    if candidates[-1] == DEFAULT_LANGUAGE:
        _State.translations, _State.language = None, DEFAULT_LANGUAGE
        return None
    for candidate in dict.fromkeys(candidates):
        path = LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with path.open("rb") as handle:
                import gettext

                _State.translations = gettext.GNUTranslations(handle)
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        _State.language = candidate
        return None
    _State.translations, _State.language = None, DEFAULT_LANGUAGE
    if code in _State.warned:
        return None
    _State.warned.add(code)
    warning = (f"dorker: warning: no translation for language {language!r}: using English "
               f"(available: {', '.join(available_languages())})")
    _State.warning = warning
    return warning


def take_warning() -> str | None:
    """The fallback warning not shown yet (then forgotten: it is shown once)."""
    warning, _State.warning = _State.warning, None
    return warning


def configured_language(environ: Mapping[str, str] | None = None) -> str | None:
    """`DORKER_LANG`, else the config file's `language` (read lightly: no full config load,
    which would cost start-up time; an unreadable file is the config loader's to report)."""
    env = os.environ if environ is None else environ
    if env.get("DORKER_LANG"):
        return env["DORKER_LANG"]
    from dorker.paths import locations

    explicit = env.get("DORKER_CONFIG")
    path = Path(explicit).expanduser() if explicit else locations(dict(env)).config_file
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "language" not in text:
        return None
    import tomllib

    try:
        value = tomllib.loads(text).get("language")
    except tomllib.TOMLDecodeError:
        return None
    return value if isinstance(value, str) else None


def setup(environ: Mapping[str, str] | None = None) -> str | None:
    """Pick the language from the environment and the config file (what `dorker` does first);
    returns the fallback warning, if any."""
    return set_language(configured_language(environ))


def digits(value: object) -> str:
    """`value` as text, with Bengali digits when the interface is Bengali (counts, dates)."""
    text = str(value)
    return text.translate(_BENGALI_DIGITS) if _State.language == "bn" else text


def install_jinja(env: Any) -> Any:
    """Give a jinja2 environment `_`, `ngettext`, `interface_language()` (for `<html lang>`)
    and a `digits` filter (templates write `{{ _("Summary") }}`); they follow the language in
    use when the template renders."""
    env.globals.update(_=_, ngettext=ngettext, interface_language=current_language)
    env.filters["digits"] = digits
    return env


def install_argparse() -> None:
    """Translate argparse's own words ("usage:", "options", "show this help message and exit",
    its errors) through dorker's catalog: argparse looks them up with its module's `_`."""
    import argparse

    module: Any = argparse
    module._ = _
    module.ngettext = ngettext
