"""The terminal app (Textual) over the headless core; build it with `dorker.tui.app.make_app`."""
