"""The case report's watch section: data per the report-sections contract, escaped templates."""

from __future__ import annotations

import json
from typing import Any

from dorker.config import load_config
from dorker.store.session import open_configured_store
from dorker.watch.report import case_section
from helpers import run_cli
from provider_server import Canned, ProviderServer, searxng_body

HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:y) \x1b[2J"


def render(section: dict[str, Any], fmt: str) -> str:
    """The partial rendered in the report's own environment (sandboxed, autoescaped HTML)."""
    from dorker.report.render import make_environment

    return str(make_environment(fmt).get_template(f"sections/watch.{fmt}.j2")
               .render(section=section))


def test_case_section_and_its_templates(server: ProviderServer) -> None:
    body = searxng_body(["https://jobs.example.com/1"])
    body["results"][0]["title"] = HOSTILE
    server.route("/search", Canned(200, body))
    assert run_cli("case", "new", "Gulf", "--use").code == 0
    assert run_cli("case", "new", "Other").code == 0
    assert run_cli("watch", "add", "gulf", "visa", "-e", "bing", "-e", "facebook").code == 0
    assert run_cli("watch", "run", "gulf").code == 0
    assert run_cli("watch", "run", "gulf").code == 0
    with open_configured_store(load_config()) as store:
        section = case_section(store, "C-0001")
        assert case_section(store, "C-0002") is None
    assert section is not None
    json.dumps(section)  # plain data
    assert section["id"] == "watch" and section["title"] == "Watches"
    assert {s["label"]: s["value"] for s in section["summary"]} == {
        "Watches": 1, "Runs": 2, "New results": 1, "Blocked or failed runs": 0}
    [watch] = section["data"]["watches"]
    assert watch["name"] == "gulf" and watch["runs"] == 2 and watch["new_total"] == 1
    assert watch["engines"] == ["bing", "facebook"] and watch["last_run"]["new"] == 0
    assert [r["new"] for r in section["data"]["runs"]] == [0, 1]  # newest first
    assert section["data"]["new"][0]["title"] == HOSTILE

    html = render(section, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "gulf" in html
    assert "\x1b" not in html and "\\x1b[2J" in html
    md = render(section, "md")
    assert "<script>" not in md and "\\*\\*bold\\*\\*" in md and "\x1b" not in md
    assert "## Watches" in md and "| gulf |" in md
