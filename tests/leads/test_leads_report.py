"""The case report's Leads section: data per the section contract, partials rendered with an
autoescaping (sandboxed) environment, hostile ad text kept as text."""

from __future__ import annotations

import json

import pytest
from leads_fixtures import THREE_WAYS, new_cases, record_results, store

from dorker.leads.report import case_section
from dorker.report.render import make_environment
from helpers import run_cli

HOSTILE = '<script>alert(1)</script> | **bold** [x](javascript:alert(1))'


def render(section: dict[str, object], fmt: str) -> str:
    """The partial in the case report's own environment (sandboxed, autoescaped HTML)."""
    return str(make_environment(fmt).get_template(f"sections/leads.{fmt}.j2")
               .render(section=section))


@pytest.fixture
def section() -> dict[str, object]:
    first, second = new_cases("Malaysia visa ring", "Saudi hotel jobs")
    record_results(first, [*THREE_WAYS, ("https://example.org/x", HOSTILE, "fee 4 lakh")])
    record_results(second, [("https://saudi.example.com/x", "Hotel", "Contact 01712-345678")])
    assert run_cli("leads", "scan", "--all").code == 0
    assert run_cli("leads", "mark", "01712345678", "--case", second, "--verdict", "confirmed",
                   "--note", "broker <b>Rahim</b>").code == 0
    with store() as opened:
        built = case_section(opened, first)
    assert built is not None
    return built


def test_the_section_follows_the_contract(section: dict[str, object]) -> None:
    assert section["id"] == "leads" and section["title"] == "Leads"
    summary = {row["label"]: row["value"] for row in section["summary"]}  # type: ignore[attr-defined]
    assert summary["Clusters"] == 1 and summary["Leads also in other cases"] == 1
    json.dumps(section)  # plain JSON-able data only
    data = section["data"]
    assert data["other_cases"] == [{"id": "phone:+8801712345678",  # type: ignore[index]
                                    "kind": "imo/phone/whatsapp", "value": "+8801712345678",
                                    "cases": ["C-0002"]}]
    (cluster,) = data["clusters"]  # type: ignore[index]
    assert cluster["other_cases"] == ["C-0002"] and len(cluster["items"]) == 3


def test_html_partial_escapes_and_shows_clusters_and_other_cases(
        section: dict[str, object]) -> None:
    html = render(section, "html")
    assert "<h3>Hits in other cases</h3>" in html
    assert "<code>phone:+8801712345678</code>" in html and "C-0002" in html
    assert "https://classifieds.example.com/ad/77" in html
    assert "<script>" not in html and "&lt;script&gt;" not in html  # the hostile ad has no lead
    # C-0002's verdict shows here as a colleague's note, escaped
    assert "confirmed in C-0002 (test-officer): broker &lt;b&gt;Rahim&lt;/b&gt;" in html


def test_markdown_partial_escapes_markup(section: dict[str, object]) -> None:
    markdown = render(section, "md")
    assert markdown.startswith("## Leads")
    assert "### Hits in other cases" in markdown
    assert "| phone:+8801712345678 | imo/phone/whatsapp | C-0002 |" in markdown
    assert "#### K-" in markdown and "also in C-0002" in markdown
    assert r"confirmed in C-0002 (test-officer): broker \<b\>Rahim\</b\>" in markdown


def test_hostile_titles_in_clusters_are_escaped() -> None:
    (case,) = new_cases("x")
    record_results(case, [("https://a.example.com/1", HOSTILE, "WhatsApp 01712-345678"),
                          ("https://b.example.com/2", "ok", "WhatsApp 01712-345678")])
    run_cli("leads", "scan", "--case", case)
    with store() as opened:
        section = case_section(opened, case)
    assert section is not None
    html = render(section, "html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    markdown = render(section, "md")
    assert "<script>" not in markdown and r"\<script\>" in markdown
    assert r"\| \*\*bold\*\* \[x\]" in markdown


def test_no_leads_no_section() -> None:
    (case,) = new_cases("empty")
    with store() as opened:
        assert case_section(opened, case) is None
