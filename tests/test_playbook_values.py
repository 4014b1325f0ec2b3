"""Typed variable values and the written forms of selectors."""

from __future__ import annotations

import pytest

from dorker.playbooks.values import ValueError_, forms, normalise


def test_phone_forms_bangladesh() -> None:
    value = normalise("phone", "01711-123456", region="BD")
    assert forms("phone", value, region="BD") == (
        "+8801711123456", "01711-123456", "01711123456", "+880 1711-123456", "8801711123456")


def test_phone_with_country_code_needs_no_region() -> None:
    got = forms("phone", "+60 12-345 6789")
    assert "+60123456789" in got and "60123456789" in got and "012-345 6789" in got


@pytest.mark.parametrize(("kind", "value", "expected"), [
    pytest.param("username", "@rahim.travels", ("rahim.travels", "@rahim.travels"), id="username"),
    pytest.param("email", "Agent.X@Example.com", ("agent.x@example.com", "agent.x"), id="email"),
    pytest.param("domain", "WWW.Example.com", ("www.example.com", "example.com"), id="domain-www"),
    pytest.param("domain", "example.com", ("example.com",), id="domain"),
    pytest.param("country", "bd", ("BD",), id="country"),
])
def test_selector_forms(kind: str, value: str, expected: tuple[str, ...]) -> None:
    assert forms(kind, normalise(kind, value)) == expected


@pytest.mark.parametrize(("kind", "value", "fragment"), [
    pytest.param("phone", "not a number", "not a phone number", id="phone"),
    pytest.param("phone", "12", "not a phone number", id="phone-short-no-region"),
    pytest.param("country", "Bangladesh", "two-letter", id="country"),
    pytest.param("language", "Bengali", "language code", id="language"),
    pytest.param("date", "2024-02-30", "not a date", id="date"),
    pytest.param("email", "no-at-sign", "e-mail", id="email"),
    pytest.param("domain", "https://example.com/x", "host name", id="domain-url"),
    pytest.param("username", "has space", "user name", id="username"),
    pytest.param("text", "   ", "empty", id="empty"),
    pytest.param("text", "a\nb", "single line", id="multiline"),
    pytest.param("text", "\"()\"", "no letter", id="punctuation-only"),
    pytest.param("choice", "Riyadh", "not one of", id="choice"),
])
def test_bad_values_say_why(kind: str, value: str, fragment: str) -> None:
    with pytest.raises(ValueError_, match=fragment):
        normalise(kind, value, choices=("Dubai",))
