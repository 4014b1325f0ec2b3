"""Sections from other parts (leads, images, watches): a provider module's `case_section`,
rendered through its partials in a fixed place, its summary lines in the summary; a missing part
is skipped, a failing one says so in its section and the report still renders."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dorker.report import SECTION_PROVIDERS, case_report_data, render_report

PROVIDER = '''
"""A fake part that adds a section to the case report."""

def case_section(store, case):
    mode = MODE
    if mode == "none":
        return None
    if mode == "raise":
        raise RuntimeError("the leads index is locked")
    if mode == "bad-id":
        return {"id": "../../etc/passwd", "title": "x", "summary": [], "data": {}}
    return {"id": "fake-leads", "title": "Leads <found>",
            "summary": [{"label": "phone numbers", "value": 3},
                        {"label": "linked <images>", "value": "2 of 5"}],
            "data": {"leads": [{"id": "phone:+8801712345678", "seen": 2},
                               {"id": "telegram:<script>x</script>", "seen": 1}],
                     "case": case.id, "events": store.count()}}
'''
HTML_PARTIAL = """<ul class="fake">{% for lead in section.data.leads %}
<li>{{ lead.id }} ({{ lead.seen }})</li>{% endfor %}</ul>
<p>{{ _("case") }} {{ section.data.case }}, {{ section.data.events }} events</p>
"""
MD_PARTIAL = """{% for lead in section.data.leads %}- {{ lead.id|md }} ({{ lead.seen }})
{% endfor %}"""


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package `fakepart` on sys.path, and a templates folder with its partials."""
    package = tmp_path / "modules" / "fakepart"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "report.py").write_text(PROVIDER.replace("MODE", '"ok"'), encoding="utf-8")
    (package / "broken.py").write_text("import fakepart_dependency_gone\n", encoding="utf-8")
    templates = tmp_path / "templates" / "sections"
    templates.mkdir(parents=True)
    (templates / "fake-leads.html.j2").write_text(HTML_PARTIAL, encoding="utf-8")
    (templates / "fake-leads.md.j2").write_text(MD_PARTIAL, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "modules"))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("fakepart")]:
        del sys.modules[name]


def set_mode(parts: Path, mode: str) -> None:
    path = parts / "modules" / "fakepart" / "report.py"
    path.write_text(PROVIDER.replace("MODE", repr(mode)), encoding="utf-8")
    sys.modules.pop("fakepart.report", None)


def report_data(providers: tuple[str, ...]) -> dict[str, Any]:
    from dorker.config import load_config
    from dorker.coverage import case_coverage
    from dorker.store.cases import create_case, get_case
    from dorker.store.session import open_configured_store

    with open_configured_store(load_config(), create=True) as store:
        create_case(store, "Sections", ["fake-jobs"], actor="officer-a")
        case = get_case(store, "C-0001")
        assert case is not None
        coverage = case_coverage(store, case, [], [])
        return case_report_data(store, case, coverage, kinds={}, providers=providers)


def test_known_providers_are_the_contracts() -> None:
    assert SECTION_PROVIDERS == ("dorker.leads.report", "dorker.images.report",
                                 "dorker.watch.report")


def test_a_section_is_rendered_in_its_place_and_summarised(parts: Path) -> None:
    data = report_data(("fakepart.report", "fakepart.absent", "nopackage.report"))
    assert [s["id"] for s in data["sections"]] == ["fake-leads"]  # absent parts skipped
    assert data["sections"][0]["data"]["events"] == 1  # the provider got the store
    html = render_report(data, "html", extra_dirs=[parts / "templates"])
    # In a fixed place: after the evidence, before the audit.
    evidence, section, audit = (html.index('id="evidence"'),
                                html.index('id="section-fake-leads"'), html.index('id="audit"'))
    assert evidence < section < audit
    assert "<h2>Leads &lt;found&gt;</h2>" in html
    assert "<li>telegram:&lt;script&gt;x&lt;/script&gt; (1)</li>" in html  # autoescaped
    assert "case C-0001, 1 events" in html
    summary = html.split('id="sum-fake-leads">', 1)[1].split("</div>", 1)[0]
    assert "phone numbers</td><td class=\"num\">3" in summary
    assert "linked &lt;images&gt;</td><td class=\"num\">2 of 5" in summary
    assert '<a href="#section-fake-leads">Leads &lt;found&gt;</a>' in html
    md = render_report(data, "md", extra_dirs=[parts / "templates"])
    assert md.index("## Evidence") < md.index("## Leads \\<found\\>") < md.index("## Audit")
    assert "- telegram:\\<script\\>x\\</script\\> (1)" in md
    assert "| **Leads \\<found\\>** | phone numbers: 3 · linked \\<images\\>: 2 of 5 |" in md


def test_without_a_partial_the_summary_lines_are_shown(parts: Path) -> None:
    data = report_data(("fakepart.report",))
    html = render_report(data, "html")  # the bundled templates only: no fake-leads partial
    section = html.split('id="section-fake-leads">', 1)[1].split("</section>", 1)[0]
    assert "<th>phone numbers</th><td class=\"num\">3</td>" in section
    md = render_report(data, "md")
    assert "- phone numbers: 3" in md


@pytest.mark.parametrize(
    ("mode", "provider", "expected"),
    [
        pytest.param("none", "fakepart.report", None, id="nothing-to-show"),
        pytest.param("raise", "fakepart.report", "RuntimeError: the leads index is locked",
                     id="provider-fails"),
        pytest.param("bad-id", "fakepart.report", "is not lower-case words", id="bad-id"),
        pytest.param("ok", "fakepart.broken", "fakepart_dependency_gone", id="broken-import"),
    ],
)
def test_a_failing_part_does_not_sink_the_report(parts: Path, mode: str, provider: str,
                                                 expected: str | None) -> None:
    set_mode(parts, mode)
    data = report_data((provider,))
    if expected is None:
        assert data["sections"] == []
        return
    [section] = data["sections"]
    assert expected in section["error"] and section["provider"] == provider
    html = render_report(data, "html", extra_dirs=[parts / "templates"])
    assert "This section could not be built" in html and expected in html
    assert 'id="section-fakepart"' in html  # named after the provider, never a bad id
    assert "This section could not be built" in render_report(data, "md")
