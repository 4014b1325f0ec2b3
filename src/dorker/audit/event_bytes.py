"""An event's envelope read from its canonical bytes, without parsing the whole event.

An event's canonical bytes start with its action and actor, then its case, and end with its
time; the payload (with a command id, or `"scheduled":true` on a watch run) lies between. These
are the byte patterns and small readers the report's `Collector` (dorker.audit.collect) uses on
its hot path.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["CASE_AT", "COMMAND_ID", "COMMAND_ID_LENGTH", "PAYLOAD_AT", "SCHEDULED",
           "WHO_PATTERN", "command_id_of", "envelope_text", "payload_of"]

_STRING = rb'"((?:[^"\\]|\\.)*)"'
WHO_PATTERN = re.compile(rb'\{"action":' + _STRING + rb',"actor":' + _STRING)
CASE_AT = b',"case":'
PAYLOAD_AT = b',"payload":'
COMMAND_ID = b'"command_id":"'
COMMAND_ID_LENGTH = len(COMMAND_ID)
SCHEDULED = b'"scheduled":true'


def envelope_text(raw: bytes) -> str:
    """The text of a JSON string's raw bytes (between its quotes); ValueError if not one."""
    text = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
    if not isinstance(text, str):
        raise ValueError
    return text


def command_id_of(body: bytes) -> str | None:
    """The command id in an event's bytes, if it has one."""
    at = body.find(COMMAND_ID)
    if at < 0:
        return None
    start = at + COMMAND_ID_LENGTH
    return body[start:body.find(b'"', start)].decode("utf-8", "replace")


def payload_of(body: bytes, doc: dict[str, Any] | None) -> dict[str, Any]:
    """The payload of an event (`doc`: the event already parsed, if it was); {} if unreadable."""
    try:
        payload = (doc if doc is not None else json.loads(body)).get("payload")
    except ValueError:  # the start and end looked canonical, the rest is not JSON: edited
        return {}
    return payload if isinstance(payload, dict) else {}
