"""Checks one catalog file's data, collecting every problem with its file:line:col."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from dorker.catalog.model import Opsec, Provenance, Search, Source
from dorker.catalog.schema import DOMAIN_RE, ID_RE, REQUIRED_FIELDS, SOURCE_FIELDS, URL_RE
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
from dorker.yamlsafe import YamlDocument

__all__ = ["Problem", "check_document"]

_ID = re.compile(ID_RE)
_DOMAIN = re.compile(DOMAIN_RE)
_URL = re.compile(URL_RE)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One lint finding, printed as `path:line:col: code message`."""

    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"
        return " ".join(text.split())


class _Checker:
    """Walks one document; `problems` collects, `sources` keeps the entries that were valid."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.sources: list[tuple[Source, FieldPath]] = []

    def add(self, at: FieldPath, code: str, message: str) -> None:
        where = self.doc.where(at)
        self.problems.append(Problem(str(self.doc.path), where.line or 1, where.column or 1,
                                     code, message))

    def text(self, entry: dict[str, Any], key: str, at: FieldPath, *,
             required: bool = False) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.add(at, "missing-field", f"{_dotted((*at, key))} is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add((*at, key), "type", f"{_dotted((*at, key))} must be non-empty text")
            return None
        return value

    def enum(self, entry: dict[str, Any], key: str, at: FieldPath, allowed: frozenset[str],
             code: str = "bad-value") -> str | None:
        value = self.text(entry, key, at, required=True)
        if value is not None and value not in allowed:
            self.add((*at, key), code,
                     f"{_dotted((*at, key))} {value!r} is not one of: {', '.join(sorted(allowed))}")
            return None
        return value

    def strings(self, entry: dict[str, Any], key: str, at: FieldPath) -> tuple[str, ...] | None:
        value = entry.get(key)
        here = (*at, key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(here, "type", f"{_dotted(here)} must be a list")
            return None
        out: list[str] = []
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                hint = " (quote it: YAML reads NO, ON, YES as true/false)" \
                    if isinstance(item, bool) else ""
                self.add((*here, index), "type",
                         f"{_dotted((*here, index))} must be non-empty text{hint}")
                ok = False
            elif item in out:
                self.add((*here, index), "duplicate-value", f"{_dotted(here)} lists {item!r} twice")
            else:
                out.append(item)
        return tuple(out) if ok else None

    def coded(self, entry: dict[str, Any], key: str, at: FieldPath, allowed: frozenset[str],
              code: str, what: str, fix: Any) -> tuple[str, ...] | None:
        values = self.strings(entry, key, at)
        if values is None:
            return None
        ok = True
        for index, item in enumerate(values):
            if item not in allowed:
                better = fix(item)
                hint = f" (write {better!r})" if better in allowed else ""
                self.add((*at, key, index), code, f"{item!r} is not {what}{hint}")
                ok = False
        return values if ok else None

    def entry(self, raw: Any, at: FieldPath) -> None:
        if not isinstance(raw, dict):
            self.add(at, "type", f"{_dotted(at)} must be a mapping (one source)")
            return
        before = len(self.problems)
        for key in raw:
            if key not in SOURCE_FIELDS:
                self.add((*at, key), "unknown-field",
                         f"unknown field {key!r} (known: {', '.join(SOURCE_FIELDS)})")
        for key in REQUIRED_FIELDS:
            if key not in raw:
                self.add(at, "missing-field", f"{_dotted(at)}: {key} is required")
        sid = self.text(raw, "id", at, required=True) if "id" in raw else None
        if sid is not None and not _ID.match(sid):
            self.add((*at, "id"), "bad-id",
                     f"id {sid!r} must be a lowercase slug (a-z, 0-9, joined by - . _)")
        name = self.text(raw, "name", at, required=True) if "name" in raw else None
        kind = self.enum(raw, "kind", at, KINDS, "unknown-kind") if "kind" in raw else None
        access = self.enum(raw, "access", at, ACCESS) if "access" in raw else None
        status = self.enum(raw, "status", at, STATUSES) if "status" in raw else None
        domains = self.strings(raw, "domains", at)
        if domains:
            for index, domain in enumerate(domains):
                if not _DOMAIN.match(domain):
                    self.add((*at, "domains", index), "bad-domain",
                             f"{domain!r} is not a plain lowercase host name "
                             "(no scheme, path or port)")
                    domains = None
                    break
        countries = self.coded(raw, "countries", at, COUNTRIES, "bad-country",
                               "an ISO 3166-1 alpha-2 country code", str.upper)
        languages = self.coded(raw, "languages", at, LANGUAGES, "bad-language",
                               "an ISO 639-1 language code", str.lower)
        patterns = self.coded(raw, "patterns", at, PATTERNS, "unknown-pattern",
                              "a crime-pattern id", lambda s: s.lower().replace("_", "-"))
        references = self.strings(raw, "references", at)
        categories = self.strings(raw, "categories", at)
        tags = self.strings(raw, "tags", at)
        notes = self.text(raw, "notes", at) if raw.get("notes") is not None else None
        url = self.text(raw, "url", at) if "url" in raw else None
        if url is not None and not _URL.match(url):
            self.add((*at, "url"), "bad-url", f"url {url!r} must start with http:// or https://")
        search = self.search(raw.get("search"), (*at, "search"), domains or ()) \
            if "search" in raw else None
        opsec = self.opsec(raw.get("opsec"), (*at, "opsec")) if "opsec" in raw else None
        provenance = self.provenance(raw.get("provenance"), (*at, "provenance"))
        if len(self.problems) > before:
            return
        assert sid and name and kind and access and status and search and opsec
        assert domains is not None and countries is not None and languages is not None
        assert patterns is not None and references is not None and categories is not None
        assert tags is not None
        where = self.doc.where(at)
        self.sources.append((Source(
            id=sid, name=name, kind=kind, domains=domains, search=search, countries=countries,
            languages=languages, patterns=patterns, access=access, opsec=opsec, status=status,
            references=references, url=url, notes=notes, categories=categories, tags=tags,
            provenance=provenance, origin=f"{self.doc.path}:{where.line}:{where.column}",
        ), at))

    def search(self, raw: Any, at: FieldPath, domains: tuple[str, ...]) -> Search | None:
        if not isinstance(raw, dict):
            self.add(at, "type", f"{_dotted(at)} must be a mapping with a method")
            return None
        for key in raw:
            if key not in ("method", "template", "notes"):
                self.add((*at, key), "unknown-field",
                         f"unknown field {key!r} in search (known: method, template, notes)")
        method = self.enum(raw, "method", at, METHODS)
        template = self.text(raw, "template", at) if raw.get("template") is not None else None
        notes = self.text(raw, "notes", at) if raw.get("notes") is not None else None
        if method == "url-template":
            if template is None and raw.get("template") is None:
                self.add(at, "template-no-q", "method url-template needs a template with {q}")
                return None
            if template is not None:
                self.template(template, (*at, "template"), domains)
        elif method == "site-dork" and not domains:
            self.add((*at, "method"), "site-dork-no-domain",
                     "method site-dork needs at least one domain in domains")
        if method is None:
            return None
        return Search(method, template, notes)

    def template(self, template: str, at: FieldPath, domains: tuple[str, ...]) -> None:
        if "{q}" not in template:
            self.add(at, "template-no-q", f"template {template!r} has no {{q}} placeholder")
        others = [p for p in _PLACEHOLDER.findall(template) if p != "{q}"]
        if others:
            self.add(at, "template-placeholder",
                     f"template has unknown placeholder {others[0]!r} (only {{q}} is filled in)")
        if not _URL.match(template):
            self.add(at, "bad-url", "template must be an http:// or https:// URL")
            return
        host = (urlsplit(template.replace("{q}", "q")).hostname or "").lower()
        if domains and not any(host == d or host.endswith("." + d) for d in domains):
            self.add(at, "template-domain",
                     f"template host {host!r} is not one of the domains {list(domains)!r}")

    def opsec(self, raw: Any, at: FieldPath) -> Opsec | None:
        if not isinstance(raw, dict):
            self.add(at, "type", f"{_dotted(at)} must be a mapping: {{level: passive|active, "
                                 "note: ...}}")
            return None
        for key in raw:
            if key not in ("level", "note"):
                self.add((*at, key), "unknown-field",
                         f"unknown field {key!r} in opsec (known: level, note)")
        level = self.enum(raw, "level", at, OPSEC_LEVELS)
        note = self.text(raw, "note", at) if raw.get("note") is not None else None
        return Opsec(level, note) if level else None

    def provenance(self, raw: Any, at: FieldPath) -> Provenance | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.add(at, "type", f"{_dotted(at)} must be a mapping")
            return None
        for key in raw:
            if key not in ("source", "license", "repository", "paths"):
                self.add((*at, key), "unknown-field", f"unknown field {key!r} in provenance "
                                                      "(known: source, license, repository, paths)")
        source = self.text(raw, "source", at, required=True)
        license_ = self.text(raw, "license", at) if raw.get("license") is not None else None
        repo = self.text(raw, "repository", at) if raw.get("repository") is not None else None
        paths: list[str] = []
        value = raw.get("paths") or []
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            self.add((*at, "paths"), "type", f"{_dotted((*at, 'paths'))} must be a list of text")
        else:
            paths = list(value)
        return Provenance(source, license_, repo, tuple(paths)) if source else None


def check_document(doc: YamlDocument) -> tuple[list[Problem], list[tuple[Source, FieldPath]]]:
    """Every problem of one loaded catalog file, and the sources that passed."""
    checker = _Checker(doc)
    data = doc.data
    at: FieldPath = ()
    if data is None:
        return [], []
    if isinstance(data, dict):
        for key in data:
            if key not in ("sources", "description"):
                checker.add((key,), "unknown-field",
                            f"unknown top-level key {key!r} (known: sources, description)")
        if "sources" not in data:
            checker.add((), "missing-field", "a catalog mapping needs a `sources` list")
            return checker.problems, []
        data, at = data["sources"], ("sources",)
    if not isinstance(data, list):
        checker.add(at, "type", "a catalog file holds a list of sources "
                                "(or a mapping with a `sources` list)")
        return checker.problems, []
    for index, raw in enumerate(data):
        checker.entry(raw, (*at, index))
    return checker.problems, checker.sources


def _dotted(at: FieldPath) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"
