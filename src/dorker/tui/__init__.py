"""The terminal app (Textual) over the headless core; build it with `dorker.tui.app.make_app`.

Importing it puts dorker's cell-width rule (`dorker.textwidth`) under Rich, which every Textual
widget measures with, before anything is laid out.
"""

from dorker.textwidth import install_rich

install_rich()
