"""The bundled source catalog, the loader, filters and listings (text, JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from dorker.catalog import (
    Opsec,
    Search,
    Source,
    SourceFilter,
    filter_sources,
    lint_paths,
    load_catalog,
)
from dorker.catalog.render import csv_cell, render_csv, render_text
from dorker.catalog.vocab import PATTERNS
from dorker.errors import InputError
from dorker.resources import bundled_dir
from helpers import run_cli

BUNDLED = bundled_dir("catalog") / "sources"


def _source(**changes: object) -> Source:
    base = Source(id="s", name="S", kind="job-board", domains=("example.com",),
                  search=Search("site-dork"), countries=(), languages=(), patterns=(),
                  access="public", opsec=Opsec("passive"), status="active")
    return replace(base, blob="", **changes)  # type: ignore[arg-type]


# --- the bundled catalog ---------------------------------------------------------------------

def test_bundled_catalog_lints_clean() -> None:
    report = lint_paths([BUNDLED])
    assert [str(p) for p in report.problems] == []
    assert report.sources >= 150


def test_bundled_catalog_spans_patterns_corridors_and_kinds() -> None:
    sources = load_catalog([BUNDLED]).sources
    assert len(sources) >= 150
    assert {p for s in sources for p in s.patterns} == PATTERNS
    countries = Counter(c for s in sources for c in s.countries)
    corridor = ["BD", "IN", "NP", "PK", "LK", "SA", "AE", "QA", "KW", "OM", "BH", "MY", "SG",
                "IT", "RO", "PL", "LY"]
    assert [c for c in corridor if countries[c] == 0] == []
    for origin in ("BD", "IN", "NP", "PK", "LK"):  # a job board or classifieds, and a registry
        kinds = {s.kind for s in sources if origin in s.countries}
        assert kinds & {"job-board", "classifieds"} and "registry" in kinds, origin
    kinds = Counter(s.kind for s in sources)
    for kind in ("platform", "job-board", "classifieds", "messaging-preview", "forum",
                 "reverse-search", "registry", "verification-portal", "news", "ngo-report",
                 "sanctions", "search-engine"):
        assert kinds[kind] >= 1, kind
    assert kinds["verification-portal"] >= 15 and kinds["registry"] >= 15


def test_bundled_entries_are_referenced_and_honest() -> None:
    for source in load_catalog([BUNDLED]).sources:
        assert source.references, source.id
        assert source.opsec.note, source.id
        if source.status in ("unverified", "dead"):
            assert source.notes and source.status.capitalize() in source.notes, source.id
        if source.search.method == "url-template":
            assert source.search.template and source.search.template.startswith("https://")


def test_telegram_preview_builds_a_url_without_joining() -> None:
    catalog = load_catalog([BUNDLED])
    preview = catalog.get("telegram-preview")
    assert preview is not None and preview.kind == "messaging-preview"
    assert preview.search.url_for("some_channel") == "https://t.me/s/some_channel"
    lens = catalog.get("google-lens")
    assert lens is not None
    assert lens.search.url_for("https://x.org/a b.jpg") == (
        "https://lens.google.com/uploadbyurl?url=https%3A%2F%2Fx.org%2Fa+b.jpg")
    assert catalog.get("bdjobs") is not None and catalog.get("nope") is None


def test_bundled_catalog_validates_against_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from dorker.catalog import catalog_schema

    validator = jsonschema.Draft202012Validator(catalog_schema())
    for path in sorted(BUNDLED.glob("*.yaml")):
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
        assert errors == [], path


# --- loading from every root -----------------------------------------------------------------

def test_load_reads_bundled_user_and_configured_roots(tmp_path: Path, dorker_home: Path) -> None:
    user = dorker_home / "config" / "catalog" / "sources"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text(
        "- {id: case-page, name: A page, kind: platform, domains: [example.org], "
        "search: {method: site-dork}, access: public, opsec: {level: passive}, status: active}\n",
        "utf-8")
    team = tmp_path / "team"
    (team / "sources").mkdir(parents=True)
    (team / "engines").mkdir()
    (team / "engines" / "x.yaml").write_text("not: a catalog\n", "utf-8")  # never read
    (team / "sources" / "t.yml").write_text(
        "sources:\n- {id: team-board, name: Team board, kind: job-board, search: {method: manual},"
        " access: login, opsec: {level: active, note: n}, status: unverified}\n", "utf-8")
    (dorker_home / "config" / "config.toml").write_text(f'[catalog]\nroots = ["{team}"]\n')
    catalog = load_catalog()
    ids = [s.id for s in catalog.sources]
    assert ids[-2:] == ["case-page", "team-board"]
    assert len(ids) == len(set(ids)) >= 152
    assert catalog.get("team-board").origin == f"{team / 'sources' / 't.yml'}:2:3"  # type: ignore[union-attr]


def test_a_bad_user_file_is_one_located_error(dorker_home: Path) -> None:
    user = dorker_home / "config" / "catalog" / "sources"
    user.mkdir(parents=True)
    (user / "bad.yaml").write_text("- id: x\n  name: X\n  kind: blog\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_catalog()
    assert str(caught.value).startswith(f"{user / 'bad.yaml'}:1:3: bad catalog file: ")
    result = run_cli("catalog", "list")
    assert result.code == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1
    assert "run `dorker catalog lint`" in result.err


def test_a_configured_root_that_is_missing_is_an_error(tmp_path: Path, dorker_home: Path) -> None:
    config = dorker_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[catalog]\nroots = ["{tmp_path / "typo"}"]\n', "utf-8")
    for args in (["list"], ["lint"]):
        result = run_cli("catalog", *args)
        assert result.code == 2 and result.out == ""
        assert result.err.strip() == (f"dorker: error: {tmp_path / 'typo'}: catalog root is not a "
                                      f"folder (fix [catalog] roots in {config})")


# --- filters -------------------------------------------------------------------------------

CORPUS = [
    _source(id="bd-board", countries=("BD",), languages=("bn",), patterns=("fake-jobs",)),
    _source(id="global-platform", kind="platform", patterns=("route-offers", "fake-jobs"),
            notes="Pages pose as Travel Agencies"),
    _source(id="gulf-classifieds", kind="classifieds", countries=("SA", "KW"), languages=("ar",),
            patterns=("domestic-workers",), domains=("haraj.com.sa",)),
]


@pytest.mark.parametrize(("spec", "expected"), [
    pytest.param(SourceFilter(), ["bd-board", "global-platform", "gulf-classifieds"], id="all"),
    pytest.param(SourceFilter(pattern="fake-jobs"), ["bd-board", "global-platform"], id="pattern"),
    pytest.param(SourceFilter(country="bd"), ["bd-board", "global-platform"],
                 id="country-keeps-worldwide"),
    pytest.param(SourceFilter(country="KW", kind="classifieds"), ["gulf-classifieds"], id="kind"),
    pytest.param(SourceFilter(language="AR"), ["global-platform", "gulf-classifieds"], id="lang"),
    pytest.param(SourceFilter(text="travel AGENCIES"), ["global-platform"], id="text-notes"),
    pytest.param(SourceFilter(text="haraj"), ["gulf-classifieds"], id="text-domain"),
    pytest.param(SourceFilter(text="bd-b"), ["bd-board"], id="text-id"),
    pytest.param(SourceFilter(text="travel haraj"), [], id="text-all-words"),
    pytest.param(SourceFilter(pattern="organ-trade"), [], id="nothing"),
])
def test_filters(spec: SourceFilter, expected: list[str]) -> None:
    assert [s.id for s in filter_sources(CORPUS, spec)] == expected


def test_filtering_10000_sources_as_a_word_is_typed() -> None:
    """Every prefix of a typed word filters 10,000 sources right (the speed is measured in
    bench/bench_tui.py, not asserted here)."""
    many = [_source(id=f"s{i}", name=f"Source number {i}", notes=f"marker-{i % 97}-end",
                    countries=(("BD",) if i % 3 else ()), patterns=("fake-jobs",))
            for i in range(10_000)]
    typed = "marker-42-end"
    for end in range(1, len(typed) + 1):  # what a TUI does as the word is typed
        hits = filter_sources(many, SourceFilter(text=typed[:end], country="BD"))
    assert len(hits) == len([i for i in range(10_000) if i % 97 == 42])


# --- listings ------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+1 555", "'+1 555"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTAB", "'\tTAB"), ("plain", "plain"), ("a=b", "a=b"),
])
def test_csv_cells_cannot_become_formulas(cell: str, expected: str) -> None:
    assert csv_cell(cell) == expected


def test_csv_listing_escapes_every_column() -> None:
    hostile = _source(id="x", name="=cmd|' /C calc'!A0", notes="n",
                      opsec=Opsec("active", "@evil"), references=("-1+1",))
    rows = list(csv.reader(io.StringIO(render_csv([hostile]))))
    assert rows[0][:3] == ["id", "name", "kind"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["name"] == "'=cmd|' /C calc'!A0"
    assert row["opsec_note"] == "'@evil" and row["references"] == "'-1+1"


def test_text_listing_shows_control_characters_literally() -> None:
    out = render_text([_source(id="x", name="Evil\x1b]0;title\x07 \u202eokay\nnext")])
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;title\\x07" in out and "\\u202e" in out
    assert out.splitlines()[-1] == "1 source"


def test_json_listing_keeps_text_but_escapes_terminal_controls() -> None:
    from dorker.catalog.render import render_json

    out = render_json([_source(id="x", name="কাজ \x9b31m \u202eevil\x1b")])
    assert "কাজ" in out
    assert not any(ch in out for ch in "\x9b\u202e\x1b")
    assert json.loads(out)["sources"][0]["name"] == "কাজ \x9b31m \u202eevil\x1b"


def test_cli_list_filters_and_formats() -> None:
    result = run_cli("catalog", "list", "--pattern", "domestic-workers", "--country", "KW",
                     "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    ids = [s["id"] for s in data["sources"]]
    assert data["count"] == len(ids) and "4sale-kuwait" in ids and "bdjobs" not in ids
    assert all("domestic-workers" in s["patterns"] for s in data["sources"])
    assert all(not s["countries"] or "KW" in s["countries"] for s in data["sources"])
    first = data["sources"][0]
    assert set(first) >= {"id", "name", "kind", "domains", "search", "countries", "languages",
                          "patterns", "access", "opsec", "status", "references", "origin"}

    text = run_cli("catalog", "list", "--kind", "messaging-preview", "--search", "t.me")
    assert text.code == 0
    assert text.out.splitlines()[0].startswith("telegram-preview ")
    assert text.out.splitlines()[-1] == "2 sources"

    table = run_cli("catalog", "list", "--lang", "ne", "--kind", "registry", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.out)))
    assert {"nepal-dofe", "nepal-feb"} <= {r["id"] for r in rows}


@pytest.mark.parametrize("args", [
    pytest.param(["--pattern", "smuggling"], id="pattern"),
    pytest.param(["--country", "XX"], id="country"),
    pytest.param(["--kind", "blog"], id="kind"),
    pytest.param(["--lang", "english"], id="lang"),
    pytest.param(["--format", "xml"], id="format"),
])
def test_cli_list_rejects_unknown_values_in_one_line(args: list[str]) -> None:
    result = run_cli("catalog", "list", *args)
    assert result.code == 2 and result.out == ""
    assert len(result.err.strip().splitlines()) == 1
