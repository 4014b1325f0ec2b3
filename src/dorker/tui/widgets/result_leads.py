"""One line under the highlighted search result: the leads its title, snippet and address name
(numbers, handles, e-mails, fees), read offline; nothing is recorded until `leads scan`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from dorker.i18n import _
from dorker.tui.text import literal

__all__ = ["ResultLeads"]


class ResultLeads(Static):
    """The leads of one result."""

    DEFAULT_CSS = """
    ResultLeads {
        height: auto;
        max-height: 2;
        background: $panel;
        color: $text-muted;
    }
    """

    class Found(Message):
        """The leads of the result at `url` were read."""

        def __init__(self, url: str, leads: list[Any]) -> None:
            super().__init__()
            self.url = url
            self.leads = leads

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._url: str | None = None

    def show(self, result: Mapping[str, Any] | None) -> None:
        """Read the leads of `result` (in a thread: the first read imports phonenumbers)."""
        if result is None:
            self._url = None
            self.update("")
            return
        self._url = str(result.get("url"))
        self._read(dict(result))

    @work(thread=True, exclusive=True, group="result-leads", exit_on_error=False)
    def _read(self, result: dict[str, Any]) -> None:
        from dorker.tui.screens.base import DorkerScreen

        screen = self.screen
        if not isinstance(screen, DorkerScreen):
            return
        try:
            leads = screen.services.leads.result_leads(result)
        except Exception as exc:  # shown, never fatal: reviewing goes on
            leads = [exc]
        self.post_message(self.Found(str(result.get("url")), leads))

    def on_result_leads_found(self, message: ResultLeads.Found) -> None:
        message.stop()
        if message.url != self._url:
            return  # another result is highlighted by now
        if message.leads and isinstance(message.leads[0], Exception):
            self.update(literal(_("leads: cannot read ({error})").format(
                error=message.leads[0]), "red"))
            return
        if not message.leads:
            self.update(Text(_("leads: none in this result"), style="dim"))
            return
        parts = [Text(_("leads:") + " ", style="bold")]
        for index, lead in enumerate(message.leads[:8]):
            if index:
                parts.append(Text(" · "))
            parts.append(Text(f"{lead.kind} ", style="cyan"))
            parts.append(literal(lead.value))
        if len(message.leads) > 8:
            parts.append(Text(" · " + _("{count} more").format(count=len(message.leads) - 8)))
        self.update(Text.assemble(*parts))
