"""`python -m dorker` runs the command-line interface."""

from dorker.cli.main import main

raise SystemExit(main())
