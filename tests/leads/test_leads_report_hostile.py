"""The Leads section of the case report shows hostile ad text as visible text: control and
bidi characters never reach the page raw (a U+202E would reverse what follows in a browser)."""

from __future__ import annotations

from dorker.report.render import make_environment

HOSTILE = "evil\x1b[2J\u202eexe.txt"


def section() -> dict[str, object]:
    item = {"url": f"https://example.com/{HOSTILE}", "title": HOSTILE, "key": HOSTILE,
            "file": None, "sha256": None}
    lead = {"id": f"handle:{HOSTILE}", "kind": "handle", "items": 1, "other_cases": []}
    return {"id": "leads", "title": "Leads", "summary": [],
            "data": {"other_cases": [{"id": f"handle:{HOSTILE}", "kind": "handle",
                                      "cases": ["C-0002"]}],
                     "clusters": [{"id": f"cluster:{HOSTILE}", "other_cases": [],
                                   "leads": [lead], "items": [item]}],
                     "clusters_omitted": 0, "leads_omitted": 0,
                     "leads": [{**lead, "written": [HOSTILE], "verdict": "confirmed",
                                "note": HOSTILE, "colleagues": [
                                    {"verdict": "dismissed", "case": "C-0002",
                                     "actor": HOSTILE, "note": HOSTILE}]}]}}


def test_no_control_or_bidi_character_reaches_the_page() -> None:
    for fmt in ("html", "md"):
        page = make_environment(fmt).get_template(f"sections/leads.{fmt}.j2").render(
            section=section())
        assert "\x1b" not in page and "\u202e" not in page, fmt
        assert "\\u202e" in page or "\\x1b" in page, fmt
