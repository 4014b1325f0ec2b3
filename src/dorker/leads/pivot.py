"""From a lead to a sweep: which selector-pivot playbook searches it, with which value.

A phone, a Telegram name or handle, an e-mail and a web domain are searched with the bundled
(or a team's) playbook of pattern `selector-pivots` that takes one variable of the matching type
(`phone`, `username`, `email`, `domain`); the playbook writes every form of the value (E.164,
national, separated, with and without `@`...). What no playbook takes (a Telegram invite, a
licence number, a page address) is searched as a dork of its written forms. Fees and photos are
not selectors: `pivot` refuses them with a pointer to what to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from dorker.errors import UsageError
from dorker.i18n import _

__all__ = ["PIVOT_PATTERN", "Pivot", "plan_pivot"]

PIVOT_PATTERN = "selector-pivots"
_VARIABLE_TYPE = {"phone": "phone", "telegram": "username", "handle": "username",
                  "email": "email", "domain": "domain"}


@dataclass(frozen=True, slots=True)
class Pivot:
    """What to run for one lead: a playbook with one value, or a raw dork."""

    lead_id: str
    target: str
    values: tuple[str, ...] = ()
    dork: bool = False
    playbook: str | None = None
    forms: tuple[str, ...] = ()
    """The written forms the playbook searches (for the message)."""

    def describe(self) -> str:
        if self.playbook:
            return _("{lead} with the {playbook} playbook, in {count} written form(s): "
                     "{forms}").format(lead=self.lead_id, playbook=self.playbook,
                                       count=len(self.forms), forms=", ".join(self.forms))
        return _("{lead} as the dork {dork}").format(lead=self.lead_id, dork=self.target)


def plan_pivot(lead_id: str) -> Pivot:
    """The search for `lead_id` (`FAMILY:VALUE`)."""
    family, _sep, value = lead_id.partition(":")
    if family == "money":
        raise UsageError(_("{lead} is a fee, not a selector: there is nothing to search for")
                         .format(lead=lead_id),
                         hint=_("pivot on the numbers, handles or e-mails of the ad instead"))
    if family == "image":
        raise UsageError(_("{lead} is a photo").format(lead=lead_id),
                         hint=_("search for it with: dorker image reverse FILE"))
    if not value:
        raise UsageError(_("{lead!r} has no value to search for").format(lead=lead_id))
    if family == "telegram" and value.startswith("+"):
        code = value[1:]
        return Pivot(lead_id, f'"t.me/+{code}" OR "t.me/joinchat/{code}"', dork=True)
    kind = _VARIABLE_TYPE.get(family)
    if kind is not None:
        found = _playbook_for(kind)
        if found is not None:
            from dorker.playbooks.values import forms

            playbook, variable, region = found
            return Pivot(lead_id, playbook, (f"{variable}={value}",), playbook=playbook,
                         forms=forms(kind, value, region=region))
    if family == "licence":
        number = value.partition("-")[2]
        return Pivot(lead_id, f'"RL-{number}" OR "RL {number}" OR "R/L {number}"', dork=True)
    if family == "domain":
        return Pivot(lead_id, f'"{value}" -site:{value}', dork=True)
    if family == "url":
        bare = value.split("://", 1)[-1].rstrip("/")
        return Pivot(lead_id, f'"{bare}"', dork=True)
    return Pivot(lead_id, f'"{value}"', dork=True)


def _playbook_for(kind: str) -> tuple[str, str, str | None] | None:
    """(playbook id, variable name, its region) of the selector-pivot playbook taking one
    `kind` value (the first by id when a team adds more than one)."""
    from dorker.playbooks.library import load_library

    library = load_library()
    matches = []
    for playbook in library.playbooks.values():
        if playbook.pattern != PIVOT_PATTERN:
            continue
        typed = [v for v in playbook.variables.values() if v.type == kind]
        required = [v for v in playbook.variables.values() if v.required]
        if len(typed) == 1 and all(v is typed[0] for v in required):
            matches.append((playbook.id, typed[0].name, typed[0].region))
    return sorted(matches)[0] if matches else None
