"""Hostile text cannot break what leads give out: a link never takes a control or bidi
character into its value, and the GraphML export stays XML that networkx (so Gephi and yEd)
reads back, with the hostile characters kept as visible text."""

from __future__ import annotations

import io
from typing import Any

from dorker.leads.export import render
from dorker.leads.extract import extract_leads


def test_a_link_stops_at_a_control_or_bidi_character() -> None:
    leads = extract_leads("offer at https://evil.example.com/a\x1b[2Jb and "
                          "https://jobs.example.org/x\u202eexe now")
    urls = [lead.value for lead in leads if lead.kind == "url"]
    assert urls and all("\x1b" not in u and "\u202e" not in u for u in urls), urls


def test_graphml_with_hostile_text_reads_back() -> None:
    import networkx as nx

    graph: Any = nx.MultiDiGraph()
    graph.add_node("case:C-0002", key="C-0002", type="case", label="title \x1b[2J\x00 here")
    graph.add_node("item:x", key="https://e.example/\x07", type="item", label="ad \x0b text")
    graph.add_edge("item:x", "case:C-0002", relation="in", case="C-0002", first_seen="t")
    data = render(graph, "graphml", "C-0002")
    back = nx.read_graphml(io.BytesIO(data))
    labels = {d.get("label") for _, d in back.nodes(data=True)}
    assert "title \\x1b[2J\\x00 here" in labels and "ad \\x0b text" in labels
