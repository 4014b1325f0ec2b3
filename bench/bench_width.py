"""Benchmark dorker's cell-width rule (`dorker.textwidth`): the terminal app with and without it.

Run from the repository: `python bench/bench_width.py [--json] [--runs N]`.

In one run, over the same generated data as bench_tui.py but with Bengali in it (half of the
10,000 sources and of the 1,000 playbooks have Bengali names and titles, the text the rule is
for), it measures the app as shipped ("rule": Rich measures with dorker's table) against the same
app with Rich's own table put back right after import ("without"):

- first frame in a pseudo-terminal (Textual's real driver), from starting the process to the
  first full frame: median of N fresh processes, the two alternating. The rule's cost here is
  importing wcwidth and building its table, the first time a character outside Rich's
  single-cell ranges is measured;
- headless first frame (no terminal), the same way;
- refilter: one keystroke in the catalog filter over 10,000 sources, and one in the builder's
  playbook filter over 1,000 playbooks — filter, hand the rows to the virtual list, render every
  visible line — in one process, whole typed sequences alternating with and without the rule
  (switching clears Rich's caches, so both start each sequence cold). Median per keystroke.

Target for each ratio (rule / without): 1.1x.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_tui  # the generator and the first-frame harness

MAKE_APP = r'''
def make(kind):
    """dorker's app as `dorker` builds it, with its width rule ("rule") or without."""
    import dorker.tui
    if kind == "without":
        from dorker.textwidth import uninstall_rich
        uninstall_rich()
    from dorker.config import load_config
    from dorker.tui.app import make_app
    return make_app(load_config(), welcome=False)
'''

CHILD = r'''
import time
T0 = time.perf_counter()
import asyncio, json, sys
from textual.app import App
kind = sys.argv[1]
first_frame = []
_display = App._display

def display(self, screen, renderable):
    if renderable is not None and not self._batch_count and not first_frame:
        first_frame.append(time.perf_counter() - T0)
    return _display(self, screen, renderable)

App._display = display
''' + MAKE_APP + r'''
async def main():
    app = make(kind)
    async with app.run_test(size=(100, 30)):
        pass
    print(json.dumps({"first": first_frame[0]}))

asyncio.run(main())
'''

BENGALI_WORDS = ("বিদেশে চাকরি", "ফ্রি ভিসা", "কাজের ভিসা", "সৌদি আরবে লোক নেওয়া হবে",
                 "মালয়েশিয়া কলিং ভিসা", "ইতালি ওয়ার্ক পারমিট", "দালাল", "পাসপোর্ট জমা")


def add_bengali(home: Path) -> None:
    """Give half of the generated sources and playbooks Bengali names and titles."""
    for path in sorted((home / "config" / "catalog" / "sources").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out = []
        for line in lines:
            if line.startswith("  name: Generated "):
                number = int(line.rsplit(" ", 1)[1])
                if number % 2:
                    line = f"  name: {BENGALI_WORDS[number % len(BENGALI_WORDS)]} উৎস {number}"
            out.append(line)
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    for path in sorted((home / "config" / "queries").rglob("gen-*.yaml")):
        number = int(path.stem.split("-")[1])
        if number % 2:
            text = path.read_text(encoding="utf-8")
            title = f"title: {BENGALI_WORDS[number % len(BENGALI_WORDS)]}: প্লেবুক {number}"
            text = text.replace(f"title: Generated playbook {number} ", f"{title} ", 1)
            path.write_text(text, encoding="utf-8")


def child(kind: str, env: dict[str, str]) -> float:
    """Headless first frame of one fresh process."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", CHILD, kind], env=env, capture_output=True,
                         text=True, check=True, timeout=300)
    first: float = json.loads(out.stdout.strip().splitlines()[-1])["first"]
    return first


def refilter(home: Path, rounds: int) -> dict[str, dict[str, float]]:
    """Keystrokes in the catalog and the playbook filter, with and without the rule."""
    os.environ["DORKER_HOME"] = str(home)
    import dorker.tui  # noqa: F401  (installs the rule)
    from dorker import textwidth
    from dorker.config import load_config
    from dorker.tui.app import make_app
    from dorker.tui.screens.builder import BuilderScreen
    from dorker.tui.screens.catalog import CatalogScreen

    catalog_typed = ["v", "vi", "vis", "visa", "ভি", "ভিসা", "ভিসা উ", "কাজের", "kind:forum",
                     "kind:forum lang:bn", "checked:no", "gen", "উৎস 12", "zzz", ""]
    picker_typed = ["g", "ge", "gen", "gen-0", "ভি", "ভিসা", "প্লেবুক", "প্লেবুক 1", "offers",
                    "visa 1", "zzz", ""]
    times: dict[str, dict[str, list[float]]] = {
        "catalog": {"rule": [], "without": []}, "picker": {"rule": [], "without": []}}

    async def main() -> None:
        app = make_app(load_config(), welcome=False)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(400):  # the builder's playbooks
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                screen = app.screen
                if isinstance(screen, BuilderScreen) and screen.picker._loaded:
                    break
            builder = app.screen
            assert isinstance(builder, BuilderScreen)
            picker = builder.picker
            plist = picker.options
            for round_ in range(rounds):
                mode = "rule" if round_ % 2 == 0 else "without"
                (textwidth.install_rich if mode == "rule" else textwidth.uninstall_rich)()
                height = plist.scrollable_content_region.height
                for text in picker_typed:
                    start = time.perf_counter()
                    picker._refilter(text)
                    for y in range(height):
                        plist.render_line(y)
                    times["picker"][mode].append(time.perf_counter() - start)
            await pilot.press("f4")
            for _ in range(400):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                screen = app.screen
                if isinstance(screen, CatalogScreen) and len(screen.all_rows) >= 10_000:
                    break
            screen = app.screen
            assert isinstance(screen, CatalogScreen)
            table = screen.table
            for round_ in range(rounds):
                mode = "rule" if round_ % 2 == 0 else "without"
                (textwidth.install_rich if mode == "rule" else textwidth.uninstall_rich)()
                height = table.scrollable_content_region.height
                for text in catalog_typed:
                    with screen.filter_input.prevent(screen.filter_input.Changed):
                        screen.filter_input.value = text
                    start = time.perf_counter()
                    screen.refilter()
                    for y in range(height):
                        table.render_line(y)
                    times["catalog"][mode].append(time.perf_counter() - start)
        textwidth.install_rich()

    asyncio.run(main())
    out: dict[str, dict[str, float]] = {}
    for name, modes in times.items():
        rule, without = statistics.median(modes["rule"]), statistics.median(modes["without"])
        out[name] = {"rule_ms": rule * 1000, "without_ms": without * 1000,
                     "ratio": rule / without, "keystrokes": len(modes["rule"])}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=11, help="fresh processes per measurement")
    args = parser.parse_args()
    bench_tui.PTY_CHILD = MAKE_APP + "\nimport sys\nmake(sys.argv[1]).run()\n"
    with tempfile.TemporaryDirectory() as tmp:
        home = bench_tui.generate(Path(tmp))
        add_bengali(home)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DORKER_")}
        env["DORKER_HOME"] = str(home)
        env["DORKER_ACTOR"] = "bench"
        bench_tui.compile_dorker()
        child("rule", env)  # warm the OS file cache
        child("without", env)
        headless: dict[str, list[float]] = {"rule": [], "without": []}
        pty: dict[str, list[float]] = {"rule": [], "without": []}
        for _ in range(args.runs):
            for kind in ("without", "rule"):
                headless[kind].append(child(kind, env))
        for _ in range(args.runs):
            for kind in ("without", "rule"):
                pty[kind].append(bench_tui.pty_first_frame(kind, env))
        keys = refilter(home, rounds=2 * max(3, args.runs // 2))
    figures: dict[str, Any] = {}
    for name, values in (("first_frame_s", pty), ("headless_first_frame_s", headless)):
        rule, without = statistics.median(values["rule"]), statistics.median(values["without"])
        figures[name] = {"rule": rule, "without": without, "ratio": rule / without,
                         "target": 1.1}
    figures["refilter_catalog_10k"] = {**keys["catalog"], "target": 1.1}
    figures["refilter_picker_1k"] = {**keys["picker"], "target": 1.1}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    for key, label in (("first_frame_s", "first frame in a pseudo-terminal"),
                       ("headless_first_frame_s", "headless first frame")):
        f = figures[key]
        print(f"{label}: without the rule {f['without'] * 1000:.0f} ms, with it "
              f"{f['rule'] * 1000:.0f} ms -> {f['ratio']:.2f}x (target <= 1.1x; median of "
              f"{args.runs} processes each)")
    for key, label in (("refilter_catalog_10k", "refilter 10,000 sources (catalog)"),
                       ("refilter_picker_1k", "refilter 1,000 playbooks (builder)")):
        r = figures[key]
        print(f"{label}: without {r['without_ms']:.2f} ms, with {r['rule_ms']:.2f} ms per "
              f"keystroke -> {r['ratio']:.2f}x (median of {r['keystrokes']} keystrokes each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
