"""`leads export`: the leads of a case as a link chart for other tools.

- GraphML (Gephi, yEd, networkx read it): typed nodes (`phone`, `telegram`, `email`, `domain`,
  `url`, `handle`, `licence`, `image`, `item`, `case`) with `type` and `label` attributes;
  edges `seen_in` (lead -> item) and `in_case` (item -> case) with `case` and `first_seen`.
- Entity-link CSV laid out for i2 Analyst's Notebook and Maltego imports: one row per link,
  `from, from_type, to, to_type, relation, case, first_seen`.
- JSON: `{"case", "nodes": [...], "links": [...]}`.

Fees are not nodes (a fee links nothing): each item carries its fees as a `fees` attribute.
Exports are case data: a file is written owner-only (0600), atomically.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from dorker.leads.events import Sighting, item_key
from dorker.leads.model import family_of

__all__ = ["CSV_COLUMNS", "FORMATS", "export_graph", "render"]

FORMATS = ("graphml", "csv", "json")
CSV_COLUMNS = ("from", "from_type", "to", "to_type", "relation", "case", "first_seen")


def _item_label(item: Mapping[str, Any]) -> str:
    return str(item.get("title") or item.get("url") or item.get("file") or item_key(item))


def export_graph(sightings: Iterable[Sighting], cases: Mapping[str, str],
                 verdict_of: Mapping[tuple[str, str], str] | None = None) -> Any:
    """A typed graph of leads, items and cases (`cases`: id -> title)."""
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    graph = nx.MultiDiGraph()
    fees: dict[str, list[str]] = {}
    for s in sightings:
        key = s.item_key
        case = s.case_id or ""
        item_node = f"item:{key}"
        if item_node not in graph:
            graph.add_node(item_node, type="item", label=_item_label(s.item), key=key,
                           item_type=str(s.item.get("type") or ""),
                           url=str(s.item.get("url") or ""),
                           sha256=str(s.item.get("sha256") or ""))
        if case and f"case:{case}" not in graph:
            graph.add_node(f"case:{case}", type="case", label=cases.get(case, case), key=case)
        if case and not graph.has_edge(item_node, f"case:{case}"):
            graph.add_edge(item_node, f"case:{case}", relation="in_case", case=case,
                           first_seen=s.ts)
        family = family_of(s.lead_id)
        if family == "money":
            fees.setdefault(item_node, [])
            if s.value not in fees[item_node]:
                fees[item_node].append(s.value)
            continue
        if s.lead_id not in graph:
            graph.add_node(s.lead_id, type=family, label=s.value, key=s.lead_id,
                           kind=s.kind, verdict="")
        verdict = (verdict_of or {}).get((case, s.lead_id))
        if verdict:
            graph.nodes[s.lead_id]["verdict"] = verdict
        if not any(d.get("relation") == "seen_in" and d.get("case") == case
                   for d in graph.get_edge_data(s.lead_id, item_node, default={}).values()):
            graph.add_edge(s.lead_id, item_node, relation="seen_in", case=case, first_seen=s.ts)
    for node, values in fees.items():
        graph.nodes[node]["fees"] = "; ".join(values)
    return graph


# Characters XML 1.0 cannot hold at all (C0 controls but tab, newline and return; lone
# surrogates; U+FFFE/U+FFFF): written as visible \xNN text instead, so Gephi and yEd can open
# a graph whose ad text or case title held an escape sequence.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: Any) -> Any:
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value


def _xml_safe(graph: Any) -> Any:
    """A copy of `graph` whose every text attribute XML 1.0 can hold."""
    safe = graph.__class__()
    safe.graph.update({k: _xml_text(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        safe.add_node(_xml_text(node), **{k: _xml_text(v) for k, v in data.items()})
    for source, target, data in graph.edges(data=True):
        safe.add_edge(_xml_text(source), _xml_text(target),
                      **{k: _xml_text(v) for k, v in data.items()})
    return safe


def render(graph: Any, fmt: str, case_id: str | None) -> bytes:
    """The export in `fmt` (graphml, csv or json), as bytes."""
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    from dorker.textsafe import csv_cell

    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(_xml_safe(graph), buffer, encoding="utf-8")
        return buffer.getvalue()
    nodes = graph.nodes
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for source, target, data in graph.edges(data=True):
            writer.writerow([csv_cell(v) for v in (
                nodes[source]["key"], nodes[source]["type"], nodes[target]["key"],
                nodes[target]["type"], data["relation"], data["case"], data["first_seen"])])
        return text.getvalue().encode("utf-8")
    doc = {"case": case_id,
           "nodes": [{"id": node, **data} for node, data in graph.nodes(data=True)],
           "links": [{"source": s, "target": t, **data} for s, t, data in graph.edges(data=True)]}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

