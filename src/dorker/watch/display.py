"""How watches and runs look in a terminal: plain text (web text escaped) and rich progress.

Progress bars go to standard error, only on a terminal and only for text output: piped output
and `--format json` get nothing extra. Titles, snippets and URLs are hostile: they pass through
`dorker.textsafe.printable`, and rich is given `Text` objects, never markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import IO, Any

from dorker.i18n import _, ngettext
from dorker.textsafe import printable
from dorker.watch.model import Watch
from dorker.watch.outcome import RunReport, Skipped, WatchOutcome
from dorker.watch.schedule import format_duration, format_when

__all__ = ["RichProgress", "render_list", "render_report"]


def _engines(watch: Watch) -> str:
    return ",".join(watch.engines or watch.planned_engines) or str(_("(the playbooks' own)"))


def render_list(watches: list[Watch], now: datetime) -> str:
    """`watch list` as a table: name, owner, case, every, next due, last run, new counts."""
    if not watches:
        return _("no watches yet; add one with: dorker watch add NAME TARGET -e ENGINE") + "\n"
    header = (_("NAME"), _("OWNER"), _("CASE"), _("EVERY"), _("NEXT DUE"), _("LAST RUN"),
              _("STATUS"), _("NEW (LAST/ALL)"), _("ENGINES"), _("TARGETS"))
    rows = [header]
    for w in sorted(watches, key=lambda w: (w.next_due, w.name)):
        last = w.last_run
        rows.append((w.name, w.owner, w.case_id or "-", format_duration(w.every),
                     format_when(w.next_due, now), format_when(last.ts if last else None),
                     last.status if last else "-",
                     f"{last.new if last else 0}/{w.new_total}", _engines(w),
                     " ".join(w.targets)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
             + "  " + row[-1] for row in rows]
    return "".join(printable(line.rstrip()) + "\n" for line in lines)


def _outcome_lines(outcome: WatchOutcome) -> list[str]:
    w = outcome.watch
    counts = outcome.counts()
    head = (f"{w.name}" + (f" ({w.case_id})" if w.case_id else "") + f": {outcome.status} — "
            + ngettext("{n} new", "{n} new", counts["new"]).format(n=counts["new"])
            + ", " + _("{n} seen before").format(n=counts["seen"]))
    lines = [head]
    if outcome.message:
        lines.append(f"  {outcome.message}")
    for engine in outcome.left_out:
        lines.append("  " + _("{engine}: left out ({provider} does not search it)").format(
            engine=engine, provider=outcome.provider))
    for item in outcome.items:
        where = f"  {item.search.engine:<10} {item.search.label}"
        if item.status == "manual":
            lines.append(f"{where}  manual: " + _("due, open in your browser:"))
            lines += [f"      {s['url']}" for s in item.plan]
            continue
        lines.append(f"{where}  {item.status}: " + _(
            "{new} new, {seen} seen before ({pages} page(s))").format(
            new=len(item.new), seen=item.seen, pages=item.pages))
        if item.status != "ok" and item.message:
            lines.append(f"      {item.message}")
        for number, new in enumerate(item.new, start=1):
            title = new.title or _("(no title)")
            lines.append(f"    {number:>3}. [new] {title}")
            lines.append(f"         {new.original_url}")
            if new.snippet:
                lines.append(f"         {new.snippet[:300]}")
            if new.leads:
                lines.append("         " + _("leads: {leads}").format(leads=", ".join(new.leads)))
    if outcome.next_due:
        lines.append("  " + _("next due: {when} UTC").format(when=format_when(outcome.next_due)))
    return lines


def render_report(report: RunReport) -> str:
    """What `watch run` prints: each watch, its searches and its new results; then skips."""
    lines: list[str] = []
    for outcome in report.outcomes:
        lines += _outcome_lines(outcome)
        lines.append("")
    for skipped in report.skipped:
        lines.append(skipped.message)
    if not report.outcomes and not report.skipped:
        lines.append(_("no watch is due"))
    if any(o.new for o in report.outcomes):
        lines.append(_("review a result with: dorker review URL --verdict "
                       "relevant|irrelevant|escalate|duplicate"))
    return "".join(printable(line) + "\n" for line in lines)


class RichProgress:
    """Bars on standard error while watches run: watches done, pages done, results new."""

    def __init__(self, watches: int, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._console = Console(file=stream, highlight=False, markup=False, emoji=False)
        self._bars = Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                              MofNCompleteColumn(), TextColumn("{task.fields[extra]}",
                                                               markup=False),
                              console=self._console, transient=True)
        self._watches = self._bars.add_task(_("watches"), total=watches, extra="")
        self._pages: Any = None
        self._new = 0

    def __enter__(self) -> RichProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def watch_started(self, name: str, steps: int) -> None:
        if self._pages is not None:
            self._bars.remove_task(self._pages)
        self._pages = self._bars.add_task(printable(name)[:40], total=max(steps, 1), extra="")

    def step(self, name: str, new: int) -> None:
        if self._pages is not None:
            self._bars.update(self._pages, advance=1,
                              extra=ngettext("{n} new", "{n} new", new).format(n=new))

    def watch_finished(self, outcome: WatchOutcome) -> None:
        self._new += len(outcome.new)
        if self._pages is not None:
            self._bars.update(self._pages, completed=self._bars.tasks[-1].total)
        self._bars.update(self._watches, advance=1,
                          extra=ngettext("{n} new result", "{n} new results",
                                         self._new).format(n=self._new))

    def watch_skipped(self, skipped: Skipped) -> None:
        self._bars.update(self._watches, advance=1)
