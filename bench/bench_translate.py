"""Benchmark: translating the GHDB corpus to the seven web engines, and start-up time.

Run: python3 bench/bench_translate.py [--corpus PATH] [--runs N]
Reports ratios against baselines measured in the same run (a bare `re.findall` tokenizer pass
over the same lines; `python -c "import yaml, jinja2"` for start-up). Not a test: no asserts.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

WEB = ["google", "bing", "duckduckgo", "yandex", "baidu", "brave", "mojeek"]
DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ghdb-google-dorks.txt"
)


def cpu(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from dorker.engines.compiler import compile_query
    from dorker.engines.profile import load_profiles
    from dorker.query.parser import parse

    lines = [line for line in args.corpus.read_text(encoding="utf-8").split("\n") if line]
    profiles = load_profiles(WEB)
    today = date(2026, 11, 28)
    token = re.compile(r'"[^"]*"|\(|\)|\||-?\w+:\S+|\S+')

    def baseline() -> None:
        for line in lines:
            token.findall(line)

    def translate_all() -> None:
        for line in lines:
            node = parse(line).node
            for profile in profiles:
                compile_query(node, profile, today=today)

    base = cpu(baseline)
    ours = cpu(translate_all)
    print(f"GHDB: {len(lines)} dorks x {len(WEB)} engines")
    print(
        f"  translate (parse once, compile x7): {ours:.3f} s CPU  "
        f"({ours / len(lines) * 1e6:.0f} us/dork, "
        f"{ours / len(lines) / len(WEB) * 1e6:.0f} us/compile)"
    )
    print(f"  bare re.findall tokenizer pass:     {base:.3f} s CPU")
    print(
        f"  ratio: {ours / base:.1f}x the bare tokenizer; target <= 2 s CPU: "
        f"{'met' if ours <= 2 else 'NOT met'}"
    )

    py = sys.executable
    import_base = wall([py, "-c", "import yaml, jinja2"], args.runs)
    version = wall([py, "-m", "dorker", "--version"], args.runs)
    one = wall(
        [py, "-m", "dorker", "translate", 'intitle:"free visa" site:facebook.com', "-e", "bing"],
        args.runs,
    )
    print(f"start-up (median of {args.runs}, wall):")
    print(f"  python -c 'import yaml, jinja2': {import_base * 1000:.0f} ms")
    print(
        f"  dorker --version:                {version * 1000:.0f} ms  "
        f"({version / import_base:.2f}x)"
    )
    print(f"  dorker translate (one dork):     {one * 1000:.0f} ms  ({one / import_base:.2f}x)")
    print("  target: each within 1.5x")


if __name__ == "__main__":
    main()
