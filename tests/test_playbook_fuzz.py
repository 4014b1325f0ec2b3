"""Mangled playbooks never crash the CLI: a result, or one located error line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import run_cli

from dorker.playbooks.loader import read_playbook

SOURCE = (Path(__file__).resolve().parent.parent / "queries" / "selector-pivots" /
          "phone-pivot.yaml").read_text(encoding="utf-8")
LINES = SOURCE.splitlines(keepends=True)
NOISE = st.sampled_from(["", " ", "{{", "}}", "{%", "'", '"', ":", "-", "[", "]", "&a", "*a",
                         "\t", "!!python/name:os.system", "x", "0", "{{ nope }}", "__class__"])


@st.composite
def mangled(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        cut = draw(st.integers(0, len(line)))
        lines[i] = line[:cut] + draw(NOISE) + line[cut + draw(st.integers(0, 3)):]
    return "".join(lines)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mangled())
def test_a_mangled_playbook_builds_or_fails_with_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "phone-pivot.yaml"
    path.write_text(text, encoding="utf-8")
    read_playbook(path)  # never raises: problems are findings
    result = run_cli("build", str(path), "-V", "phone=01711-123456", "--format", "urls")
    assert result.code in (0, 1, 2)
    if result.code == 2:
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("dorker: error: "), result.err
    lint = run_cli("playbooks", "lint", str(path))
    assert lint.code in (0, 1)
