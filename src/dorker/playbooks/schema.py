"""The JSON Schema of a playbook file (`dorker playbooks schema`, docs/playbook.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from dorker.playbooks.model import PATTERNS, REVIEW_LEVELS, STATUSES
from dorker.playbooks.values import VARIABLE_TYPES

__all__ = ["MAX_EXAMPLE", "MAX_QUERIES", "SCHEMA", "schema", "schema_text"]

MAX_QUERIES = 200
MAX_EXAMPLE = 5_000
_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"}
_NAME_PATTERN = "^[a-z][a-z0-9_]{0,63}$"
_LANG_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_LINE = {"type": "string", "minLength": 1, "maxLength": 300}
_TEXT = {"type": "string", "maxLength": 10_000}
_IDS = {"type": "array", "items": _ID, "maxItems": 100}
_VALUE = {"type": "string", "minLength": 1, "maxLength": 200}
_EXAMPLE = {
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": MAX_EXAMPLE},
        {"type": "object", "additionalProperties": False, "required": ["text"],
         "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_EXAMPLE},
                        "url": {"type": "string", "maxLength": 2000},
                        "title": {"type": "string", "maxLength": 500}}},
    ]
}
_EXAMPLES = {"type": "array", "items": _EXAMPLE, "maxItems": 200}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://dorker.invalid/schemas/playbook.schema.json",
    "title": "dorker playbook",
    "description": "One playbook: keyword lists, typed variables and query templates for one "
                   "crime pattern. See docs/playbook-format.md.",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "pattern", "version", "status", "authors", "description",
                 "languages", "queries"],
    "properties": {
        "id": {**_ID, "description": "unique id; the file is queries/<pattern>/<id>.yaml"},
        "title": _LINE,
        "pattern": {"enum": list(PATTERNS), "description": "crime pattern"},
        "version": {"type": "integer", "minimum": 1, "description": "bump on every change"},
        "status": {"enum": list(STATUSES)},
        "authors": {"type": "array", "items": _LINE, "minItems": 1, "maxItems": 50},
        "description": _TEXT,
        "languages": {"type": "array", "minItems": 1, "maxItems": 50,
                      "items": {"type": "string", "pattern": _LANG_PATTERN}},
        "engines": {**_IDS, "description": "default engines of the queries"},
        "references": {
            "type": "array", "maxItems": 100,
            "items": {"type": "object", "additionalProperties": False, "required": ["id", "title"],
                      "properties": {"id": _ID, "title": _LINE,
                                     "url": {"type": "string", "pattern": "^https?://",
                                             "maxLength": 2000},
                                     "note": _TEXT}},
        },
        "keywords": {
            "type": "object", "additionalProperties": False, "maxProperties": 100,
            "patternProperties": {_NAME_PATTERN: {
                "type": "object", "additionalProperties": False, "required": ["terms", "review"],
                "properties": {
                    "description": _TEXT,
                    "refs": _IDS,
                    "terms": {"type": "object", "additionalProperties": False, "minProperties": 1,
                              "patternProperties": {_LANG_PATTERN: {
                                  "type": "array", "minItems": 1, "maxItems": 500,
                                  "items": _VALUE}}},
                    "review": {"type": "object", "additionalProperties": False,
                               "patternProperties": {_LANG_PATTERN: {
                                   "enum": list(REVIEW_LEVELS)}}},
                },
            }},
        },
        "variables": {
            "type": "object", "additionalProperties": False, "maxProperties": 50,
            "patternProperties": {_NAME_PATTERN: {
                "type": "object", "additionalProperties": False, "required": ["type"],
                "properties": {
                    "type": {"enum": list(VARIABLE_TYPES)},
                    "description": _TEXT,
                    "required": {"type": "boolean"},
                    "default": {"anyOf": [_VALUE, {"type": "array", "items": _VALUE,
                                                   "maxItems": 200}]},
                    "choices": {"type": "array", "items": _VALUE, "maxItems": 200},
                    "multiple": {"type": "boolean"},
                    "matrix": {"type": "boolean"},
                    "region": {"type": "string", "pattern": "^[A-Z]{2}$"},
                },
            }},
        },
        "queries": {
            "type": "array", "minItems": 1, "maxItems": MAX_QUERIES,
            "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "title", "query"],
                "properties": {
                    "id": _ID,
                    "title": _LINE,
                    "query": {"type": "string", "minLength": 1, "maxLength": 8_000,
                              "description": "dork syntax with jinja2 placeholders"},
                    "language": {"type": "string", "pattern": _LANG_PATTERN,
                                 "description": "language of the texts the query looks for, "
                                                "a BCP-47 tag (bn, bn-Latn, ar-LB, sr-Latn; "
                                                "mul: several, zxx: none)"},
                    "engines": _IDS,
                    "sources": _IDS,
                    "refs": _IDS,
                    "examples": {"type": "object", "additionalProperties": False,
                                 "properties": {"match": _EXAMPLES, "no_match": _EXAMPLES}},
                    "notes": _TEXT,
                    "platform_searches": {
                        "type": "array", "maxItems": 50,
                        "description": "hand-written searches that open the query's plan on "
                                       "platforms without OR (hashtags, short forms)",
                        "items": {"type": "object", "additionalProperties": False,
                                  "required": ["text"],
                                  "properties": {
                                      "text": {"type": "string", "minLength": 1,
                                               "maxLength": 300},
                                      "engines": _IDS,
                                      "broader": {"type": "boolean"}}},
                    },
                },
            },
        },
    },
}


def schema() -> dict[str, Any]:
    """The schema (a fresh copy each time)."""
    copied: dict[str, Any] = json.loads(json.dumps(SCHEMA))
    return copied


def schema_text() -> str:
    """The schema as the JSON text written to docs/playbook.schema.json."""
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"
