"""Importing the OSINT Framework tree: the whole real file, its counts, and its traps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import corpus
from dorker.catalog import lint_paths, load_catalog
from dorker.catalog.osint_framework import convert_tree
from helpers import run_cli


@pytest.mark.corpus
def test_import_the_whole_real_file(tmp_path: Path) -> None:
    arf = corpus("osint-framework-arf.json")
    grouped, report = convert_tree(json.loads(arf.read_text("utf-8")))
    # Counted by hand from the file (see docs/catalog.md): 1,167 leaves of type "url" plus one of
    # type "python3 Module"; one "url" leaf is a javascript: bookmarklet, skipped.
    assert report.url_leaves == 1167
    assert report.leaves == 1168
    assert dict(report.leaf_type_drift) == {"python3 Module": 1}
    assert report.skipped_non_web == 1
    assert report.unique_urls == report.entries == len(grouped) == 1108
    assert report.duplicate_placements == 59  # 1,167 placements of web URLs, 1,108 distinct
    assert report.urls_in_several_folders == 45
    assert report.urls_repeated_in_one_folder == 7
    assert (report.folders, report.folders_missing_type, report.top_categories) == (249, 5, 33)
    assert report.enum_drift["opsec case/space"] == 13  # "Unknown"
    assert report.enum_drift["pricing 'free/freemium'->'freemium'"] == 7
    assert report.marker_disagreements["(R) vs registration"] == 184

    result = run_cli("catalog", "import", "osint-framework", str(arf), "--out", str(tmp_path))
    assert result.code == 0, result.err
    assert "unique URLs: 1108; duplicate placements merged: 59" in result.out
    lint = lint_paths([tmp_path])
    assert [str(p) for p in lint.problems] == []
    assert lint.sources == 1108 and len(lint.files) == 33

    sources = {s.url: s for s in load_catalog([tmp_path]).sources}
    nikto = sources["https://nikto.online/"]  # the URL placed most often (4 times)
    assert len(nikto.provenance.paths) == 4  # type: ignore[union-attr]
    shodan = sources["https://www.shodan.io/"]
    assert len(shodan.categories) >= 2 and all(" / " in c or c for c in shodan.categories)
    sherlock = sources["https://github.com/sherlock-project/sherlock"]
    assert sherlock.categories[0] == "Username / Username Search Engines"
    assert sherlock.kind == "tool" and "local-install" in sherlock.tags
    for source in sources.values():
        assert source.provenance is not None
        assert source.provenance.source == "imported from OSINT Framework arf.json"
        assert (source.provenance.license, source.provenance.repository) == (
            "MIT", "lockfale/OSINT-Framework")
        assert source.provenance.paths[0].startswith("$.children[")
        assert source.status in ("unverified", "dead")
        assert "(T)" not in source.name and "(R)" not in source.name
    assert not any(u.startswith("javascript:") for u in sources)


TREE = {
    "name": "OSINT Framework", "type": "folder", "children": [
        {"name": "Dating", "children": [  # a folder without "type"
            {"name": "Site A (R)", "type": "url", "url": "https://a.example/",
             "registration": False, "localInstall": False, "googleDork": False,
             "editUrl": False, "invitationOnly": False, "api": False, "deprecated": False,
             "status": "Live", "pricing": "free/freemium", "opsec": "Unknown",
             "opsecNote": "", "description": "A dating site."},
            {"name": "Bookmarklet", "type": "url", "url": "javascript:alert(1)"},
        ]},
        {"name": "Classifieds", "type": "folder", "children": [
            {"name": "Site A again", "type": "url", "url": "https://a.example/",
             "invitationOnly": True, "opsec": "active"},
            {"name": "Old (M)", "type": "url", "url": "https://old.example/x",
             "status": "down"},
            {"name": "Tool", "type": "python3 Module", "url": "https://tool.example/",
             "localInstall": True, "status": "defunct-ish"},
        ]},
    ]}


def test_fields_beat_markers_and_duplicates_merge_cautiously() -> None:
    grouped, report = convert_tree(TREE)
    by_url = {d["url"]: d for _, d in grouped}
    site = by_url["https://a.example/"]
    assert site["name"] == "Site A"
    assert site["categories"] == ["Dating", "Classifieds"]
    assert site["provenance"]["paths"] == ["$.children[0].children[0]",
                                            "$.children[1].children[0]"]
    assert site["access"] == "invite"  # the most cautious placement wins
    assert site["opsec"]["level"] == "active"
    assert site["patterns"] == ["romance-lures", "fake-jobs", "document-sellers"]
    assert site["kind"] == "platform"
    assert "pricing:freemium" in site["tags"] and "upstream-status:live" in site["tags"]
    assert report.marker_disagreements["(R) vs registration"] == 1
    old = by_url["https://old.example/x"]  # no fields at all: the (M) marker is all there is
    assert old["status"] == "dead" and "edit-url" in old["tags"]
    assert "edited by hand" in old["search"]["notes"]
    tool = by_url["https://tool.example/"]
    assert tool["kind"] == "tool" and tool["status"] == "unverified"
    assert report.folders_missing_type == 1
    assert report.skipped_non_web == 1
    assert report.leaf_type_drift == {"python3 Module": 1}
    assert report.enum_drift["status case/space"] == 1
    assert report.enum_drift["status 'defunct-ish' unknown"] == 1
    assert (report.unique_urls, report.duplicate_placements, report.urls_in_several_folders) == (
        3, 1, 1)


def test_default_output_is_the_user_catalog_and_reimport_replaces(tmp_path: Path,
                                                                   dorker_home: Path) -> None:
    arf = tmp_path / "arf.json"
    arf.write_text(json.dumps(TREE), "utf-8")
    target = dorker_home / "config" / "catalog" / "sources" / "osint-framework"
    mine = target / "my-notes.yaml"
    for _ in range(2):
        result = run_cli("catalog", "import", "osint-framework", str(arf))
        assert result.code == 0, result.err
        if not mine.exists():
            target.joinpath("my-notes.yaml").write_text("[]\n", "utf-8")  # not ours: kept
    assert sorted(p.name for p in target.glob("*.yaml")) == [
        "classifieds.yaml", "dating.yaml", "my-notes.yaml"]
    listed = run_cli("catalog", "list", "--search", "a.example", "--format", "json")
    assert listed.code == 0, listed.err
    assert [s["id"] for s in json.loads(listed.out)["sources"]] == ["osintfw-site-a"]


@pytest.mark.parametrize(("text", "message"), [
    pytest.param('{"name": "x", "children": [', "invalid JSON", id="truncated"),
    pytest.param('[1, 2]', "not an OSINT Framework tree", id="wrong-shape"),
])
def test_a_bad_input_file_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    arf = tmp_path / "arf.json"
    arf.write_text(text, "utf-8")
    result = run_cli("catalog", "import", "osint-framework", str(arf), "--out", str(tmp_path))
    assert result.code == 2 and result.out == ""
    assert message in result.err and len(result.err.splitlines()) == 1
    assert str(arf) in result.err


def test_a_missing_input_file_is_one_line(tmp_path: Path) -> None:
    result = run_cli("catalog", "import", "osint-framework", str(tmp_path / "nope.json"))
    assert result.code == 2 and "file not found" in result.err
