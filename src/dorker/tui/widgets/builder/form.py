"""The variable form: one validated input per playbook variable, and the engines to build for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from dorker.i18n import _
from dorker.tui.models import split_values
from dorker.tui.text import literal

if TYPE_CHECKING:
    from dorker.tui.models import VariableInfo

__all__ = ["VariableForm"]

Checker = Callable[["VariableInfo", str], "str | None"]


class VariableForm(VerticalScroll):
    """Inputs for the engines and each variable; invalid values are flagged under their input.

    Empty until the first `load` (the form is hidden until something is picked, so the first
    frame does not pay for its inputs).
    """

    DEFAULT_CSS = """
    VariableForm .field {
        height: 1;
    }
    VariableForm .field-label {
        width: 12;
        color: $text-muted;
    }
    VariableForm .field Input {
        width: 1fr;
    }
    VariableForm .field Input.-invalid {
        color: $error;
    }
    VariableForm .field-error {
        color: $error;
        height: auto;
        padding-left: 12;
        display: none;
    }
    """

    @dataclass
    class Changed(Message):
        """The form's values changed (every value given; `valid` is false when one is wrong)."""

        values: dict[str, str]
        engines: tuple[str, ...]
        valid: bool

    def __init__(self, check: Checker, known_engines: Callable[[], list[str]], *,
                 id: str | None = None) -> None:
        super().__init__(id=id, can_focus=False)
        self._check = check
        self._known_engines = known_engines
        self._variables: tuple[VariableInfo, ...] = ()

    @property
    def engines_input(self) -> Input:
        """The comma-separated engine list."""
        return self.query_one("#engines", Input)

    async def load(self, variables: tuple[VariableInfo, ...], engines: tuple[str, ...]) -> None:
        """Show the inputs for a playbook's variables (or none, for a raw dork)."""
        self._variables = variables
        if not self.query("#engines"):
            await self.mount_all([
                Horizontal(Label(_("engines"), classes="field-label"),
                           Input(id="engines", compact=True,
                                 placeholder="google, bing, duckduckgo"), classes="field"),
                Static("", id="engines-error", classes="field-error")])
        await self.query(".var-row").remove()
        with self.prevent(Input.Changed):
            self.engines_input.value = ", ".join(engines)
        rows: list[Widget] = []
        for var in variables:
            hint = _("{type} (required)").format(type=var.type) if var.required else var.type
            if var.choices:
                hint += ": " + " | ".join(var.choices[:6])
            if var.multiple or var.matrix:
                hint += " " + _("(comma-separated)")
            value = ", ".join(var.default)
            row = Horizontal(Label(literal(var.name), classes="field-label"),
                             Input(value=value, id=f"var-{var.name}", compact=True,
                                   placeholder=hint, tooltip=var.description or None),
                             classes="field var-row")
            rows.append(row)
            rows.append(Static("", id=f"err-{var.name}", classes="field-error var-row"))
        await self.mount_all(rows)
        self.announce()

    def first_empty_required(self) -> Input | None:
        """The first required variable with no value (where the focus goes after a pick)."""
        for var in self._variables:
            box = self.query_one(f"#var-{var.name}", Input)
            if var.required and not box.value.strip():
                return box
        return None

    def values(self) -> dict[str, str]:
        """The text of every variable input."""
        return {v.name: self.query_one(f"#var-{v.name}", Input).value for v in self._variables}

    def engines(self) -> tuple[str, ...]:
        """The engines typed (unknown ones are flagged, not used)."""
        known = set(self._known_engines())
        return tuple(e for e in dict.fromkeys(split_values(self.engines_input.value))
                     if e in known)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.announce()

    def announce(self) -> None:
        """Validate every input and tell the screen (it debounces the build)."""
        valid = True
        known = set(self._known_engines())
        typed = split_values(self.engines_input.value)
        unknown = [e for e in typed if e not in known]
        error = self.query_one("#engines-error", Static)
        if unknown or not typed:
            valid = False
            error.update(literal(_("unknown engine: {engines}").format(engines=", ".join(unknown))
                                 if unknown else _("give at least one engine")))
        else:
            error.update("")
        error.display = bool(unknown or not typed)
        for var in self._variables:
            box = self.query_one(f"#var-{var.name}", Input)
            problem = self._check(var, box.value) if box.value.strip() else None
            message = self.query_one(f"#err-{var.name}", Static)
            message.update(literal(problem or ""))
            message.display = problem is not None
            box.set_class(problem is not None, "-invalid")
            valid = valid and problem is None
        self.post_message(self.Changed(self.values(), self.engines(), valid))
