"""The live preview: each query compiled for each engine, with its diagnostics."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dorker.i18n import _, ngettext
from dorker.tui.labels import severity_label
from dorker.tui.models import BuildResult, CompiledRow
from dorker.tui.text import literal

__all__ = ["PreviewList", "row_prompt"]

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def row_prompt(row: CompiledRow) -> Text:
    """How one compiled query reads in the list (all text literal)."""
    if row.search_id and row.plan_position > 1:
        return _plan_search_prompt(row)
    head = Text.assemble(literal(row.plan_engine or row.engine, "bold"), " ",
                         literal(row.query_id, "dim"))
    if row.search_id:
        head.append("  " + ngettext(
            "search plan: {size} search, {opened} opened in this case",
            "search plan: {size} searches, {opened} opened in this case", row.plan_size).format(
            size=row.plan_size, opened=row.plan_opened), style="cyan")
    if row.variables:
        head.append(" " + " ".join(f"{k}={'/'.join(v)}" for k, v in row.variables.items()),
                    style="dim")
    query = literal(row.query or _("(nothing to search)"), "" if row.query else "italic red")
    if row.search_id:
        query = Text.assemble(_plan_label(row), query)
    lines = [head, query]
    for diag in row.diagnostics[:3]:
        severity = str(diag.get("severity", "info"))
        lines.append(literal(f"{severity_label(severity)}: {diag.get('message', '')}",
                             _SEVERITY_STYLE.get(severity, "")))
    if len(row.diagnostics) > 3:
        lines.append(Text(_("… {count} more (Enter shows every one)").format(
            count=len(row.diagnostics) - 3), style="dim"))
    return Text("\n").join(lines)


def _plan_label(row: CompiledRow) -> Text:
    via = (" " + _("via {engine}").format(engine=row.engine)
           if row.engine != row.plan_engine else "")
    return Text(f"  #{row.plan_label}{via}  ", style="cyan")


def _plan_search_prompt(row: CompiledRow) -> Text:
    """A later search of a plan: one line under the plan's first row."""
    return Text.assemble(_plan_label(row), literal(row.query or "", ""))


class PreviewList(OptionList):
    """The compiled rows; the highlighted one is what open/copy/mark act on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[CompiledRow, ...] = ()

    @property
    def current(self) -> CompiledRow | None:
        """The highlighted row."""
        index = self.highlighted
        if index is None or not self.rows or index >= len(self.rows):
            return None
        return self.rows[index]

    def show(self, result: BuildResult) -> None:
        """Replace the rows, keeping the highlight on the same engine and query if possible."""
        before = self.current
        self.rows = result.rows
        options: list[Option | None] = [Option(row_prompt(r)) for r in result.rows]
        problems = [Option(literal(_("not built: {problem}").format(problem=p), "dim italic"),
                           disabled=True)
                    for p in result.problems]
        self.set_options([o for o in options if o is not None] + problems)
        if result.rows:
            keep = 0
            if before is not None:
                keep = next((i for i, r in enumerate(result.rows)
                             if (r.engine, r.query_id, r.search_id)
                             == (before.engine, before.query_id, before.search_id)), 0)
            self.highlighted = keep

    def guide(self, text: Text) -> None:
        """Show guidance instead of rows (nothing picked yet)."""
        self.rows = ()
        self.set_options([Option(text, disabled=True)])
