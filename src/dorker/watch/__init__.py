"""Watches: saved sweeps re-run on a schedule that report only results never seen before.

- `events` — the `watch.added` / `watch.removed` / `watch.run` events and the projection
  (`load_watches`, `get_watch`); `model` — `Watch`, `RunInfo`.
- `schedule` — durations (`1d`, `12h`, `30m`) and when a watch is due.
- `searches` — which searches go through the provider and which are listed to open (platforms).
- `seen` — the local "seen before?" index, rebuilt from the run events.
- `lock` — one run per watch at a time (a file lock beside SQLite, an advisory lock in PostgreSQL).
- `run` — `Runner`: fresh fetches, recording, only new results; `outcome` — its report and JSON.
- `display` — text and rich progress; `report` — the case report's watch section.
"""

from __future__ import annotations

__all__: list[str] = []
