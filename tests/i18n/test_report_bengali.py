"""The case report in Bengali: its headings through `_` in the templates' environment
(`dorker.i18n.install_jinja`), counts in Bengali digits, the case's own text as written.

The first test renders the report's headings with the report's own messages over a real case's
figures, with the `digits` filter; the second renders the bundled report itself (`dorker report`
under DORKER_LANG=bn) in Markdown and HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dorker import i18n
from helpers import run_cli

HEADINGS = """\
# {{ _("Case") }} {{ case.id }}: {{ case.title }}

## {{ _("Summary") }}
{{ _("Sources checked") }}: {{ coverage.checked|digits }} \
{{ _("of {expected} the patterns call for").format(expected=coverage.sources|digits) }}

## {{ _("Searches") }} ({{ searches|digits }})
## {{ _("Coverage") }}
## {{ _("Reviewed results") }} ({{ reviews|digits }})
## {{ _("Evidence") }} ({{ evidence|digits }})
## {{ _("Audit") }}
{{ _("The record's chain of {count} events verifies.").format(count=events|digits) }}
"""


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.fixture
def case(tmp_path: Path) -> dict[str, object]:
    """A worked case: a Bengali title with markup in it, a check, a search, a review, evidence."""
    title = "সৌদি ভিসার দালাল <b>চক্র</b>"
    assert run_cli("case", "new", title, "--pattern", "fake-jobs", "--use").code == 0
    assert run_cli("check", "facebook", "--outcome", "leads", "--note", "তিনটি নম্বর").code == 0
    assert run_cli("open", "gulf-free-visa-jobs:bn-free-1", "--print").code == 0
    assert run_cli("review", "https://facebook.com/groups/x/posts/1",
                   "--verdict", "escalate").code == 0
    evidence = tmp_path / "ad.txt"
    evidence.write_text("বিজ্ঞাপন", encoding="utf-8")
    assert run_cli("evidence", "add", str(evidence)).code == 0
    coverage = json.loads(run_cli("coverage", "--format", "json").out)
    events = [json.loads(line) for line in
              run_cli("audit", "log", "--format", "jsonl").out.splitlines()]
    return {"case": {"id": "C-0001", "title": title}, "coverage": coverage["summary"],
            "searches": sum(e["action"] == "query.opened" for e in events),
            "reviews": sum(e["action"] == "result.reviewed" for e in events),
            "evidence": sum(e["action"] == "evidence.added" for e in events),
            "events": len(events)}


def render(data: dict[str, object]) -> str:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = i18n.install_jinja(ImmutableSandboxedEnvironment(autoescape=True,
                                                           undefined=StrictUndefined))
    return str(env.from_string(HEADINGS).render(**data))


def test_report_headings_render_in_bengali(case: dict[str, object]) -> None:
    english = render(case)
    assert "## Searches (1)" in english and "## Audit" in english
    i18n.set_language("bn")
    bengali = render(case)
    for heading in ("# কেস C-0001", "## সারসংক্ষেপ", "## সার্চ (১)", "## কভারেজ",
                    "## মূল্যায়িত ফলাফল (১)", "## আলামত (১)", "## নিরীক্ষা"):
        assert heading in bengali, heading
    assert "রেকর্ডের ৫টি ইভেন্টের চেইন যাচাইয়ে ঠিক আছে।" in bengali
    assert "যাচাই করা উৎস: ১ / প্যাটার্নে দরকারি " in bengali
    # the case's own words stay as written (escaped in HTML), never translated
    assert "সৌদি ভিসার দালাল &lt;b&gt;চক্র&lt;/b&gt;" in bengali
    for english_heading in ("Summary", "Searches", "Coverage", "Reviewed", "Evidence", "Audit"):
        assert english_heading not in bengali


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_bundled_case_report_in_bengali(case: dict[str, object], fmt: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DORKER_LANG", "bn")
    result = run_cli("report", "C-0001", "--format", fmt)
    assert result.code == 0, result.err
    assert "নিরীক্ষা" in result.out and "সার্চ" in result.out and "আলামত" in result.out
    # whole sentences, with the figures in them (ASCII digits: the report's own choice)
    assert "রেকর্ডের 5টি ইভেন্টের চেইন যাচাইয়ে ঠিক আছে।" in result.out
    assert "dorker কেস রিপোর্ট · তৈরি " in result.out
    if fmt == "html":
        assert '<html lang="bn">' in result.out
    for english_heading in ("Reviewed results", "Evidence", "Audit", "Searches"):
        assert f">{english_heading}<" not in result.out
        assert f"## {english_heading}" not in result.out
