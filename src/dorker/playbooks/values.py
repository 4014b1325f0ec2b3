"""Variable values: checked by type, and selectors expanded to the forms people actually write."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["SELECTOR_TYPES", "VARIABLE_TYPES", "ValueError_", "forms", "normalise"]

VARIABLE_TYPES = ("text", "choice", "country", "language", "date", "phone", "username", "email",
                  "domain")
SELECTOR_TYPES = frozenset({"phone", "username", "email", "domain"})
MAX_TEXT = 200

_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
_USERNAME = re.compile(r"[\w.\-]{1,64}\Z")
_EMAIL = re.compile(r"[^@\s\"()<>,;:\\\[\]]{1,64}@([^@\s\"()<>,;:\\\[\]]{1,253})\Z")
_DOMAIN = re.compile(r"(?=.{1,253}\Z)(?:[\w](?:[\w\-]{0,61}[\w])?\.)+[\w][\w\-]{0,61}[\w]\Z")


class ValueError_(Exception):
    """A value does not fit its variable's type; the message says why."""


def _has_content(value: str) -> bool:
    return any(ch.isalnum() for ch in value)


def normalise(kind: str, value: str, *, choices: tuple[str, ...] = (), region: str | None = None,
              ) -> str:
    """The value as dorker stores it, or ValueError_ saying what is wrong with it."""
    if not isinstance(value, str):
        raise ValueError_(f"expected text, got {type(value).__name__}")
    text = value.strip()
    if not text:
        raise ValueError_("the value is empty")
    if "\n" in text or "\r" in text:
        raise ValueError_("the value must be a single line")
    if len(text) > MAX_TEXT:
        raise ValueError_(f"the value is longer than {MAX_TEXT} characters")
    if kind == "text":
        if not _has_content(text):
            raise ValueError_("the value has no letter or digit")
        return text
    if kind == "choice":
        if text not in choices:
            raise ValueError_(f"{text!r} is not one of the choices: {', '.join(choices)}")
        return text
    if kind == "country":
        code = text.upper()
        if not _COUNTRY.match(code):
            raise ValueError_(f"{text!r} is not a two-letter country code such as BD or MY")
        return code
    if kind == "language":
        if not _LANGUAGE.match(text):
            raise ValueError_(f"{text!r} is not a language code such as bn, ar or bn-Latn")
        return text
    if kind == "date":
        from dorker.query.parser import is_date

        if not is_date(text):
            raise ValueError_(f"{text!r} is not a date like 2024-01-31 (or 2024, 2024-01)")
        return text
    if kind == "phone":
        _phone(text, region)
        return text
    if kind == "username":
        name = text[1:] if text.startswith("@") else text
        if not _USERNAME.match(name):
            raise ValueError_(f"{text!r} is not a user name (letters, digits, '.', '_', '-')")
        return name
    if kind == "email":
        if not _EMAIL.match(text) or not _DOMAIN.match(text.rsplit("@", 1)[1]):
            raise ValueError_(f"{text!r} is not an e-mail address like name@example.com")
        return text.lower()
    if kind == "domain":
        host = text.lower().rstrip(".")
        if "/" in host or ":" in host or not _DOMAIN.match(host):
            raise ValueError_(f"{text!r} is not a host name like example.com "
                              "(no https:// and no path)")
        return host
    raise ValueError_(f"unknown variable type {kind!r}")


def _phone(text: str, region: str | None) -> object:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        hint = "" if region or text.startswith("+") else " (write it with +country code, " \
            "or give the variable a region)"
        raise ValueError_(f"{text!r} is not a phone number{hint}") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError_(f"{text!r} is not a possible phone number")
    return number


@lru_cache(maxsize=16384)
def forms(kind: str, value: str, *, region: str | None = None) -> tuple[str, ...]:
    """Every written form of a (normalised) value that a search should try, most usual first."""
    if kind == "phone":
        import phonenumbers

        fmt = phonenumbers.PhoneNumberFormat
        number = _phone(value, region)
        e164 = phonenumbers.format_number(number, fmt.E164)  # type: ignore[arg-type]
        national = phonenumbers.format_number(number, fmt.NATIONAL)  # type: ignore[arg-type]
        intl = phonenumbers.format_number(number, fmt.INTERNATIONAL)  # type: ignore[arg-type]
        compact = re.sub(r"[^\d]", "", national)
        out = [e164, national, compact, intl, e164.lstrip("+")]
    elif kind == "username":
        out = [value, "@" + value]
    elif kind == "email":
        out = [value, value.rsplit("@", 1)[0]]
    elif kind == "domain":
        out = [value] + ([value[4:]] if value.startswith("www.") and value.count(".") > 1 else [])
    else:
        out = [value]
    return tuple(dict.fromkeys(o for o in out if o))
