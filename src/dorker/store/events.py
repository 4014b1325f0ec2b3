"""Events of the record and their canonical bytes: the one definition the hash chain rests on.

The canonical form of an event is the UTF-8 encoding of the compact JSON object
`{"action", "actor", "case", "payload", "prev", "seq", "ts"}` with keys sorted, separators `,`
and `:` and no ASCII escaping (so it equals RFC 8785 / JCS for the values dorker allows: strings,
integers within +/-(2**53 - 1), booleans, null, lists and objects with string keys; no floats).
The hash of an event is the lowercase SHA-256 hex digest of those bytes; `prev` is the hash of the
event before, or 64 zeros for the first event. docs/audit.md shows how to re-verify it anywhere.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dorker.errors import InputError

__all__ = [
    "GENESIS_HASH",
    "MAX_SAFE_INT",
    "Event",
    "Head",
    "NewEvent",
    "canonical_bytes",
    "check_payload",
    "event_hash",
    "new_command_id",
    "utc_now",
]

GENESIS_HASH = "0" * 64
"""The `prev` of the first event of a store."""

MAX_SAFE_INT = 2**53 - 1
"""Largest integer a payload may hold (every JSON reader represents it exactly)."""

TS_LENGTH = len("2026-01-01T00:00:00.000000Z")

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                            allow_nan=False)
_MAX_DEPTH = 32


def _refuse(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} cannot be part of an event")


def _make_encode() -> Callable[[Any], str]:
    """The canonical JSON encoder; the C one built once (json rebuilds it on every call)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator: same output, slower
        return _ENCODER.encode
    # No circular-reference markers: check_payload bounds the depth of every payload first.
    iterencode = make(None, _refuse, json.encoder.encode_basestring, None, ":", ",", True,
                      False, False)

    def encode(document: Any) -> str:
        return "".join(iterencode(document, 0))

    return encode


_encode = _make_encode()
_clock_second = -1
_clock_prefix = ""


def new_command_id() -> str:
    """A fresh id shared by every event one command (or one app action) records: a whole plan
    opened with `--all`, every page of a `search`, a watch run. The auditor's report counts the
    events of one command once (bursts); 32 hex digits."""
    import uuid

    return uuid.uuid4().hex


def utc_now() -> str:
    """The current UTC time as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (fixed width, sorts as text)."""
    global _clock_second, _clock_prefix
    second, micros = divmod(time.time_ns() // 1000, 1_000_000)
    if second != _clock_second:  # formatting the date is the slow part: once a second
        _clock_prefix = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        _clock_second = second
    return f"{_clock_prefix}.{micros:06d}Z"


def check_payload(value: Any, depth: int = 0) -> None:
    """Refuse what the canonical form cannot carry portably (floats, huge ints, odd keys)."""
    if depth == 0 and type(value) is dict:  # the common flat payload of strings, fast
        for key, item in value.items():
            if type(key) is not str or (item is not None and type(item) is not str):
                break
        else:
            return
    if depth > _MAX_DEPTH:
        raise ValueError("event payload is nested too deeply")
    if value is None or isinstance(value, (str, bool)):
        return
    if isinstance(value, int):
        if -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            return
        raise ValueError(f"event payload integer {value} is outside +/-(2**53 - 1)")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"event payload key {key!r} is not a string")
            check_payload(item, depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            check_payload(item, depth + 1)
        return
    raise ValueError(f"event payload value of type {type(value).__name__} is not allowed")


def canonical_bytes(*, seq: int, ts: str, actor: str, case_id: str | None, action: str,
                    payload: Mapping[str, Any], prev: str) -> bytes:
    """The exact bytes that are hashed (see the module docstring)."""
    check_payload(payload)
    document = {"seq": seq, "ts": ts, "actor": actor, "case": case_id, "action": action,
                "payload": payload, "prev": prev}
    try:
        return _encode(document).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("text for the record is not valid Unicode (undecodable bytes)",
                         hint="pass the text as UTF-8") from None


def event_hash(body: bytes) -> str:
    """SHA-256 hex digest of canonical bytes."""
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event about to be appended (the store assigns seq, ts, prev and hash)."""

    action: str
    payload: Mapping[str, Any]
    actor: str
    case_id: str | None = None


@dataclass(frozen=True, slots=True)
class Head:
    """The last event of a chain: what an auditor records elsewhere as `SEQ:HASH`."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True, slots=True)
class Event:
    """One event of the record, as committed. Treat `payload` as read-only."""

    seq: int
    ts: str
    actor: str
    case_id: str | None
    action: str
    payload: Mapping[str, Any] = field(hash=False)
    prev_hash: str
    hash: str

    def canonical(self) -> bytes:
        """The canonical bytes of this event (their SHA-256 is `hash` when intact)."""
        return canonical_bytes(seq=self.seq, ts=self.ts, actor=self.actor, case_id=self.case_id,
                               action=self.action, payload=self.payload, prev=self.prev_hash)

    @classmethod
    def from_body(cls, body: bytes, stored_hash: str) -> Event:
        """Rebuild an event from its stored canonical bytes and stored hash."""
        doc = json.loads(body)
        return cls(seq=doc["seq"], ts=doc["ts"], actor=doc["actor"], case_id=doc["case"],
                   action=doc["action"], payload=doc["payload"], prev_hash=doc["prev"],
                   hash=stored_hash)

    def to_json(self) -> dict[str, Any]:
        """The event as a JSON object (the shape of `audit log --format jsonl`)."""
        return {"seq": self.seq, "ts": self.ts, "actor": self.actor, "case": self.case_id,
                "action": self.action, "payload": dict(self.payload), "prev": self.prev_hash,
                "hash": self.hash}


def seal(seq: int, prev: str, item: NewEvent, ts: str | None = None) -> tuple[Event, bytes]:
    """Give `item` its place in the chain: the committed event and its canonical bytes."""
    when = ts or utc_now()
    payload = item.payload
    check_payload(payload)
    document = {"seq": seq, "ts": when, "actor": item.actor, "case": item.case_id,
                "action": item.action, "payload": payload, "prev": prev}
    try:
        body = _encode(document).encode("utf-8")  # the same bytes as canonical_bytes()
    except UnicodeEncodeError:
        raise InputError("text for the record is not valid Unicode (undecodable bytes)",
                         hint="pass the text as UTF-8") from None
    digest = hashlib.sha256(body).hexdigest()
    return Event(seq, when, item.actor, item.case_id, item.action, item.payload, prev, digest), body
