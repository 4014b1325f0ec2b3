"""docs/tui.md and docs/watch.md name the keys the code binds: every screen has its row, every
binding id its key in the remapping table, and the Watches paragraph its run and review keys."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding

import dorker.tui
from dorker.tui.screens.watches import WatchesScreen

DOCS = Path(__file__).resolve().parents[2] / "docs"
_NAMES = {"esc": "escape", "↓": "down", "↑": "up", "←": "left", "→": "right",
          "pgdn": "pagedown", "pgup": "pageup", "/": "slash"}


def _bindings() -> dict[str, set[str]]:
    """Every binding id of the app -> its keys."""
    found: dict[str, set[str]] = {}
    for module in pkgutil.walk_packages(dorker.tui.__path__, "dorker.tui."):
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and value.__module__ == loaded.__name__:
                for binding in value.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding) and binding.id:
                        found[binding.id] = set(binding.key.split(","))
    return found


def _keys(cell: str) -> set[str]:
    """`v (and Enter)` -> {"v"}; `Esc or F1 or q` -> {"escape", "f1", "q"}."""
    cell = re.sub(r"\s*\(.*?\)", "", cell).strip()
    return {_NAMES.get(k.strip().lower(), k.strip().lower()) for k in cell.split(" or ")}


def _remap_table() -> dict[str, set[str] | None]:
    """Binding id -> its documented keys (None where a row gives one key for many ids)."""
    text = (DOCS / "tui.md").read_text(encoding="utf-8")
    section = text.split("## Remapping keys", 1)[1].split("\n## ", 1)[0]
    table: dict[str, set[str] | None] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        ids = re.findall(r"`([^`]+)`", cells[0])
        keys = [k for k in re.split(r"[,;]", cells[1]) if k.strip()]
        for index, binding_id in enumerate(ids):
            table[binding_id] = _keys(keys[index]) if len(keys) == len(ids) else None
    return table


def test_every_binding_is_in_the_remapping_table_with_its_key() -> None:
    table = _remap_table()
    for binding_id, keys in _bindings().items():
        assert binding_id in table, f"docs/tui.md does not list `{binding_id}`"
        documented = table[binding_id]
        assert documented is None or documented == keys, (binding_id, documented, keys)


def test_every_screen_key_has_its_row() -> None:
    text = (DOCS / "tui.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (F\d) \| \*\*(\w+)\*\*", text, flags=re.M))
    assert rows == {"F2": "Build", "F3": "Cases", "F4": "Catalog", "F5": "History",
                    "F6": "Results", "F7": "Images", "F8": "Watches", "F9": "Leads"}


def test_the_watch_docs_name_the_run_and_review_keys() -> None:
    keys = {b.id: b.key for b in WatchesScreen.BINDINGS if isinstance(b, Binding)}
    section = (DOCS / "watch.md").read_text(encoding="utf-8").split(
        "## In the terminal app", 1)[1].split("\n## ", 1)[0]
    text = " ".join(section.split())
    assert f"`{keys['run-watch']}` runs the highlighted watch" in text
    assert f"`Enter` (or `{keys['review-watch']}`) opens its new results" in text
