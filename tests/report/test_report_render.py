"""The report's filters and environment: Markdown and CSS escapes, links only to the web,
sizes in integer arithmetic, translations from dorker.i18n when it is installed."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from dorker.report.render import _css_string, _md_code, _md_url, _size, make_environment
from dorker.report.searches import link_url, url_label


@pytest.mark.parametrize(("text", "span"), [
    pytest.param("plain", "`plain`", id="plain"),
    pytest.param("a `b` c", "``a `b` c``", id="backticks"),
    pytest.param("``x``", "``` ``x`` ```", id="edge-backticks"),
    pytest.param("esc \x1b[2J", "`esc \\x1b[2J`", id="control"),
])
def test_markdown_code_span_holds_the_text_exactly(text: str, span: str) -> None:
    assert _md_code(text) == span


def test_markdown_url_cannot_leave_its_brackets() -> None:
    assert _md_url("https://x.test/a b?<q>|") == "https://x.test/a%20b?%3Cq%3E%7C"


def test_css_string_is_inert() -> None:
    value = str(_css_string('Case "C-1" </style><script>'))
    assert value.startswith('"') and value.endswith('"')
    assert not set(value[1:-1]) & set('"<>/;{}')
    assert "\\000022" in value  # the quote, hex-escaped


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 bytes"), (1023, "1023 bytes"), (1536, "1.5 KB"), (5 * 1024 * 1024, "5.0 MB"),
    (3 * 1024 ** 3 + 1, "3.0 GB"),
])
def test_sizes(size: int, text: str) -> None:
    assert _size(size) == text


@pytest.mark.parametrize(("url", "link", "label"), [
    ("https://www.google.com/search?q=x", "https://www.google.com/search?q=x",
     "google.com/search"),
    ("javascript:alert(1)", None, "javascript:alert(1)"),
    ("JAVASCRIPT:alert(1)", None, "JAVASCRIPT:alert(1)"),
    ("data:text/html,<b>x</b>", None, "data:text/html,<b>x</b>"),
    ("http://[broken", None, "http://[broken"),
    ("https://t.me/s/" + "a" * 80, "https://t.me/s/" + "a" * 80, "t.me/s/" + "a" * 40 + "…"),
])
def test_links_only_to_the_web_with_short_labels(url: str, link: str | None,
                                                 label: str) -> None:
    assert link_url(url) == link
    assert url_label(url) == label


def test_translations_come_from_dorker_i18n_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    template = '{{ _("Summary") }} {{ ngettext("file", "files", 2) }}'
    env = make_environment("html")
    assert env.from_string(template).render() == "Summary files"
    fake: Any = types.ModuleType("dorker.i18n")
    fake._ = lambda text: {"Summary": "সারসংক্ষেপ"}.get(text, text)
    fake.ngettext = lambda singular, plural, n: "ফাইল"
    monkeypatch.setitem(sys.modules, "dorker.i18n", fake)
    env = make_environment("html")
    assert env.from_string(template).render() == "সারসংক্ষেপ ফাইল"


def test_templates_are_sandboxed() -> None:
    from jinja2.exceptions import SecurityError

    env = make_environment("html")
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__ }}").render()
