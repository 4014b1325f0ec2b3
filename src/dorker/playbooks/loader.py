"""Read one playbook file: safe YAML, schema and meaning checks, every problem located."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from dorker.engines.authored import AuthoredSearch
from dorker.errors import DorkerError, InputError, Location
from dorker.playbooks.model import (
    Example,
    Finding,
    KeywordList,
    Playbook,
    Query,
    Reference,
    Variable,
)
from dorker.playbooks.schema import SCHEMA
from dorker.playbooks.validate import check
from dorker.playbooks.values import ValueError_, normalise
from dorker.yamlsafe import YamlDocument, load_yaml_text

__all__ = ["MAX_FILE_BYTES", "first_error", "load_playbook", "read_playbook", "read_playbook_text"]

MAX_FILE_BYTES = 1_000_000


def first_error(findings: list[Finding]) -> Finding | None:
    """The first finding of severity error, if any."""
    return next((f for f in findings if f.severity == "error"), None)


def load_playbook(path: Path) -> Playbook:
    """Read one file; InputError naming the first error (with a count of the others)."""
    playbook, findings = read_playbook(path)
    error = first_error(findings)
    if playbook is None or error is not None:
        assert error is not None
        more = sum(1 for f in findings if f.severity == "error") - 1
        hint = f"{more} more: dorker playbooks lint {path}" if more > 0 else None
        raise InputError(f"{error.code} {error.message}",
                         where=Location(error.path, error.line, error.column), hint=hint)
    return playbook


def read_playbook(path: Path, *,
                  check_values: bool = True) -> tuple[Playbook | None, list[Finding]]:
    """Read and check one file: the playbook (None when unusable) and every finding.

    `check_values=False` skips checking that each variable's defaults and choices fit its type
    (a phone number needs the phone-number library, about 1 MB): for a listing that reads the
    file again, checked in full, before it is used.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Finding(str(path), 1, 1, "error", "too-large",
                                  f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte "
                                  "limit")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Finding(str(path), 1, 1, "error", "unreadable",
                              f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Finding(str(path), line, col, "error", "encoding",
                              f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8")]
    return read_playbook_text(text, path=path, sha256=hashlib.sha256(raw).hexdigest(),
                              check_values=check_values)


def read_playbook_text(text: str, *, path: Path | None = None, sha256: str | None = None,
                       check_values: bool = True) -> tuple[Playbook | None, list[Finding]]:
    """Check playbook text (see `read_playbook`)."""
    name = str(path) if path is not None else "<text>"
    try:
        doc = load_yaml_text(text, path=path, max_bytes=MAX_FILE_BYTES)
    except DorkerError as exc:
        where = exc.where or Location(path)
        return None, [Finding(name, where.line or 1, where.column or 1, "error", "yaml",
                              exc.message)]
    except (ValueError, RecursionError, MemoryError) as exc:  # e.g. a 5,000-digit integer
        message = " ".join(str(exc).split())[:160] or type(exc).__name__
        return None, [Finding(name, 1, 1, "error", "yaml", f"cannot load the YAML: {message}")]
    if not isinstance(doc.data, dict):
        return None, [Finding(name, 1, 1, "error", "schema",
                              "a playbook is a mapping of fields (id, title, queries...)")]
    findings = [Finding.at(doc.where(at), "error", "schema", f"{_field(at)}{message}")
                for at, message in check(doc.data, SCHEMA)]
    if findings:
        return None, findings
    playbook = _build(doc, sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest())
    findings.extend(_meaning(playbook, doc, check_values=check_values))
    return playbook, findings


def _field(at: tuple[str | int, ...]) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return f"{out}: " if out else ""


def _examples(raw: list[Any]) -> tuple[Example, ...]:
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            out.append(Example(item, index=i))
        else:
            out.append(Example(item["text"], item.get("url"), item.get("title"), i))
    return tuple(out)


def _build(doc: YamlDocument, sha256: str) -> Playbook:
    data: dict[str, Any] = doc.data
    queries = tuple(
        Query(id=q["id"], title=q["title"], template=q["query"], index=i,
              engines=tuple(q["engines"]) if "engines" in q else None,
              sources=tuple(q.get("sources", ())), refs=tuple(q.get("refs", ())),
              match=_examples(q.get("examples", {}).get("match", [])),
              no_match=_examples(q.get("examples", {}).get("no_match", [])),
              notes=q.get("notes", ""), language=q.get("language"),
              platform_searches=tuple(
                  AuthoredSearch(" ".join(str(p["text"]).split()),
                                 tuple(p["engines"]) if "engines" in p else None,
                                 bool(p.get("broader", False)))
                  for p in q.get("platform_searches", ())))
        for i, q in enumerate(data["queries"]))
    keywords = {
        name: KeywordList(name, {lang: tuple(terms) for lang, terms in kw["terms"].items()},
                          dict(kw["review"]), kw.get("description", ""), tuple(kw.get("refs", ())))
        for name, kw in (data.get("keywords") or {}).items()}
    variables = {}
    for name, v in (data.get("variables") or {}).items():
        default = v.get("default", ())
        variables[name] = Variable(
            name, v["type"], v.get("description", ""), bool(v.get("required", False)),
            (default,) if isinstance(default, str) else tuple(default),
            tuple(v.get("choices", ())), bool(v.get("multiple", False)),
            bool(v.get("matrix", False)), v.get("region"))
    return Playbook(
        id=data["id"], title=data["title"], pattern=data["pattern"], version=data["version"],
        status=data["status"], authors=tuple(data["authors"]), description=data["description"],
        languages=tuple(data["languages"]), queries=queries,
        engines=tuple(data["engines"]) if "engines" in data else None,
        references=tuple(Reference(r["id"], r["title"], r.get("url"), r.get("note"))
                         for r in data.get("references", ())),
        keywords=keywords, variables=variables, path=doc.path if isinstance(doc.path, Path)
        else None, sha256=sha256, doc=doc)


def _meaning(pb: Playbook, doc: YamlDocument, *, check_values: bool = True) -> list[Finding]:
    """Checks the schema cannot express: values fit their types, ids unique, refs known."""
    out: list[Finding] = []

    def add(at: tuple[str | int, ...], severity: str, code: str, message: str) -> None:
        out.append(Finding.at(doc.where(at), severity, code, message))  # type: ignore[arg-type]

    for name, var in pb.variables.items():
        at: tuple[str | int, ...] = ("variables", name)
        if var.type == "choice" and not var.choices:
            add((*at, "type"), "error", "schema", f"variable {name!r} is a choice with no choices")
        if var.region and var.type != "phone":
            add((*at, "region"), "error", "schema", "region only applies to phone variables")
        if len(var.default) > 1 and not (var.multiple or var.matrix):
            add((*at, "default"), "error", "schema",
                f"variable {name!r} has several defaults but is not multiple")
        if var.required and var.default:
            add((*at, "required"), "warning", "schema",
                f"variable {name!r} is required but has a default (it is never missing)")
        for key, values in (("choices", var.choices), ("default", var.default)):
            if not check_values or (var.type == "choice" and key == "choices"):
                continue  # the choices of a choice variable are what defines a valid value
            for i, value in enumerate(values):
                try:
                    normalise(var.type, value, choices=var.choices, region=var.region)
                except ValueError_ as exc:
                    listed = isinstance(doc.data["variables"][name][key], list)
                    add((*at, key, i) if listed else (*at, key), "error", "bad-value",
                        f"variable {name!r}: {exc}")
    for name, kw in pb.keywords.items():
        for lang in kw.terms:
            if lang not in kw.review:
                add(("keywords", name, "terms", lang), "error", "schema",
                    f"keyword list {name!r} has terms in {lang!r} but no review status for it "
                    f"(review: {{{lang}: attested | reviewed | unverified}})")
        for lang in kw.review:
            if lang not in kw.terms:
                add(("keywords", name, "review", lang), "warning", "schema",
                    f"keyword list {name!r} has a review status for {lang!r} but no terms")
    seen: dict[str, int] = {}
    for i, q in enumerate(pb.queries):
        if q.id in seen:
            first = doc.where(("queries", seen[q.id], "id"))
            add(("queries", i, "id"), "error", "duplicate-id",
                f"query id {q.id!r} is used twice (first at line {first.line})")
        seen.setdefault(q.id, i)
    ref_ids = {r.id for r in pb.references}
    if not pb.references:
        add(("id",), "warning", "no-references",
            "no references: say where the indicators come from")
    uses: list[tuple[tuple[str | int, ...], str]]
    uses = [(("keywords", n, "refs", j), r) for n, kw in pb.keywords.items()
            for j, r in enumerate(kw.refs)]
    uses += [(("queries", i, "refs", j), r) for i, q in enumerate(pb.queries)
             for j, r in enumerate(q.refs)]
    for where, ref in uses:
        if ref not in ref_ids:
            add(where, "error", "unknown-reference", f"no reference with id {ref!r}")
    if pb.path is not None and pb.path.stem != pb.id:
        add(("id",), "warning", "file-name",
            f"the file is named {pb.path.name!r} but the id is {pb.id!r} (name it {pb.id}.yaml)")
    return out
