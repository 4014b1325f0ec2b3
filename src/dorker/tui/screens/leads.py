"""Leads: the numbers, handles, addresses and fees the case's ads name, by kind, with how many
items and cases hold each; the clusters of items that share one; `p` pivot, `m` mark, `s` scan."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from dorker.i18n import N_, _
from dorker.tui.labels import lead_family_label, lead_verdict_label
from dorker.tui.leads_service import ClusterRow, LeadRow, LeadsService, LeadsView
from dorker.tui.messages import Failed
from dorker.tui.modals.prompt import PromptModal
from dorker.tui.models import CaseInfo
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import literal, with_keys
from dorker.tui.widgets.keybar import KeyBar

__all__ = ["LeadsLoaded", "LeadsScreen"]


def guide() -> Text:
    """What the list says before the first scan, in the interface language."""
    return Text.assemble(
        (_("No leads recorded for this case yet.") + "\n", "bold"),
        with_keys(_("Press {scan} to scan the case: dorker reads its search results, reviews "
                    "and evidence for phone numbers, WhatsApp/IMO/Viber, Telegram, e-mails, "
                    "links, fees and licence numbers, and records each one with where it was "
                    "found. A lead is never proof."), scan="s"))


def no_case() -> Text:
    return Text(_("No current case: choose one on the Cases screen (F3)."), style="bold")


_VERDICT_STYLE = {"confirmed": "bold green", "dismissed": "dim"}
_FAMILY_ORDER = {family: index for index, family in enumerate(
    ("phone", "telegram", "email", "handle", "licence", "domain", "url", "image", "money"))}


class LeadsLoaded(Message):
    """A case's leads and clusters were read."""

    def __init__(self, view: LeadsView) -> None:
        super().__init__()
        self.view = view


class LeadsChanged(Message):
    """Something was recorded (a scan, a verdict): say it and read the leads again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class LeadsScreen(DorkerScreen):
    """Leads by kind, or clusters; the highlighted one's details below."""

    BINDING_GROUP_TITLE = "Leads"
    DEFAULT_CSS = """
    LeadsScreen #leads-status {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    LeadsScreen #leads {
        height: 1fr;
        border: none;
    }
    LeadsScreen #lead-detail {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border-top: solid $panel-lighten-2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "toggle_view", N_("Clusters/leads"), id="leads-toggle"),
        Binding("p", "pivot", N_("Pivot"), id="lead-pivot"),
        Binding("m", "mark", N_("Mark"), id="lead-mark"),
        Binding("s", "scan", N_("Scan case"), id="leads-scan"),
        Binding("ctrl+r", "reload", N_("Reload"), id="leads-reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: LeadsView | None = None
        self.showing_clusters = False
        self._rows: list[LeadRow | ClusterRow | None] = []

    @property
    def leads_service(self) -> LeadsService:
        """The leads part of the core, through its adapter."""
        return self.services.leads

    @property
    def lead_list(self) -> OptionList:
        """Leads (grouped by kind) or clusters."""
        return self.query_one("#leads", OptionList)

    @property
    def current(self) -> LeadRow | ClusterRow | None:
        """The highlighted lead or cluster."""
        index = self.lead_list.highlighted
        return self._rows[index] if index is not None and index < len(self._rows) else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(_("reading leads…"), style="dim"), id="leads-status")
        yield OptionList(id="leads")
        yield Static("", id="lead-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.lead_list.focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def case_switched(self, case: CaseInfo | None) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read the case's leads again."""
        if self.case is None:
            self.view = None
            self._status(no_case())
            self.lead_list.clear_options()
            return
        self._load(self.case.id)

    @work(thread=True, exclusive=True, group="leads", exit_on_error=False)
    def _load(self, case_id: str) -> None:
        try:
            self.post_message(LeadsLoaded(self.leads_service.load(case_id)))
        except Exception as exc:
            self.post_message(Failed(_("cannot read the leads: {error}").format(error=exc)))

    @on(LeadsLoaded)
    def _loaded(self, message: LeadsLoaded) -> None:
        if self.case is None or message.view.case_id != self.case.id:
            return  # the case changed meanwhile
        self.view = message.view
        self._show()

    def _status(self, text: Text | str) -> None:
        self.query_one("#leads-status", Static).update(
            text if isinstance(text, Text) else literal(text))

    def _show(self) -> None:
        view = self.view
        if view is None:
            return
        elsewhere = sum(1 for row in view.leads if row.other_cases)
        kinds = ", ".join(f"{count} {lead_family_label(family)}"
                          for family, count in view.by_kind)
        count = _("{count} lead(s)").format(count=len(view.leads))
        self._status(Text.assemble(
            (f"{view.case_id}", "bold"), f" · {count}",
            f" ({kinds})" if kinds else "",
            " · " + _("{count} cluster(s)").format(count=len(view.clusters)),
            (" · " + _("{count} also in other cases").format(count=elsewhere)
             if elsewhere else "", "bold yellow" if elsewhere else ""),
            ("   " + (_("c: leads") if self.showing_clusters else _("c: clusters")), "dim")))
        keep = self.lead_list.highlighted
        options: list[Option] = []
        self._rows = []
        if not view.leads:
            options.append(Option(guide(), disabled=True))
            self._rows.append(None)
        elif self.showing_clusters:
            if not view.clusters:
                options.append(Option(Text(_("No items share a lead."), style="dim"),
                                      disabled=True))
                self._rows.append(None)
            for cluster in view.clusters:
                options.append(Option(self._cluster_prompt(cluster)))
                self._rows.append(cluster)
        else:
            family = None
            for row in sorted(view.leads, key=lambda r: (_FAMILY_ORDER.get(r.family, 99),
                                                         r.family, -r.items, r.value)):
                if row.family != family:
                    family = row.family
                    count = sum(1 for r in view.leads if r.family == family)
                    options.append(Option(Text(f"── {lead_family_label(family)} ({count})",
                                               style="bold dim"),
                                          disabled=True))
                    self._rows.append(None)
                options.append(Option(self._lead_prompt(row)))
                self._rows.append(row)
        self.lead_list.set_options(options)
        first = next((i for i, row in enumerate(self._rows) if row is not None), None)
        if first is not None:
            self.lead_list.highlighted = keep if keep is not None and keep < len(
                self._rows) and self._rows[keep] is not None else first
        self._detail()

    @staticmethod
    def _lead_prompt(row: LeadRow) -> Text:
        verdict = (f" [{lead_verdict_label(row.verdict)}]",
                   _VERDICT_STYLE.get(row.verdict or "", "")) if row.verdict else ("", "")
        others = ("  " + _("also in {cases}").format(cases=", ".join(row.other_cases)),
                  "bold yellow") if row.other_cases else ("", "")
        return Text.assemble((f"{row.kind:<15}", "cyan"), literal(row.value, "bold"),
                             "  " + _("{items} item(s) · {cases} case(s)").format(
                                 items=row.items, cases=row.cases), verdict, others)

    @staticmethod
    def _cluster_prompt(cluster: ClusterRow) -> Text:
        others = ("  " + _("also in {cases}").format(cases=", ".join(cluster.other_cases)),
                  "bold yellow") if cluster.other_cases else ("", "")
        return Text.assemble((cluster.id, "bold"), "  ", literal(_(
            "{items} item(s) · shared: {leads}").format(
                items=len(cluster.items), leads=", ".join(cluster.shared) or "-")), others)

    @on(OptionList.OptionHighlighted, "#leads")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail()

    def _detail(self) -> None:
        row = self.current
        detail = self.query_one("#lead-detail", Static)
        if row is None:
            detail.update("")
            return
        lines: list[Text] = []
        if isinstance(row, LeadRow):
            lines.append(Text.assemble((row.id, "bold"), "  " + _("written:") + " ",
                                       literal(" · ".join(row.written) or row.value)))
            if row.verdict:
                lines.append(Text.assemble((_("verdict:") + " ", "dim"), literal(
                    lead_verdict_label(row.verdict) + (f": {row.note}" if row.note else ""))))
            lines.extend(Text.assemble((_("colleague:") + " ", "dim"), literal(c))
                         for c in row.colleagues)
            lines.extend(literal(f"  {label}", "dim") for label in row.item_labels[:8])
        else:
            lines.append(Text.assemble((row.id, "bold"), "  " + _("leads:") + " ",
                                       literal(", ".join(row.leads))))
            lines.extend(literal(f"  {label}", "dim") for label in row.items[:8])
        detail.update(Text("\n").join(lines))

    def action_toggle_view(self) -> None:
        """Switch between leads by kind and clusters of items."""
        self.showing_clusters = not self.showing_clusters
        self.lead_list.highlighted = None
        self._show()

    def action_scan(self) -> None:
        """Scan the case's results, reviews and evidence for leads (recorded)."""
        if self.case is None:
            self.notify(_("choose a case first (F3)"), severity="warning")
            return
        self._status(Text(_("scanning…"), style="dim"))
        self._scan(self.case.id)

    @work(thread=True, exclusive=True, group="leads-scan", exit_on_error=False)
    def _scan(self, case_id: str) -> None:
        try:
            self.post_message(LeadsChanged(self.leads_service.scan(case_id)))
        except Exception as exc:
            self.post_message(Failed(_("cannot scan the case: {error}").format(error=exc)))

    @on(LeadsChanged)
    def _changed(self, message: LeadsChanged) -> None:
        self.notify(message.text)
        self.action_reload()

    def _lead(self) -> LeadRow | None:
        row = self.current
        if isinstance(row, LeadRow):
            return row
        self.notify(_("highlight a lead first (c shows leads)"), severity="warning")
        return None

    def action_mark(self) -> None:
        """Record a verdict (confirmed or dismissed) and a note on the highlighted lead."""
        row = self._lead()
        if row is None or self.case is None:
            return
        case_id = self.case.id

        def done(values: list[str] | None) -> None:
            if not values:
                return
            typed = values[0].strip().lower()
            # The codes, or their words in the interface language.
            words = {code: code for code in ("confirmed", "dismissed")}
            words.update({lead_verdict_label(code).lower(): code for code in list(words)})
            verdict = words.get(typed)
            if verdict is None:
                self.notify(_("the verdict is confirmed or dismissed, not {typed!r}").format(
                    typed=typed), severity="error")
                return
            self._mark(case_id, row.id, verdict, values[1].strip())

        self.app.push_screen(PromptModal(
            _("Verdict on {lead}").format(lead=row.id),
            [(_("confirmed or dismissed"), lead_verdict_label(row.verdict or "confirmed")),
             (_("note"), row.note or "")]), done)

    @work(thread=True, group="leads-mark", exit_on_error=False)
    def _mark(self, case_id: str, lead_id: str, verdict: str, note: str) -> None:
        try:
            seq = self.leads_service.mark(case_id, lead_id, verdict, note)
        except Exception as exc:
            self.post_message(Failed(_("cannot record the verdict: {error}").format(error=exc)))
            return
        self.post_message(LeadsChanged(_("recorded {seq}: {lead} {verdict}").format(
            seq=seq, lead=lead_id, verdict=lead_verdict_label(verdict))))

    def action_pivot(self) -> None:
        """Search the highlighted lead in every written form (asks for the engines)."""
        row = self._lead()
        if row is None:
            return
        case_id = self.case.id if self.case else None
        engines = ", ".join(self.services.config.default_engines[:1])

        def done(values: list[str] | None) -> None:
            if values:
                chosen = [e.strip() for e in values[0].split(",") if e.strip()]
                self._pivot(case_id, row.id, chosen)

        self.app.push_screen(PromptModal(
            _("Pivot on {lead}: engines, comma-separated").format(lead=row.id),
            [(_("engines"), engines)]), done)

    @work(thread=True, group="leads-pivot", exit_on_error=False)
    def _pivot(self, case_id: str | None, lead_id: str, engines: list[str]) -> None:
        try:
            text, to_copy = self.leads_service.pivot(case_id, lead_id, engines)
        except Exception as exc:
            self.post_message(Failed(_("cannot pivot: {error}").format(error=exc)))
            return
        if to_copy:
            self.app.call_from_thread(self.app.copy_to_clipboard, "\n".join(to_copy))
        self.app.call_from_thread(self.notify, text)

    def palette_commands(self) -> list[PaletteCommand]:
        return [(_("Scan the case for leads"),
                 _("record the leads of results, reviews and evidence"), self.action_scan),
                (_("Leads or clusters"), _("switch the list"), self.action_toggle_view),
                (_("Pivot on the lead"), _("search it in every written form"),
                 self.action_pivot),
                (_("Mark the lead"), _("confirmed or dismissed, with a note"), self.action_mark)]
