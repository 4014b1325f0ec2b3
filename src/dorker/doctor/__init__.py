"""`dorker doctor`: is this installation private, healthy and set up as intended?

`checks.run_checks` looks at the folders' permissions (case data must be the owner's alone), the
store (opens, schema, chain, SQLite's own check), the caches (diskcache's consistency check)
and the provider settings (which are set, never their secrets); with `fix`, it takes group and
other permissions away and lets diskcache repair what it can.
"""

from __future__ import annotations

from dorker.doctor.checks import Finding, run_checks

__all__ = ["Finding", "run_checks"]
