"""The JSON Schema of a catalog file (`dorker catalog schema`); lint checks the same rules."""

from __future__ import annotations

from typing import Any

from dorker.catalog.vocab import (
    ACCESS,
    COUNTRIES,
    KINDS,
    LANGUAGES,
    METHODS,
    OPSEC_LEVELS,
    PATTERNS,
    STATUSES,
)

__all__ = ["DOMAIN_RE", "ID_RE", "REQUIRED_FIELDS", "SOURCE_FIELDS", "catalog_schema"]

ID_RE = r"^[a-z0-9]+(?:[-._][a-z0-9]+)*$"
# A plain host name: lowercase labels, no scheme, no path, no port (IDNs in punycode).
DOMAIN_RE = r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$"
URL_RE = r"^https?://[^\s]+$"

REQUIRED_FIELDS = ("id", "name", "kind", "search", "access", "opsec", "status")
SOURCE_FIELDS = (*REQUIRED_FIELDS, "domains", "countries", "languages", "patterns", "references",
                 "url", "notes", "categories", "tags", "provenance")


def _strings(item: dict[str, Any] | None = None, unique: bool = True) -> dict[str, Any]:
    return {"type": "array", "items": item or {"type": "string", "minLength": 1},
            "uniqueItems": unique}


def catalog_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one catalog file."""
    source: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": list(REQUIRED_FIELDS),
        "properties": {
            "id": {"type": "string", "pattern": ID_RE, "maxLength": 100,
                   "description": "unique slug across every catalog file"},
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "kind": {"enum": sorted(KINDS)},
            "domains": _strings({"type": "string", "pattern": DOMAIN_RE}),
            "search": {
                "type": "object", "additionalProperties": False, "required": ["method"],
                "properties": {
                    "method": {"enum": sorted(METHODS)},
                    "template": {"type": ["string", "null"], "pattern": URL_RE,
                                 "description": "native search URL with {q}; url-template only"},
                    "notes": {"type": ["string", "null"]},
                },
                "if": {"properties": {"method": {"const": "url-template"}}},
                "then": {"required": ["template"],
                         "properties": {"template": {"type": "string", "pattern": r"\{q\}"}}},
            },
            "countries": _strings({"enum": sorted(COUNTRIES)}),
            "languages": _strings({"enum": sorted(LANGUAGES)}),
            "patterns": _strings({"enum": sorted(PATTERNS)}),
            "access": {"enum": sorted(ACCESS)},
            "opsec": {
                "type": "object", "additionalProperties": False, "required": ["level"],
                "properties": {"level": {"enum": sorted(OPSEC_LEVELS)},
                               "note": {"type": ["string", "null"]}},
            },
            "status": {"enum": sorted(STATUSES)},
            "references": _strings(),
            "url": {"type": "string", "pattern": URL_RE},
            "notes": {"type": ["string", "null"]},
            "categories": _strings(),
            "tags": _strings(),
            "provenance": {
                "type": "object", "additionalProperties": False, "required": ["source"],
                "properties": {"source": {"type": "string", "minLength": 1},
                               "license": {"type": ["string", "null"]},
                               "repository": {"type": ["string", "null"]},
                               "paths": _strings(unique=False)},
            },
        },
        "allOf": [{
            "if": {"properties": {"search": {"properties": {"method": {"const": "site-dork"}}}}},
            "then": {"required": ["domains"], "properties": {"domains": {"minItems": 1}}},
        }],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://dorker.invalid/schemas/catalog.json",
        "title": "dorker source catalog file",
        "description": "A list of sources, or a mapping whose `sources` key holds the list.",
        "$defs": {"source": source},
        "oneOf": [
            {"type": "array", "items": {"$ref": "#/$defs/source"}},
            {"type": "object", "additionalProperties": False, "required": ["sources"],
             "properties": {"description": {"type": "string"},
                            "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}}}},
        ],
    }
