"""Selectors in a search's text (the fallback used when the leads extractor is absent)."""

from __future__ import annotations

import pytest

from dorker.audit.selectors import Selector, _fallback, find_selectors


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("০১৭১২-৩৪৫৬৭৮", [Selector("phone", "+8801712345678")], id="bengali-digits"),
    pytest.param('"01712 345678" site:facebook.com', [Selector("phone", "+8801712345678")],
                 id="national-number"),
    pytest.param('"+880 1812-345678" OR "01812345678"', [Selector("phone", "+8801812345678")],
                 id="one-number-two-ways"),
    pytest.param("wa.me/8801712345678", [Selector("phone", "+8801712345678")], id="whatsapp-link"),
    pytest.param("contact Agent@Gmail.com", [Selector("email", "agent@gmail.com")], id="email"),
    pytest.param("@dubai_jobs_bd visa", [Selector("handle", "dubai_jobs_bd")], id="handle"),
    pytest.param("t.me/gulfjobs2024", [Selector("handle", "gulfjobs2024")], id="telegram-link"),
    pytest.param('intitle:"free visa" 2024 salary 80000', [], id="years-and-amounts"),
    pytest.param('site:t.me "free visa"', [], id="a-site-is-not-a-person"),
])
def test_selectors_in_search_text(text: str, expected: list[Selector]) -> None:
    assert list(dict.fromkeys(_fallback(text, "BD"))) == expected
    assert find_selectors(text) == find_selectors(text)  # cached, same answer
