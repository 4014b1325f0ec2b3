"""Untrusted text (web titles, playbook text, dorks) as Rich `Text`: shown literally, never parsed.

`Text(...)` never interprets markup, and `printable` turns control characters and escape
sequences into visible escapes, so `[bold]` stays `[bold]` and ESC is shown as `\\x1b`.
"""

from __future__ import annotations

from rich.text import Text

from dorker.textsafe import printable
from dorker.textwidth import fit

__all__ = ["clip", "literal", "one_line", "with_keys"]


def literal(text: str | None, style: str = "") -> Text:
    """`text` as a Text that shows exactly what was typed (one line)."""
    return Text(printable(text or ""), style=style, no_wrap=False, end="")


def with_keys(message: str, style: str = "bold", **keys: str) -> Text:
    """A translated `message` whose `{name}` placeholders are keys, drawn in `style` (the
    translation decides where each key goes; the words around them stay plain)."""
    from string import Formatter

    text = Text()
    for before, field, _spec, _conversion in Formatter().parse(message):
        text.append(before)
        if field is not None:
            text.append(keys.get(field, "{" + field + "}"), style=style)
    return text


def one_line(text: Text | str) -> Text:
    """Each line of `text` kept to one screen line, cut visibly (…) where it is too long (the
    details dialog shows the whole)."""
    shown = Text(text) if isinstance(text, str) else text
    shown.no_wrap, shown.overflow = True, "ellipsis"
    return shown


def clip(text: str, width: int) -> str:
    """`text` cut to `width` cells at most, with an ellipsis when cut."""
    return fit(text, width)
