"""Benchmark the terminal app: first frame, refiltering 10,000 sources, peak memory.

Run from the repository: `python bench/bench_tui.py [--json] [--runs N]`.

Generates 1,000 playbooks and 10,000 sources in a temporary DORKER_HOME (as a user's own folders)
and measures, in one run, against a bare Textual app (Header, a Static, Footer) started the same
way in its own process:

- first frame: in a pseudo-terminal, from starting the process to the app's first full frame
  reaching the terminal (Textual's real driver; the frame counts as arrived when the cursor is
  moved to the start of the last row). Median of N fresh processes, bare and dorker alternating
  so that drift in the machine's speed hits both. Target: within 1.5x the bare app. The app
  loads playbooks and the catalog lazily, in workers, once that frame is on the terminal;
- headless (no terminal, `run_test`), for diagnosis: the first screen update handed to the
  driver outside start-up's batch (what would be written first), and "ready" (every start-up
  message handled). These leave out the driver's own start and the writing, which both apps
  pay.
  The bare app uses Textual's Footer; dorker's screens use their own one-line KeyBar. dorker's
  modules are byte-compiled first (into its __pycache__ folders), as `pip install .` does: an
  editable install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every
  start, which no installed copy does;
- peak memory (max RSS) of those processes; and of a dorker process that then also loaded every
  playbook and all 10,000 sources (the worst case, after visiting the catalog). Target: 1.5x;
- refilter: one keystroke in the catalog filter over 10,000 sources — parse the filter line, filter,
  hand the rows to the virtual table, and render every visible line (what the next frame draws).
  Median over a typed sequence. Target: 16 ms (one frame at 60 Hz).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

PATTERNS = ("fake-jobs", "document-sellers", "route-offers", "recruitment-fees",
            "selector-pivots")
COUNTRIES = ("BD", "MY", "SA", "AE", "QA", "IT", "LY", "TR", "IN", "NP", "PK", "GR")
LANGS = ("en", "bn", "ar", "ms", "hi", "ur", "it", "fr")
KINDS = ("platform", "job-board", "classifieds", "forum", "messaging-preview")
WORDS = ("visa", "agency", "overseas", "jobs", "kerja", "lavoro", "boat", "passport", "permit",
         "recruit", "market", "board", "channel", "group", "news")


def playbook_text(i: int) -> str:
    """One generated playbook (a keyword list, a matrix variable, two queries)."""
    pattern = PATTERNS[i % len(PATTERNS)]
    return textwrap.dedent(f"""\
        id: gen-{i:04d}
        title: Generated playbook {i} about {WORDS[i % len(WORDS)]} offers
        pattern: {pattern}
        version: 1
        status: draft
        authors: [bench]
        description: generated for the terminal app benchmark
        languages: [en, bn]
        engines: [google, bing]
        references:
          - id: r
            title: generated
        keywords:
          offer:
            refs: [r]
            terms:
              en: ["offer {i}", "visa {i}"]
              bn: ["ভিসা {i}"]
            review: {{en: attested, bn: unverified}}
        variables:
          country:
            type: choice
            choices: [Saudi, Dubai, Qatar]
            default: [Saudi]
            multiple: true
            matrix: true
        queries:
          - id: q1
            title: offer in a country
            query: '{{{{ kw.offer }}}} {{{{ country }}}} (fee OR lakh)'
          - id: q2
            title: offer on facebook
            query: '{{{{ kw.offer }}}} site:facebook.com'
        """)


def sources_text(start: int, count: int) -> str:
    """A catalog file of `count` generated sources."""
    out = ["description: generated for the terminal app benchmark", "sources:"]
    for i in range(start, start + count):
        word = WORDS[i % len(WORDS)]
        out.append(textwrap.indent(textwrap.dedent(f"""\
            - id: gen-source-{i:05d}
              name: Generated {word} source {i}
              kind: {KINDS[i % len(KINDS)]}
              domains: [gen{i}.example]
              search:
                method: site-dork
              countries: [{COUNTRIES[i % len(COUNTRIES)]}]
              languages: [{LANGS[i % len(LANGS)]}]
              patterns: [{PATTERNS[i % len(PATTERNS)]}]
              access: public
              opsec:
                level: passive
              status: active
              references: [generated]
              notes: {word} listings number {i}
            """), "").rstrip())
    return "\n".join(out) + "\n"


def generate(root: Path, playbooks: int = 1000, sources: int = 10_000) -> Path:
    """A DORKER_HOME whose user folders hold the generated playbooks and sources."""
    home = root / "home"
    queries = home / "config" / "queries"
    catalog = home / "config" / "catalog" / "sources"
    for i in range(playbooks):
        folder = queries / PATTERNS[i % len(PATTERNS)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"gen-{i:04d}.yaml").write_text(playbook_text(i), encoding="utf-8")
    catalog.mkdir(parents=True, exist_ok=True)
    per_file = 100  # a large catalog is many files of a region or a kind each
    for start in range(0, sources, per_file):
        (catalog / f"gen-{start:05d}.yaml").write_text(
            sources_text(start, min(per_file, sources - start)), encoding="utf-8")
    return home


MAKE_APP = r'''
def make(kind):
    """The bare Textual app (Header, Static, Footer) or dorker's, as `dorker` builds it."""
    from textual.app import App
    if kind == "bare":
        from textual.widgets import Footer, Header, Static

        class Bare(App[None]):
            def compose(self):
                yield Header()
                yield Static("hello")
                yield Footer()
        return Bare()
    from dorker.config import load_config
    from dorker.tui.app import make_app
    return make_app(load_config(), welcome=False)
'''

CHILD = r'''
import time
T0 = time.perf_counter()
import asyncio, json, resource, sys
from textual.app import App
kind = sys.argv[1]
first_frame = []
if not hasattr(App, "_display"):
    sys.exit("this Textual has no App._display: update bench_tui.py's first-frame hook")
_display = App._display

def display(self, screen, renderable):
    # The first screen update the compositor hands to the driver outside a batch (one made
    # during start-up's batch is dropped, not written): what the terminal would show first
    # (headless runs skip only the write). The same hook runs in the bare app.
    if renderable is not None and not self._batch_count and not first_frame:
        first_frame.append(time.perf_counter() - T0)
    return _display(self, screen, renderable)

App._display = display
''' + MAKE_APP + r'''
async def main():
    app = make("bare" if kind == "bare" else "dorker")
    async with app.run_test(size=(100, 30)) as pilot:
        ready = time.perf_counter() - T0
        rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        loaded = None
        if kind == "full":
            services = app.services
            t = time.perf_counter()
            n_pb = len(services.playbooks())
            n_src = len(services.sources())
            loaded = {"playbooks": n_pb, "sources": n_src, "seconds": time.perf_counter() - t}
            await pilot.press("f4")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"first": first_frame[0], "ready": ready, "rss_first_kb": rss_first,
                      "rss_kb": rss, "loaded": loaded}))

asyncio.run(main())
'''


def child(kind: str, env: dict[str, str]) -> dict[str, Any]:
    """Run one fresh process and read its figures."""
    out = subprocess.run([sys.executable, "-c", CHILD, kind], env=env, capture_output=True,
                         text=True, check=True, timeout=300)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


PTY_CHILD = MAKE_APP + '''
import sys
make(sys.argv[1]).run()
'''
PTY_SIZE = (30, 100)  # rows, columns


def pty_first_frame(kind: str, env: dict[str, str]) -> float:
    """Seconds from starting the app in a pseudo-terminal to its first frame reaching it.

    The app runs with Textual's real driver; the frame counts as arrived when the cursor is
    moved to the start of the last row (a full frame positions every row). The process is
    killed then. A check on what a user sees, next to the headless figure.
    """
    import fcntl
    import select
    import struct
    import termios

    rows, cols = PTY_SIZE
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    marker = f"\x1b[{rows};1H".encode()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PTY_CHILD, kind], stdin=slave, stdout=slave,
                            stderr=slave, env={**env, "TERM": "xterm-256color"},
                            start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < 30:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{kind}: no full frame in the pseudo-terminal: {seen[-300:]!r}")
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def compile_dorker() -> None:
    """Byte-compile dorker's modules into their __pycache__ folders (what `pip install .` does)."""
    import compileall

    import dorker

    compileall.compile_dir(str(Path(dorker.__file__).parent), quiet=1)


def refilter_times(home: Path) -> dict[str, Any]:
    """Time keystrokes in the catalog filter over every generated source (in this process)."""
    import asyncio

    os.environ["DORKER_HOME"] = str(home)
    from dorker.config import load_config
    from dorker.tui.app import make_app
    from dorker.tui.screens.catalog import CatalogScreen

    typed = ["v", "vi", "vis", "visa", "visa ", "visa l", "visa li", "visa lis",
             "pattern:fake-jobs", "pattern:fake-jobs country:BD", "kind:forum",
             "kind:forum lang:bn", "checked:no", "gen", "generated 12", "zzz", ""]
    times: list[float] = []
    counts: list[int] = []

    async def main() -> None:
        app = make_app(load_config(), welcome=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f4")
            for _ in range(200):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                screen = app.screen
                if isinstance(screen, CatalogScreen) and len(screen.all_rows) >= 10_000:
                    break
            screen = app.screen
            assert isinstance(screen, CatalogScreen)
            table = screen.table
            height = table.scrollable_content_region.height
            for _round in range(5):
                for text in typed:
                    with screen.filter_input.prevent(screen.filter_input.Changed):
                        screen.filter_input.value = text
                    start = time.perf_counter()
                    screen.refilter()
                    for y in range(height):
                        table.render_line(y)
                    times.append(time.perf_counter() - start)
                    counts.append(len(table.rows))
            counts.append(len(screen.all_rows))

    asyncio.run(main())
    return {"median_ms": statistics.median(times) * 1000,
            "p95_ms": sorted(times)[int(len(times) * 0.95)] * 1000,
            "max_ms": max(times) * 1000, "keystrokes": len(times),
            "sources": counts[-1], "visible_lines": None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=11, help="fresh processes per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = generate(Path(tmp))
        env = {k: v for k, v in os.environ.items() if not k.startswith("DORKER_")}
        env["DORKER_HOME"] = str(home)
        env["DORKER_ACTOR"] = "bench"
        compile_dorker()
        child("dorker", env)  # warm the OS file cache for both sides
        child("bare", env)
        bare: list[dict[str, Any]] = []
        app: list[dict[str, Any]] = []
        for _ in range(args.runs):
            bare.append(child("bare", env))
            app.append(child("dorker", env))
        pty_bare: list[float] = []
        pty_app: list[float] = []
        for _ in range(args.runs):
            pty_bare.append(pty_first_frame("bare", env))
            pty_app.append(pty_first_frame("dorker", env))
        full = child("full", env)
        refilter = refilter_times(home)
    first_bare = statistics.median(r["first"] for r in bare)
    first_app = statistics.median(r["first"] for r in app)
    ready_bare = statistics.median(r["ready"] for r in bare)
    ready_app = statistics.median(r["ready"] for r in app)
    rss_bare = max(r["rss_kb"] for r in bare)
    rss_app = max(r["rss_kb"] for r in app)
    figures = {
        "first_frame_s": {"bare": statistics.median(pty_bare),
                          "dorker": statistics.median(pty_app),
                          "ratio": statistics.median(pty_app) / statistics.median(pty_bare),
                          "target": 1.5, "where": "pseudo-terminal, real driver"},
        "headless_first_frame_s": {"bare": first_bare, "dorker": first_app,
                                   "ratio": first_app / first_bare},
        "headless_ready_s": {"bare": ready_bare, "dorker": ready_app,
                             "ratio": ready_app / ready_bare},
        "peak_rss_mb": {"bare": rss_bare / 1024, "dorker_first_frame": rss_app / 1024,
                        "ratio": rss_app / rss_bare,
                        "dorker_everything_loaded": full["rss_kb"] / 1024,
                        "ratio_everything_loaded": full["rss_kb"] / rss_bare, "target": 1.5},
        "loading_in_workers": full["loaded"],
        "refilter_10k": {**refilter, "target_ms": 16},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        f, m, r = figures["first_frame_s"], figures["peak_rss_mb"], figures["refilter_10k"]
        loaded = figures["loading_in_workers"] or {}
        print(f"first frame in a pseudo-terminal: bare {f['bare'] * 1000:.0f} ms, dorker "
              f"{f['dorker'] * 1000:.0f} ms -> {f['ratio']:.2f}x (target <= 1.5x; median of "
              f"{args.runs} processes)")
        for key, label in (("headless_first_frame_s", "headless first frame"),
                           ("headless_ready_s", "headless ready (start-up messages handled)")):
            h = figures[key]
            print(f"{label}: bare {h['bare'] * 1000:.0f} ms, dorker {h['dorker'] * 1000:.0f} ms "
                  f"-> {h['ratio']:.2f}x")
        print(f"peak memory: bare {m['bare']:.1f} MB, dorker at first frame "
              f"{m['dorker_first_frame']:.1f} MB -> {m['ratio']:.2f}x; with "
              f"{loaded.get('playbooks')} playbooks and {loaded.get('sources')} sources loaded "
              f"{m['dorker_everything_loaded']:.1f} MB -> {m['ratio_everything_loaded']:.2f}x")
        print(f"loading (in workers, after the first frame): {loaded.get('seconds', 0):.2f} s")
        print(f"refilter {r['sources']:,} sources: median {r['median_ms']:.2f} ms, "
              f"p95 {r['p95_ms']:.2f} ms, max {r['max_ms']:.2f} ms over {r['keystrokes']} "
              f"keystrokes (target median <= 16 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
