"""The command-line interface: `dorker COMMAND ...` (see dorker.cli.main)."""
