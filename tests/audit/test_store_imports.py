"""The store package has no import circles (evidence and verify used to import each other)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

STORE = Path(__file__).resolve().parents[2] / "src" / "dorker" / "store"


def _imports(path: Path) -> set[str]:
    """Every dorker.store module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "dorker.store."):
            found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.rsplit(".", 1)[1] for a in node.names
                      if a.name.startswith("dorker.store.")}
    return found


def test_store_modules_import_each_other_without_a_circle() -> None:
    graph = nx.DiGraph()
    for path in STORE.glob("*.py"):
        if path.stem == "__init__":
            continue
        graph.add_node(path.stem)
        graph.add_edges_from((path.stem, other) for other in _imports(path))
    assert {"evidence", "verify", "problems"} <= set(graph)
    assert graph.has_edge("verify", "evidence") and not graph.has_edge("evidence", "verify")
    assert list(nx.simple_cycles(graph)) == []
