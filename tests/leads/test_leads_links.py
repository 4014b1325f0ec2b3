"""`leads links` and `leads export`: clusters of items that share a lead, across cases, and the
exports link-analysis tools read."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from leads_fixtures import OTHER_NUMBER, THREE_WAYS, new_cases, record_results, store

from dorker.leads.graph import Edge, build_graph, image_edges, links, links_lead
from dorker.store.base import EventStore
from helpers import run_cli

PHONE = "phone:+8801712345678"


@pytest.fixture
def cases() -> tuple[str, str]:
    first, second = new_cases("Malaysia visa ring", "Saudi hotel jobs")
    assert run_cli("case", "use", first).code == 0
    return first, second


def clusters(*args: str) -> dict[str, Any]:
    result = run_cli("leads", "links", "--format", "json", *args)
    assert result.code in (0, 1), result.err
    doc: dict[str, Any] = json.loads(result.out)
    return doc


def test_one_number_three_ways_is_one_cluster_and_another_number_is_not(
        cases: tuple[str, str]) -> None:
    first, _ = cases
    record_results(first, [*THREE_WAYS, OTHER_NUMBER])
    run_cli("leads", "scan")
    doc = clusters()
    assert doc["case"] == first
    (cluster,) = doc["clusters"]
    assert sorted(item["url"] for item in cluster["items"]) == sorted(ad[0] for ad in THREE_WAYS)
    assert PHONE in [lead["id"] for lead in cluster["leads"]]
    assert cluster["other_cases"] == []
    assert doc["singles"] == 1  # the ad with the other number stands alone


def test_the_same_number_in_a_second_case_shows_in_other_cases(cases: tuple[str, str]) -> None:
    first, second = cases
    record_results(first, THREE_WAYS)
    record_results(second, [("https://saudi.example.com/x", "Hotel", "Contact 01712-345678")])
    run_cli("leads", "scan", "--all")
    (cluster,) = clusters()["clusters"]
    assert cluster["other_cases"] == [second]
    phone = next(lead for lead in cluster["leads"] if lead["id"] == PHONE)
    assert phone["other_cases"] == [second] and phone["items"] == 3
    # from the colleague's side, their single ad is a cluster because the number is in ours
    (theirs,) = clusters("--case", second)["clusters"]
    assert theirs["other_cases"] == [first] and len(theirs["items"]) == 1
    text = run_cli("leads", "links").out
    assert f"also in {second}" in text


def test_fees_and_platforms_everyone_uses_never_link(cases: tuple[str, str]) -> None:
    first, _ = cases
    record_results(first, [
        ("https://site-one.example.com/a", "Ad one", "fee 4.5 lakh, mail one.agent@gmail.com "
         "https://www.facebook.com/ wa.me/"),
        ("https://site-one.example.com/b", "Ad two", "fee 4.5 lakh, mail two.agent@gmail.com "
         "https://www.facebook.com/ wa.me/"),
    ])
    run_cli("leads", "scan")
    doc = clusters()
    assert doc["clusters"] == [] and doc["singles"] == 2
    assert not links_lead("money:BDT:450000")
    assert not links_lead("domain:gmail.com") and not links_lead("url:https://www.facebook.com/")
    assert links_lead("domain:gulf-manpower.com.bd") and links_lead(PHONE)


def test_a_dismissed_lead_no_longer_links(cases: tuple[str, str]) -> None:
    first, _ = cases
    record_results(first, THREE_WAYS[:2])
    run_cli("leads", "scan")
    assert len(clusters()["clusters"]) == 1
    assert run_cli("leads", "mark", PHONE, "--verdict", "dismissed",
                   "--note", "the embassy hotline").code == 0
    assert clusters()["clusters"] == []


def test_every_case_when_no_case_is_chosen(cases: tuple[str, str], dorker_home: Path) -> None:
    first, second = cases
    record_results(first, THREE_WAYS[:1])
    record_results(second, [("https://saudi.example.com/x", "Hotel", "Contact 01712-345678")])
    run_cli("leads", "scan", "--all")
    (dorker_home / "data" / "current-case").unlink()
    (cluster,) = clusters()["clusters"]
    assert cluster["cases"] == [first, second] and len(cluster["items"]) == 2


def fake_images(store: EventStore, case_id: str | None) -> Iterable[Mapping[str, Any]]:
    """What the images part will yield: one photo seen in two ads of C-0001."""
    for seq, url in ((101, "https://example.org/other"), (102, "https://lonely.example.net/x")):
        yield {"lead": "image:" + "ab" * 32, "kind": "image",
               "item": {"key": f"url:{url}", "type": "url", "url": url}, "case": "C-0001",
               "seq": seq}
    yield {"lead": "image:broken"}  # no item: ignored


def test_image_groups_join_the_graph_through_the_plug_in_point(cases: tuple[str, str]) -> None:
    first, _ = cases
    record_results(first, [OTHER_NUMBER, ("https://lonely.example.net/x", "Lonely", "no contact")])
    run_cli("leads", "scan")
    with store() as opened:
        assert links(opened, first).clusters == []
        result = links(opened, first, sources=[fake_images])
    (cluster,) = result.clusters
    assert [lead["id"] for lead in cluster.leads] == ["image:" + "ab" * 32,
                                                      "phone:+8801812999888"]
    assert sorted(item["url"] for item in cluster.items) == [
        "https://example.org/other", "https://lonely.example.net/x"]


def test_without_the_images_part_there_are_no_image_edges() -> None:
    with store() as opened:
        assert list(image_edges(opened, None)) == []


def test_graph_builder_takes_edges_from_anywhere() -> None:
    item = {"url": "https://a.example.com/"}
    edges = [Edge(PHONE, "phone", item, "C-0001"),
             Edge(PHONE, "whatsapp", {"sha256": "f" * 64}, "C-0001"),
             Edge("money:BDT:1", "money", item, "C-0001")]
    graph = build_graph(edges)
    assert sorted(graph.nodes) == [f"item:evidence:{'f' * 64}", "item:url:https://a.example.com/",
                                   f"lead:{PHONE}"]
    assert nx.number_connected_components(graph) == 1


# -- exports ----------------------------------------------------------------------------------


def test_graphml_export_is_read_back_by_networkx(cases: tuple[str, str], tmp_path: Path) -> None:
    first, _ = cases
    record_results(first, [*THREE_WAYS, OTHER_NUMBER])
    run_cli("leads", "scan")
    out = tmp_path / "leads.graphml"
    result = run_cli("leads", "export", "--format", "graphml", "-o", str(out))
    assert result.code == 0 and "owner-only" in result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    graph = nx.read_graphml(out)
    types = {data["type"] for _, data in graph.nodes(data=True)}
    assert types == {"phone", "handle", "item", "case"}
    assert graph.nodes[PHONE]["label"] == "+8801712345678"
    assert graph.nodes[f"case:{first}"]["label"] == "Malaysia visa ring"
    assert sorted(t for _, t, d in graph.out_edges(PHONE, data=True)
                  if d["relation"] == "seen_in") == sorted(f"item:url:{ad[0]}" for ad in THREE_WAYS)
    fees = {d.get("fees") for _, d in graph.nodes(data=True) if d["type"] == "item"}
    assert "BDT 350000" in fees and "BDT 400000" in fees  # fees are attributes, not nodes


def test_entity_link_csv_has_the_import_columns(cases: tuple[str, str]) -> None:
    first, _ = cases
    record_results(first, THREE_WAYS[:1])
    run_cli("leads", "scan")
    rows = list(csv.DictReader(io.StringIO(run_cli("leads", "export", "--format", "csv").out)))
    assert list(rows[0]) == ["from", "from_type", "to", "to_type", "relation", "case",
                             "first_seen"]
    relations = {(r["from"], r["from_type"], r["to_type"], r["relation"]) for r in rows}
    assert (PHONE, "phone", "item", "seen_in") in relations
    assert ("url:https://www.facebook.com/malaysia.visa.bd/posts/1", "item", "case",
            "in_case") in relations
    assert all(r["case"] == first and r["first_seen"] for r in rows)


def test_json_export_and_a_file_that_existed_becomes_owner_only(cases: tuple[str, str],
                                                                tmp_path: Path) -> None:
    first, _ = cases
    record_results(first, THREE_WAYS[:1])
    run_cli("leads", "scan")
    out = tmp_path / "leads.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    assert run_cli("leads", "export", "--format", "json", "-o", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["case"] == first
    assert {node["id"] for node in doc["nodes"]} >= {PHONE, f"case:{first}"}


def test_export_to_a_folder_that_does_not_exist_is_one_line(cases: tuple[str, str]) -> None:
    before = run_cli("audit", "head").out
    result = run_cli("leads", "export", "--format", "csv", "-o", "/nonexistent/dir/x.csv")
    assert result.code == 2
    assert result.err.strip() == ("dorker: error: /nonexistent/dir/x.csv: the folder to write "
                                  "into does not exist")
    assert run_cli("audit", "head").out == before  # nothing left dorker: no export recorded


def test_an_export_to_a_file_is_recorded_and_standard_output_is_not(cases: tuple[str, str],
                                                                    tmp_path: Path) -> None:
    before = int(run_cli("audit", "head").out.split(":")[0])
    assert run_cli("leads", "export", "--format", "json").code == 0
    assert int(run_cli("audit", "head").out.split(":")[0]) == before
    out = tmp_path / "leads.graphml"
    assert run_cli("leads", "export", "--format", "graphml", "-o", str(out)).code == 0
    event = json.loads(run_cli("audit", "show", str(before + 1), "--format", "json").out)
    assert event["action"] == "export" and event["payload"]["what"] == "leads"
    assert event["payload"]["destination"] == str(out)
    assert out.stat().st_mode & 0o077 == 0
