"""Safe, bounded YAML loading with line numbers, for files from shared folders (untrusted).

Only the safe schema is understood (no Python objects). A file is refused past a size limit, a
nesting depth or a number of constructed nodes (alias "billion laughs" bombs expand into many
nodes). Duplicate keys are an error rather than a silent overwrite. Timestamps stay strings, so a
date means exactly what was typed. Every mapping key and sequence item keeps its line and column,
so errors can name `file:line:col` and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dorker.errors import InputError, Location

__all__ = ["DEFAULT_MAX_BYTES", "YamlDocument", "load_yaml_file", "load_yaml_text"]

DEFAULT_MAX_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64

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
    _refuse_deep_nesting(text, path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", where=Location(path, line, col)) from None
    except yaml.YAMLError as exc:
        raise InputError(
            f"YAML error: {' '.join(str(exc).split())}", where=Location(path)
        ) from None
    except RecursionError:
        raise InputError("YAML nested too deeply", where=Location(path, 1, 1)) from None
    doc = YamlDocument(None, path)
    if node is None:
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, (), 0)
    return doc


def _refuse_deep_nesting(text: str, path: Path | str | None) -> None:
    """Refuse nesting past MAX_DEPTH before composing: the C composer recurses and can crash.

    Block nesting needs ever deeper indentation, so within the size limit only flow brackets
    can nest deep. A count that ignores quoting over-estimates, so only when it is high are
    the parser's events (a flat stream, no recursion) counted exactly.
    """
    if not any(c in text for c in "[{"):
        return
    depth = rough = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            rough = max(rough, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    if rough <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
                    raise InputError(f"nested deeper than {MAX_DEPTH} levels",
                                     where=Location(path, line, col))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports the syntax error with its position


class _Builder:
    """Turns composed nodes into plain data, bounded, recording positions."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def fail(self, message: str, node: yaml.Node, hint: str | None = None) -> InputError:
        mark = node.start_mark
        return InputError(
            message, where=Location(self.doc.path, mark.line + 1, mark.column + 1), hint=hint
        )

    def build(self, node: yaml.Node, at: FieldPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                f"more than {MAX_NODES:,} values (an alias bomb?)",
                node,
                hint="remove repeated aliases",
            )
        if depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels", node)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value
            if node.tag.startswith("tag:yaml.org,2002:") and node.tag.rsplit(":", 1)[-1] in {
                "str",
                "int",
                "float",
                "bool",
                "null",
            }:
                try:
                    return self.constructor.construct_object(node, deep=True)
                except (ValueError, OverflowError) as exc:  # e.g. a 5,000-digit integer
                    raise self.fail(
                        f"unreadable value: {' '.join(str(exc).split())[:80]}", node
                    ) from None
            raise self.fail(f"unsupported YAML tag {node.tag}", node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(f"unsupported YAML tag {node.tag}", node)
            items = []
            for index, child in enumerate(node.value):
                here = (*at, index)
                self.doc.positions.setdefault(
                    here, (child.start_mark.line + 1, child.start_mark.column + 1)
                )
                items.append(self.build(child, here, depth + 1))
            return items
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self.fail(f"unsupported YAML tag {node.tag}", node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail("a mapping key must be plain text", key_node)
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(
                        "merge keys (<<) are not supported", key_node, hint="write the fields out"
                    )
                key = key_node.value
                if key in result:
                    raise self.fail(
                        f"duplicate key {key!r}",
                        key_node,
                        hint="each key may appear once in a mapping",
                    )
                here = (*at, key)
                self.doc.positions.setdefault(
                    here, (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                )
                result[key] = self.build(value_node, here, depth + 1)
            return result
        raise self.fail("unsupported YAML node", node)
