"""`leads links`: items that share a lead, as connected components of a lead–item graph.

The graph is bipartite: a node per lead (`lead:` + its id) and per item (`item:` + its key), an
edge where a lead was seen in an item. Money never links (two ads asking the same fee are not one
network), nor does a platform everyone uses (facebook.com, wa.me, gmail.com), nor a lead the
case dismissed. `other_cases` names every other case of the store holding a lead of the cluster.

Other parts add edges through `edge_sources`: the images part provides
`dorker.images.links.image_lead_edges(store, case_id)` yielding dicts
`{"lead": "image:SHA256", "kind": "image", "item": {...}, "case": "C-0001", "seq": N}`
(with `case_id=None`: every case). It is imported lazily and skipped when absent.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dorker.leads.common import is_common_domain
from dorker.leads.events import Sighting, Verdict, item_key, iter_sightings, verdicts
from dorker.leads.model import family_of
from dorker.store.base import EventStore

__all__ = ["Cluster", "Edge", "EdgeSource", "LinksResult", "SightingsRead", "build_graph",
           "find_clusters", "image_edges", "links", "links_lead"]


NON_LINKING_FAMILIES = frozenset({"money"})


@dataclass(frozen=True, slots=True)
class Edge:
    """A lead seen in an item of a case."""

    lead_id: str
    kind: str
    item: Mapping[str, Any]
    case_id: str | None
    seq: int = 0
    ts: str = ""
    value: str = ""
    key: str = ""
    """The item's key (computed from `item` when not given)."""

    @property
    def item_key(self) -> str:
        return self.key or item_key(self.item)

    @classmethod
    def from_sighting(cls, s: Sighting) -> Edge:
        key = s.item.get("key")
        return cls(s.lead_id, s.kind, s.item, s.case_id, s.seq, s.ts, s.value,
                   key if isinstance(key, str) and key else item_key(s.item))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Edge | None:
        """An edge from a plug-in's dict, or None when it lacks a lead or an item."""
        lead, item = data.get("lead"), data.get("item")
        if not isinstance(lead, str) or ":" not in lead or not isinstance(item, Mapping):
            return None
        try:
            item_key(item)
        except ValueError:
            return None
        return cls(lead, str(data.get("kind") or family_of(lead)), item, data.get("case"),
                   int(data.get("seq") or 0), str(data.get("ts") or ""),
                   str(data.get("value") or lead.partition(":")[2]))


EdgeSource = Callable[[EventStore, "str | None"], Iterable[Mapping[str, Any]]]
"""A plug-in: (store, case id or None for every case) -> edge dicts."""


def image_edges(store: EventStore, case_id: str | None) -> Iterable[Mapping[str, Any]]:
    """Edges from reused photos, when the images part is installed (else none)."""
    import importlib

    try:
        module = importlib.import_module("dorker.images.links")
    except ImportError:
        return ()
    provider = getattr(module, "image_lead_edges", None)
    if provider is None:
        return ()
    edges: Iterable[Mapping[str, Any]] = provider(store, case_id)
    return edges


def links_lead(lead_id: str) -> bool:
    """Whether sharing this lead links two items (not money, not a platform everyone uses)."""
    family, _, value = lead_id.partition(":")
    if family in NON_LINKING_FAMILIES:
        return False
    if family == "domain":
        return not is_common_domain(value)
    if family == "url":
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        return not (parts.path in ("", "/") and not parts.query
                    and is_common_domain(parts.hostname or ""))
    return True


def build_graph(edges: Iterable[Edge], *, dismissed: frozenset[str] = frozenset()) -> Any:
    """The lead–item graph of `edges` (non-linking and dismissed leads left out)."""
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    graph = nx.Graph()
    for edge in edges:
        if edge.lead_id in dismissed or not links_lead(edge.lead_id):
            continue
        lead_node, item_node = f"lead:{edge.lead_id}", f"item:{edge.item_key}"
        if lead_node not in graph:
            graph.add_node(lead_node, type=family_of(edge.lead_id), kind=edge.kind,
                           value=edge.value, id=edge.lead_id)
        if item_node not in graph:
            graph.add_node(item_node, type="item", item=dict(edge.item), key=edge.item_key,
                           cases=set())
        graph.nodes[item_node]["cases"].add(edge.case_id)
        if not graph.has_edge(lead_node, item_node):
            graph.add_edge(lead_node, item_node, case=edge.case_id, seq=edge.seq, ts=edge.ts)
    return graph


@dataclass(slots=True)
class Cluster:
    """Items that share leads (directly or through other items)."""

    id: str
    leads: list[dict[str, Any]]
    items: list[dict[str, Any]]
    other_cases: list[str]
    cases: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "leads": self.leads, "items": self.items,
                "other_cases": self.other_cases, "cases": self.cases}


@dataclass(slots=True)
class LinksResult:
    """The clusters of a case (or of the store), and what was left out."""

    case_id: str | None
    clusters: list[Cluster]
    singles: int = 0
    """Items whose leads are in no other item and no other case."""

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "clusters": [c.to_json() for c in self.clusters],
                "singles": self.singles}


def find_clusters(graph: Any, *, case_id: str | None,
                  cases_of: Mapping[str, set[str]],
                  item_cases: Mapping[str, set[str]] | None = None) -> LinksResult:
    """Connected components with two items or more, or with a lead another case holds (or an
    item another case holds too: the same page found in two investigations)."""
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    clusters: list[Cluster] = []
    singles = 0
    for component in nx.connected_components(graph):
        lead_nodes = sorted(n for n in component if n.startswith("lead:"))
        item_nodes = sorted(n for n in component if n.startswith("item:"))
        lead_rows = []
        others: set[str] = set()
        for node in lead_nodes:
            data = graph.nodes[node]
            lead_cases = cases_of.get(data["id"], set())
            elsewhere = sorted(c for c in lead_cases if c and c != case_id) if case_id else []
            others.update(elsewhere)
            lead_rows.append({"id": data["id"], "kind": data["kind"], "value": data["value"],
                              "items": graph.degree(node), "other_cases": elsewhere,
                              "cases": sorted(c for c in lead_cases if c)})
        if case_id:
            for node in item_nodes:
                others.update(c for c in (item_cases or {}).get(graph.nodes[node]["key"], ())
                              if c and c != case_id)
        if len(item_nodes) < 2 and not others:
            singles += len(item_nodes)
            continue
        items = []
        cases: set[str] = set()
        for node in item_nodes:
            data = graph.nodes[node]
            in_cases = sorted(c for c in data["cases"] if c)
            cases.update(in_cases)
            also = sorted(c for c in (item_cases or {}).get(data["key"], ())
                          if c and case_id and c != case_id)
            items.append({**data["item"], "key": data["key"],
                          "case": in_cases[0] if len(in_cases) == 1 else None,
                          "cases": in_cases, "other_cases": also,
                          "leads": sorted(graph.nodes[n]["id"] for n in graph[node])})
        digest = hashlib.sha256(lead_nodes[0].encode("utf-8")).hexdigest()[:10]
        clusters.append(Cluster(f"K-{digest}", lead_rows, items, sorted(others), sorted(cases)))
    clusters.sort(key=lambda c: (-len(c.items), -len(c.other_cases), -len(c.leads), c.id))
    return LinksResult(case_id, clusters, singles)


@dataclass(slots=True)
class SightingsRead:
    """What one `links` pass read, kept for a caller that also lists the case's leads (the
    Leads screen), so the store is read once: the case's own sightings (not the whole store's),
    the cases of every lead (fees too) and every case's verdicts."""

    own: list[Sighting] = field(default_factory=list)
    cases_of: dict[str, set[str]] = field(default_factory=dict)
    marks: dict[tuple[str, str], Verdict] = field(default_factory=dict)


def _sighting_edges(store: EventStore, case_id: str | None,
                    read: SightingsRead | None) -> Iterator[Edge]:
    for sighting in iter_sightings(store):
        if read is not None:
            if sighting.case_id:
                read.cases_of.setdefault(sighting.lead_id, set()).add(sighting.case_id)
            if case_id is None or sighting.case_id == case_id:
                read.own.append(sighting)
        yield Edge.from_sighting(sighting)


def _plugin_edges(store: EventStore, sources: Iterable[EdgeSource]) -> Iterator[Edge]:
    for source in sources:
        for data in source(store, None):
            edge = Edge.from_dict(data)
            if edge is not None:
                yield edge


def links(store: EventStore, case_id: str | None, *,
          sources: Iterable[EdgeSource] = (image_edges,),
          read: SightingsRead | None = None) -> LinksResult:
    """The clusters of `case_id` (None: of the whole store), with other cases' hits.

    One pass over every sighting of the store: the case's own build the graph, all of them
    say which cases hold each lead and each item. With `read`, what the pass read is kept
    there too (the case's sightings, each lead's cases, every verdict).
    """
    cases_of: dict[str, set[str]] = {}
    item_cases: dict[str, set[str]] = {}
    own: list[Edge] = []
    linking: dict[str, bool] = {}
    edges: Iterator[Edge] = itertools.chain(_sighting_edges(store, case_id, read),
                                            _plugin_edges(store, sources))
    for edge in edges:
        lead_id = edge.lead_id
        links_it = linking.get(lead_id)
        if links_it is None:
            links_it = linking[lead_id] = links_lead(lead_id)
        if not links_it:
            continue
        if edge.case_id:
            cases_of.setdefault(lead_id, set()).add(edge.case_id)
            item_cases.setdefault(edge.item_key, set()).add(edge.case_id)
        if case_id is None or edge.case_id == case_id:
            own.append(edge)
    marks = verdicts(store, case_id if read is None else None)
    if read is not None:
        read.marks = marks
    dismissed = frozenset(lead for (case, lead), v in marks.items()
                          if case == case_id and v.verdict == "dismissed")
    graph = build_graph(own, dismissed=dismissed)
    return find_clusters(graph, case_id=case_id, cases_of=cases_of, item_cases=item_cases)
