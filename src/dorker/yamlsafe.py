"""Safe, bounded YAML loading with line numbers, for files from shared folders (untrusted).

Only the safe schema is understood (no Python objects). A file is refused past a size limit, a
nesting depth or a number of constructed nodes (alias "billion laughs" bombs expand into many
nodes). Duplicate keys are an error rather than a silent overwrite. Timestamps stay strings, so a
date means exactly what was typed. Every mapping key and sequence item keeps its line and column,
so errors can name `file:line:col` and the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dorker.errors import InputError, Location

__all__ = ["DEFAULT_MAX_BYTES", "YamlDocument", "load_yaml_file", "load_yaml_text"]

DEFAULT_MAX_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_NUMBER_CHARS = 100
"""A longer int, float or bool is refused (base-60 integers like 1:2:3 take quadratic time)."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FieldPath = tuple[str | int, ...]


@dataclass(slots=True)
class YamlDocument:
    """Loaded data plus where each part of it was written."""

    data: Any
    path: Path | str | None
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, field_path: FieldPath = ()) -> Location:
        """The location of `field_path` (or of its nearest written ancestor)."""
        probe = tuple(field_path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, col = self.positions.get(probe, (1, 1))
        dotted = _dotted(field_path) or None
        return Location(self.path, line, col, dotted)


def _dotted(field_path: FieldPath) -> str:
    out = ""
    for part in field_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> YamlDocument:
    """Read and load one YAML file with the limits above."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                where=Location(path, 1, 1),
                hint="split it or remove the bulk",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", where=Location(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", where=Location(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", where=Location(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            where=Location(path, line, col),
            hint="save the file as UTF-8",
        ) from None
    return load_yaml_text(text, path=path, max_bytes=max_bytes)


def load_yaml_text(
    text: str, *, path: Path | str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> YamlDocument:
    """Load YAML text (one document) with the limits above."""
    if len(text) > max_bytes:
        raise InputError(
            f"text is over the {max_bytes:,}-character limit", where=Location(path, 1, 1)
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = YamlDocument(None, path)
    try:
        doc.data = _Builder(doc).document(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", where=Location(path, line, col)) from None
    except yaml.YAMLError as exc:
        raise InputError(
            f"YAML error: {' '.join(str(exc).split())}", where=Location(path)
        ) from None
    except UnicodeError:  # text that is not valid Unicode (a lone surrogate)
        raise InputError("the text holds characters that are not valid Unicode",
                         where=Location(path)) from None
    return doc


_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_YAML_TAG + t for t in ("str", "int", "float", "bool", "null"))


class _Builder:
    """Turns the parser's events into plain data, bounded, recording positions.

    Built straight from the event stream (no node tree: a node and two marks per value would
    cost some 50 times the file's size while loading). An anchored value's events are kept and
    replayed at each alias, so an alias is a copy that counts towards the limits like any value.
    """

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.count = 0
        self.loader: Any = yaml.SafeLoader("")  # only its resolver and scalar constructors
        self.kept: list[yaml.Event] = []
        """The events read while an anchored value is open, each once (nested anchors share)."""
        self.anchors: dict[str, tuple[int, int]] = {}
        """Each finished anchor's events: a slice of `kept` (an alias replays it)."""
        self.open_anchors: list[str] = []
        self.replaying = 0

    def fail(self, message: str, event: yaml.Event, hint: str | None = None) -> InputError:
        line, column = _start(event)
        return InputError(message, where=Location(self.doc.path, line, column), hint=hint)

    def document(self, events: Iterator[yaml.Event]) -> Any:
        """The one document of the stream (None for an empty stream)."""
        stream = self._recorded(events)
        next(stream)  # StreamStartEvent
        event = next(stream)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        data = self.build(next(stream), stream, (), 0)
        next(stream)  # DocumentEndEvent
        event = next(stream)
        if not isinstance(event, yaml.StreamEndEvent):
            raise self.fail("more than one YAML document in the file", event,
                            hint="keep one document: remove the second `---`")
        return data

    def _recorded(self, events: Iterator[yaml.Event]) -> Iterator[yaml.Event]:
        kept = self.kept
        for event in events:
            if self.open_anchors:
                kept.append(event)
            yield event

    def _replay(self, event: yaml.AliasEvent) -> Iterator[yaml.Event]:
        """The events of the anchored value an alias names."""
        span = self.anchors.get(event.anchor or "")
        if span is None:
            raise self.fail(f"alias *{event.anchor} names no anchor defined before it", event)
        kept = self.kept
        return (kept[i] for i in range(*span))

    def _open_anchor(self, anchor: str, event: yaml.Event) -> int:
        """Start keeping an anchored value's events; where they start in `kept`."""
        if anchor in self.anchors or anchor in self.open_anchors:
            raise self.fail(f"anchor &{anchor} is defined twice", event,
                            hint="give each anchor its own name")
        if not self.open_anchors:  # else `_recorded` kept it already, as the last event
            self.kept.append(event)
        return len(self.kept) - 1

    def build(self, event: yaml.Event, stream: Iterator[yaml.Event], at: FieldPath,
              depth: int) -> Any:
        """The value starting with `event`; the rest of it is read from `stream`."""
        if isinstance(event, yaml.AliasEvent):
            replay = self._replay(event)
            self.replaying += 1
            try:
                return self.build(next(replay), replay, at, depth)
            finally:
                self.replaying -= 1
        anchor = getattr(event, "anchor", None)
        if anchor is None or self.replaying:  # a replayed anchor was kept when first read
            return self._value(event, stream, at, depth)
        start = self._open_anchor(anchor, event)
        self.open_anchors.append(anchor)
        try:
            return self._value(event, stream, at, depth)
        finally:
            self.open_anchors.pop()
            self.anchors[anchor] = (start, len(self.kept))

    def _value(self, event: yaml.Event, stream: Iterator[yaml.Event], at: FieldPath,
               depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                f"more than {MAX_NODES:,} values (an alias bomb?)",
                event,
                hint="remove repeated aliases",
            )
        if depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels", event)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_tag(event, yaml.SequenceNode, "seq")
            items: list[Any] = []
            positions = self.doc.positions
            while True:
                child = next(stream)
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                here = (*at, len(items))
                positions.setdefault(here, _start(self._first(child)))
                items.append(self.build(child, stream, here, depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            self._check_tag(event, yaml.MappingNode, "map")
            result: dict[str, Any] = {}
            positions = self.doc.positions
            while True:
                used = next(stream)
                if isinstance(used, yaml.MappingEndEvent):
                    return result
                key_event = self._key(used)
                if self._tag(key_event, yaml.ScalarNode) == _YAML_TAG + "merge":
                    raise self.fail(
                        "merge keys (<<) are not supported", used,
                        hint="write the fields out"
                    )
                key = key_event.value
                if key in result:
                    raise self.fail(
                        f"duplicate key {key!r}",
                        used,
                        hint="each key may appear once in a mapping",
                    )
                here = (*at, key)
                positions.setdefault(here, _start(key_event))
                result[key] = self.build(next(stream), stream, here, depth + 1)
        raise self.fail("unsupported YAML content", event)

    def _key(self, event: yaml.Event) -> yaml.ScalarEvent:
        """The scalar a mapping key is (an alias key names an anchored scalar)."""
        if isinstance(event, yaml.AliasEvent):
            first = next(self._replay(event))
            start, end = self.anchors[event.anchor or ""]
            if end - start != 1 or not isinstance(first, yaml.ScalarEvent):
                raise self.fail("a mapping key must be plain text", event)
            return first
        if not isinstance(event, yaml.ScalarEvent):
            raise self.fail("a mapping key must be plain text", event)
        if event.anchor is not None and not self.replaying:
            start = self._open_anchor(event.anchor, event)
            self.anchors[event.anchor] = (start, start + 1)
        return event

    def _first(self, event: yaml.Event) -> yaml.Event:
        """The event a value starts with (for an alias, the anchored value's first event)."""
        if isinstance(event, yaml.AliasEvent):
            span = self.anchors.get(event.anchor or "")
            if span is not None:
                return self.kept[span[0]]
        return event

    def _tag(self, event: Any, kind: type) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value if isinstance(event, yaml.ScalarEvent) else None
            tag = self.loader.resolve(kind, value, event.implicit)
        return str(tag)

    def _check_tag(self, event: yaml.Event, kind: type, expected: str) -> None:
        tag = self._tag(event, kind)
        if tag != _YAML_TAG + expected:
            raise self.fail(f"unsupported YAML tag {tag}", event)

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = self._tag(event, yaml.ScalarNode)
        if tag == _YAML_TAG + "str" or tag == _YAML_TAG + "timestamp":
            return event.value  # a date stays exactly what was typed
        if tag not in _SCALAR_TAGS:
            raise self.fail(f"unsupported YAML tag {tag}", event)
        if tag != _YAML_TAG + "null" and len(event.value) > MAX_NUMBER_CHARS:
            raise self.fail(f"unreadable value: a number of {len(event.value):,} characters "
                            f"(at most {MAX_NUMBER_CHARS})", event, hint="quote it if it is text")
        make: Any = yaml.ScalarNode  # its stubs want the pure-Python Mark; the C parser's works
        node = make(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        try:
            return self.loader.yaml_constructors[tag](self.loader, node)
        except (ValueError, OverflowError) as exc:  # e.g. a 5,000-digit integer
            raise self.fail(
                f"unreadable value: {' '.join(str(exc).split())[:80]}", event
            ) from None
        except (KeyError, IndexError):  # `!!bool maybe`, `!!int ''`
            kind = tag.rsplit(":", 1)[-1]
            problem = f"unreadable value: {event.value!r} is not a valid {kind}"
            raise self.fail(problem, event) from None


def _start(event: yaml.Event) -> tuple[int, int]:
    """Where an event starts, 1-based (line, column)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
