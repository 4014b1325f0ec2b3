"""A thumbnail drawn with half-block characters: each cell shows two pixels (upper and lower
half) in true colour, so any colour terminal shows it without a graphics protocol.

When there is no picture (no evidence copy) or the terminal shows no colour (`NO_COLOR`), the
widget shows a text placeholder instead.
"""

from __future__ import annotations

import os

from PIL import Image
from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

__all__ = ["Thumbnail", "half_blocks"]


def half_blocks(image: Image.Image) -> Text:
    """`image` (RGB) as lines of `▀` cells: foreground the upper pixel, background the lower."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    pixels = rgb.load()
    assert pixels is not None
    text = Text(no_wrap=True, overflow="crop", end="")
    for top in range(0, height, 2):
        for x in range(width):
            upper = pixels[x, top]
            lower = pixels[x, top + 1] if top + 1 < height else upper
            text.append("▀", Style(color=Color.from_rgb(*upper[:3]),
                                   bgcolor=Color.from_rgb(*lower[:3])))
        if top + 2 < height:
            text.append("\n")
    return text


class Thumbnail(Static):
    """An image thumbnail, or a placeholder line when none can be shown."""

    DEFAULT_CSS = """
    Thumbnail {
        height: auto;
        min-height: 3;
    }
    """

    def show(self, image: Image.Image | None, placeholder: str) -> None:
        """Show `image`, or `placeholder` when there is none or colour is off."""
        if image is None or os.environ.get("NO_COLOR"):
            self.update(Text(f"[{placeholder}]", style="dim italic"))
        else:
            self.update(half_blocks(image))
