"""The benchmark script keeps working: its generated playbooks are valid, its figures sane."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from dorker.playbooks.loader import read_playbook

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_playbooks.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_playbooks", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_playbooks_are_valid(tmp_path: Path) -> None:
    bench = _bench()
    for i in (0, 7, 999):
        path = tmp_path / f"gen-{i:04d}.yaml"
        path.write_text(bench.generated_playbook(i), encoding="utf-8")
        playbook, findings = read_playbook(path)
        assert playbook is not None
        assert [f for f in findings if f.severity != "info"] == []


def test_measure_reports_every_figure(tmp_path: Path) -> None:
    bench = _bench()
    for i in range(5):
        (tmp_path / f"gen-{i:04d}.yaml").write_text(bench.generated_playbook(i), encoding="utf-8")
    result = bench.measure("small", tmp_path, ["google"], repeat=1)
    assert result["playbooks"] == 5 and result["expansions"] == 20
    assert result["load_s"] > 0 and result["raw_jinja_s"] > 0 and result["expand_s"] > 0
