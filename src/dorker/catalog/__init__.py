"""The source catalog: where to look, how to search it, and how risky looking is."""

from __future__ import annotations

from dorker.catalog.filters import SourceFilter, filter_sources
from dorker.catalog.lint import LintReport, lint_paths
from dorker.catalog.loader import Catalog, catalog_roots, load_catalog, user_catalog_dir
from dorker.catalog.model import Opsec, Provenance, Search, Source
from dorker.catalog.schema import catalog_schema
from dorker.catalog.validate import Problem

__all__ = [
    "Catalog",
    "LintReport",
    "Opsec",
    "Problem",
    "Provenance",
    "Search",
    "Source",
    "SourceFilter",
    "catalog_roots",
    "catalog_schema",
    "filter_sources",
    "lint_paths",
    "load_catalog",
    "user_catalog_dir",
]
