"""Benchmark: expand and compile playbooks, against rendering the same templates with raw jinja2.

Run from the repository: `python bench/bench_playbooks.py [--engines all|default] [--json]`.

Two sets: every bundled playbook, and 1,000 generated playbooks (written to a temporary folder,
then loaded like any root). For each set it measures, in one run:

- load: reading and checking every file (target: 1,000 playbooks in under 1 s);
- raw: rendering each query with a plain `jinja2.Environment` (compiled once, values pasted in
  as text) — the baseline the issue names;
- expand: dorker's sandboxed render with placeholders, parse, bind (what replaces `raw`).
  A query's placeholder text is the same whatever the values, so it is parsed once and cached,
  as the baseline's templates are compiled once; "first time" clears that cache;
- expand+compile: the above plus compiling each expansion for every engine.

The ratio expand/raw is the cost of safety (target <= 3x); compile is reported per engine,
because a raw render produces one text while dorker produces one query per engine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from dorker.playbooks import build as build_mod
from dorker.playbooks import expand as expand_mod
from dorker.playbooks import sandbox
from dorker.playbooks.expand import expand, resolve_values
from dorker.playbooks.library import Root, load_library
from dorker.playbooks.lint import SAMPLE_VALUES
from dorker.playbooks.model import Playbook
from dorker.playbooks.values import forms

LANGS = ["en", "bn", "ar", "ms", "hi", "ur", "it"]


def generated_playbook(i: int) -> str:
    """One synthetic playbook: keyword lists in several languages, variables, 4 queries."""
    langs = LANGS[: 2 + i % 5]
    terms = "\n".join(f"      {lang}: [\"offer {i} {lang}\", visa{i}{lang}, \"job {lang} {i}\"]"
                      for lang in langs)
    review = ", ".join(f"{lang}: {'attested' if lang == 'en' else 'unverified'}" for lang in langs)
    return f"""\
id: gen-{i:04d}
title: Generated playbook {i}
pattern: fake-jobs
version: 1
status: draft
authors: [bench]
description: generated for the benchmark
languages: [{", ".join(langs)}]
engines: [google, bing]
references: [{{id: r, title: generated}}]
keywords:
  offer:
    terms:
{terms}
    review: {{{review}}}
  contact:
    terms:
      en: [whatsapp, imo, "inbox me"]
    review: {{en: attested}}
variables:
  city:
    type: choice
    choices: [Dubai, Doha, Riyadh]
    default: Dubai
  phone:
    type: phone
    region: BD
    default: "01711-{i:06d}"
queries:
  - id: offer
    title: offer with contact
    query: '{{{{ kw.offer }}}} {{{{ city }}}} ({{{{ kw.contact }}}})'
    examples: {{match: ["offer {i} en Dubai whatsapp"], no_match: ["nothing"]}}
  - id: phone
    title: the number
    query: '{{{{ phone }}}} ({{{{ kw.offer.en }}}} OR visa)'
  - id: site
    title: on a site
    query: 'site:facebook.com "{{{{ city }}}} job" {{{{ kw.offer.{langs[-1]} }}}} -news'
  - id: cond
    title: a condition
    query: '{{% if city == "Dubai" %}}intitle:dubai{{% endif %}} {{{{ kw.contact }}}} visa{i}'
"""


class _RawKw(dict[str, str]):
    """A keyword list for the raw baseline: prints as an OR of quoted terms."""

    def __init__(self, all_terms: str, per_lang: dict[str, str]) -> None:
        super().__init__(per_lang)
        self.text = all_terms

    def __str__(self) -> str:
        return self.text


def _or(terms: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in terms) + ")"


def _values_for(pb: Playbook) -> dict[str, list[str]]:
    given: dict[str, list[str]] = {}
    for name, var in pb.variables.items():
        if var.required and not var.default:
            given[name] = [var.choices[0] if var.choices else SAMPLE_VALUES.get(var.type, "x")]
    return given


def _raw_context(pb: Playbook, values: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    ctx: dict[str, Any] = {"kw": {n: _RawKw(_or(k.all_terms()), {lang: _or(t) for lang, t in
                                                               k.terms.items()})
                                  for n, k in pb.keywords.items()}}
    for name, var in pb.variables.items():
        vals = [f for v in values.get(name, ()) for f in forms(var.type, v, region=var.region)]
        ctx[name] = " OR ".join(vals) if vals else ""
    return ctx


def _timed(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _clear_caches(parsed: bool = False) -> None:
    if parsed:
        expand_mod.parse_cached.cache_clear()
    build_mod._compile.cache_clear()


def measure(name: str, root: Path, engines: list[str] | None, repeat: int) -> dict[str, Any]:
    """Every figure for one set of playbooks."""
    start, cpu = time.perf_counter(), time.process_time()
    library = load_library([Root(0, name, root)])
    load_s, load_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    playbooks = [p for p in library.playbooks.values() if p.id not in library.duplicates]
    plans = []
    for pb in playbooks:
        values = resolve_values(pb, _values_for(pb))
        plans.append((pb, values))
    raw_env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    raw_jobs = []
    for pb, values in plans:
        for exp in expand(pb, values):  # also warms the compiled-template cache
            if exp.node is not None:
                raw_jobs.append((raw_env.from_string(exp.query.template),
                                 _raw_context(pb, exp.values)))
    from dorker.engines.profile import available_engines

    all_engines = engines or sorted(available_engines())
    profiles = list(build_mod.load_engine_profiles(all_engines).values())

    def raw() -> None:
        for template, ctx in raw_jobs:
            template.render(ctx)

    def ours_expand() -> None:
        for pb, values in plans:
            expand(pb, values)

    def ours_first_expand() -> None:
        _clear_caches(parsed=True)  # as if each query's placeholder text were new
        for pb, values in plans:
            expand(pb, values)

    def ours_compile() -> None:
        _clear_caches()
        for pb, values in plans:
            for exp in expand(pb, values):
                if exp.node is not None:
                    for profile in profiles:
                        build_mod.compile_with(exp.node, profile)

    def ours_compile_warm() -> None:
        for pb, values in plans:
            for exp in expand(pb, values):
                if exp.node is not None:
                    for profile in profiles:
                        build_mod.compile_with(exp.node, profile)

    raw_s = _timed(raw, repeat)
    expand_s = _timed(ours_expand, repeat)
    first_s = _timed(ours_first_expand, repeat)
    compile_s = _timed(ours_compile, repeat)
    n = len(raw_jobs)
    fits = n * len(all_engines) <= (build_mod._compile.cache_info().maxsize or 0)
    if fits:  # a repeated build hits the compile cache (TUI previews, re-runs)
        ours_compile_warm()
        warm_s = _timed(ours_compile_warm, repeat)
    else:
        warm_s = float("nan")
    return {
        "set": name, "playbooks": len(playbooks), "files": library.files,
        "expansions": n, "engines": len(all_engines),
        "load_s": round(load_s, 4),
        "load_cpu_s": round(load_cpu_s, 4),
        "raw_jinja_s": round(raw_s, 5),
        "expand_s": round(expand_s, 5),
        "first_expand_s": round(first_s, 5),
        "ratio_first_expand_vs_raw": round(first_s / raw_s, 2) if raw_s else None,
        "expand_compile_s": round(compile_s, 5),
        "expand_compile_warm_s": round(warm_s, 5) if fits else None,
        "ratio_expand_vs_raw": round(expand_s / raw_s, 2) if raw_s else None,
        "ratio_expand_compile_vs_raw_per_engine":
            round(compile_s / (raw_s * len(all_engines)), 2) if raw_s else None,
        "ratio_warm_vs_raw": round(warm_s / raw_s, 2) if raw_s and fits else None,
        "us_per_expansion": round(expand_s / n * 1e6, 1) if n else None,
        "us_per_compile": round((compile_s - expand_s) / (n * len(all_engines)) * 1e6, 1)
        if n else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Run both sets and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", choices=("all", "default"), default="all")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    engines = None if args.engines == "all" else ["google", "bing", "duckduckgo"]
    from dorker.resources import bundled_dir

    results = [measure("bundled", bundled_dir("queries"), engines, args.repeat)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "generated"
        folder.mkdir()
        for i in range(args.count):
            (folder / f"gen-{i:04d}.yaml").write_text(generated_playbook(i), encoding="utf-8")
        results.append(measure(f"generated-{args.count}", folder, engines, args.repeat))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(f"{r['set']}: {r['playbooks']} playbooks, {r['expansions']} expansions, "
              f"{r['engines']} engines")
        print(f"  load                 {r['load_s'] * 1000:9.1f} ms  "
              f"({r['load_cpu_s'] * 1000:.1f} ms CPU)")
        print(f"  raw jinja2 render    {r['raw_jinja_s'] * 1000:9.1f} ms")
        print(f"  expand (sandbox+parse+bind) {r['expand_s'] * 1000:9.1f} ms  "
              f"= {r['ratio_expand_vs_raw']}x raw  ({r['us_per_expansion']} us each)")
        print(f"  expand, first time   {r['first_expand_s'] * 1000:9.1f} ms  "
              f"= {r['ratio_first_expand_vs_raw']}x raw (placeholder text parsed afresh)")
        print(f"  expand+compile cold  {r['expand_compile_s'] * 1000:9.1f} ms  "
              f"= {r['ratio_expand_compile_vs_raw_per_engine']}x raw per engine  "
              f"({r['us_per_compile']} us per compile)")
        if r["expand_compile_warm_s"] is not None:
            print(f"  expand+compile warm  {r['expand_compile_warm_s'] * 1000:9.1f} ms  "
                  f"= {r['ratio_warm_vs_raw']}x raw (compile cache hit)")
    print(f"sandbox limits: output {sandbox.MAX_OUTPUT}, iterations {sandbox.MAX_ITERATIONS}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
