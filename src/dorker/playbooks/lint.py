"""`dorker playbooks lint`: every problem of every playbook file at once, each located."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dorker.errors import DorkerError, InputError, Location
from dorker.playbooks.bind import BindProblem, KwSpace, VarSlot, bind
from dorker.playbooks.build import compile_with, engines_for, load_engine_profiles
from dorker.playbooks.expand import MAX_EXPANSIONS, keyword_table, parse_cached, query_location
from dorker.playbooks.library import Library, Root, load_library
from dorker.playbooks.model import Finding, Playbook, Query
from dorker.playbooks.sandbox import TemplateProblem, compile_template, render
from dorker.playbooks.values import forms

__all__ = ["SAMPLE_VALUES", "LintReport", "check_playbook", "lint"]

Report = Callable[[Location, str, str, str], None]
_KW_USE = re.compile(r"\bkw\s*(?:\.\s*([a-z][a-z0-9_]*)|\[\s*[\"']([a-z][a-z0-9_]*)[\"']\s*\])")
SAMPLE_VALUES = {"text": "example", "country": "BD", "language": "en", "date": "2024-01-31",
                 "phone": "+8801711123456", "username": "example_user",
                 "email": "user@example.com", "domain": "example.com"}


@dataclass(slots=True)
class LintReport:
    """Findings of a lint run, sorted by file and line."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def failed(self) -> bool:
        """True when a warning or an error was found."""
        return any(f.severity in ("warning", "error") for f in self.findings)


def lint(paths: Sequence[Path] | None = None) -> LintReport:
    """Lint the given files and folders (all roots when none); InputError for a missing path."""
    if paths:
        for path in paths:
            if not path.exists():
                raise InputError("no such file or folder", where=Location(path))
        roots: list[Root] | None = [Root(0, "given", p) for p in paths]
    else:
        roots = None
    library: Library = load_library(roots)
    report = LintReport(list(library.findings), library.files)
    known_engines, known_sources = _known_engines(), _known_sources()
    for pb in library.all:
        report.findings.extend(check_playbook(pb, known_engines, known_sources))
    unique = dict.fromkeys(report.findings)
    report.findings = sorted(unique, key=lambda f: (f.path, f.line, f.column, f.code))
    return report


def _known_engines() -> set[str]:
    from dorker.config import load_config
    from dorker.engines.profile import available_engines

    return set(available_engines(load_config().catalog_roots))


def _known_sources() -> set[str] | None:
    try:
        from dorker.catalog.loader import load_catalog

        return {s.id for s in load_catalog().sources}
    except Exception:  # the catalog is another command's business; skip this check
        return None


def _lint_values(pb: Playbook) -> dict[str, tuple[str, ...]]:
    from dorker.playbooks.values import ValueError_, normalise

    out: dict[str, tuple[str, ...]] = {}
    for name, var in pb.variables.items():
        raw = var.default[:1] or var.choices[:1] or (SAMPLE_VALUES.get(var.type, ""),)
        try:
            out[name] = (normalise(var.type, raw[0], choices=var.choices, region=var.region),)
        except ValueError_:
            out[name] = ()
    return out


def check_playbook(pb: Playbook, known_engines: set[str],
                   known_sources: set[str] | None) -> list[Finding]:
    """The checks that need templates, engines and the catalog."""
    out: list[Finding] = []

    def add(where: Location, severity: str, code: str, message: str) -> None:
        out.append(Finding.at(where, severity, code, message))  # type: ignore[arg-type]

    for name, kw in pb.keywords.items():
        for lang, level in kw.review.items():
            if level == "unverified":
                add(pb.where("keywords", name, "review", lang), "info", "unverified-keywords",
                    f"keyword list {name!r} ({lang}) is an unverified translation")
    for i, engine in enumerate(pb.engines or ()):
        if engine not in known_engines:
            add(pb.where("engines", i), "error", "unknown-engine", f"no engine {engine!r}")
    values = _lint_values(pb)
    used: set[str] = set()
    expansions = 0
    for q in pb.queries:
        names = _check_query(pb, q, values, known_engines, known_sources, add)
        used |= names
        count = 1
        for n in names:
            var = pb.variables.get(n)
            if var is not None and var.matrix:
                count *= max(len(var.default), 1)
        expansions += count
    if expansions > MAX_EXPANSIONS:
        add(pb.where("variables"), "error", "matrix-cap",
            f"the default values build {expansions} queries, over the cap of {MAX_EXPANSIONS}")
    for name in pb.variables:
        if name not in used:
            add(pb.where("variables", name), "warning", "unused-variable",
                f"variable {name!r} is not used by any query")
    mentioned = {m.group(1) or m.group(2) for q in pb.queries
                 for m in _KW_USE.finditer(q.template)}
    for name in pb.keywords:
        if name not in mentioned:
            add(pb.where("keywords", name), "info", "unused-keywords",
                f"keyword list {name!r} is not used by any query")
    return out


def _check_language(pb: Playbook, q: Query, report: Report) -> None:
    """The query's language: known to the registry, listed by the playbook, used by its lists."""
    from dorker.playbooks import langtags

    if q.language is None:
        report(pb.where("queries", q.index, "id"), "info", "no-language",
               f"query {q.id!r} has no language (language: bn, en, ar-LB...; mul for several)")
        return
    where = pb.where("queries", q.index, "language")
    if not langtags.is_known(q.language):
        report(where, "error", "unknown-language",
               f"query {q.id!r}: {q.language!r} is not a known language tag "
               "(BCP 47: a language such as fa, prs, ar, then optionally a script or a "
               "region: bn-Latn, ar-LB, sr-Latn)")
        return
    if q.language in langtags.NEUTRAL:
        return
    if not langtags.any_covers_tag(pb.languages, q.language):
        report(where, "warning", "language-not-listed",
               f"query {q.id!r} is in {q.language!r}, which the playbook's languages do not "
               f"list (add it to languages:)")
    used = langtags.template_languages(q.template)
    if used and langtags.base(q.language) not in {langtags.base(t) for t in used}:
        report(where, "info", "language-mismatch",
               f"query {q.id!r} is in {q.language!r} but picks keyword lists in "
               f"{', '.join(sorted(used))} only")


def _check_query(pb: Playbook, q: Query, values: dict[str, tuple[str, ...]],
                 known_engines: set[str], known_sources: set[str] | None,
                 report: Report) -> set[str]:
    at = ("queries", q.index)
    _check_language(pb, q, report)
    for i, engine in enumerate(q.engines or ()):
        if engine not in known_engines:
            report(pb.where(*at, "engines", i), "error", "unknown-engine",
                   f"no engine {engine!r}")
    if known_sources is not None:
        for i, source in enumerate(q.sources):
            if source not in known_sources:
                near = difflib.get_close_matches(source, list(known_sources), n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                report(pb.where(*at, "sources", i), "warning",
                       "unknown-source", f"no catalog source {source!r}{hint}")
    if not q.match and not q.no_match:
        report(pb.where(*at, "id"), "warning", "no-examples",
               f"query {q.id!r} has no examples (examples: match: / no_match:)")
    try:
        compiled = compile_template(q.template)
    except TemplateProblem as exc:
        report(query_location(pb, q, exc.line), "error", "template",
               f"query {q.id!r}: {exc.message}")
        return set()
    names = set(compiled.names)
    for name in sorted(names - set(pb.variables) - {"kw"}):
        near = difflib.get_close_matches(name, list(pb.variables), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else " (declare it under variables:)"
        report(query_location(pb, q), "error", "unknown-variable",
               f"query {q.id!r} uses {name!r}{hint}")
    if names - set(pb.variables) - {"kw"}:
        return names
    table = dict(keyword_table(pb))
    context: dict[str, object] = {"kw": pb.cache.get("kw-space") or KwSpace({})}
    for name, var in pb.variables.items():
        context[name] = VarSlot(name, values[name])
        table[name] = tuple(f for v in values[name] for f in forms(var.type, v, region=var.region))
    try:
        text = render(compiled, context)
        node = bind(parse_cached(text).node, table) if text.strip() else None
    except TemplateProblem as exc:
        report(query_location(pb, q, exc.line), "error", "template",
               f"query {q.id!r}: {exc.message}")
        return names
    except BindProblem as exc:
        report(query_location(pb, q), "error", "glued-placeholder",
               f"query {q.id!r}: {exc}")
        return names
    for diag in parse_cached(text).diagnostics:
        if diag.code == "bad-date" and "⟦" in text:
            continue
        message = diag.message.replace("⟦", "{{ ").replace("⟧", " }}")
        report(query_location(pb, q), "warning", "query-syntax",
               f"query {q.id!r}: {diag.code}: {message}")
    from dorker.playbooks.lint_plans import check_platform_searches

    check_platform_searches(pb, q, node, known_engines, report)
    if node is None:
        return names
    engines = [e for e in engines_for(pb, q) if e in known_engines]
    try:
        profiles = load_engine_profiles(engines)
    except DorkerError:
        return names
    for engine in engines:
        for diag in compile_with(node, profiles[engine], None,
                                 q.authored_searches()).diagnostics:
            if diag.severity == "info":
                continue
            if diag.code == "partial-operator":
                code, severity = "engine-partial", "info"
            elif diag.code.startswith("plan"):  # a plan's cap is a choice, not a defect
                code, severity = diag.code, "info"
            elif diag.code == "over-limit":
                code, severity = "over-limit", diag.severity
            else:
                code, severity = "engine-cannot-express", diag.severity
            report(query_location(pb, q), severity, code,
                   f"query {q.id!r} on {engine}: {diag.message}")
    return names
