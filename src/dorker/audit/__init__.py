"""The auditor's view of the record: readable event summaries, the audit report and its flags.

- `summary` — one short line per event, written for its kind (`audit log`'s table).
- `report` — `audit report`: actors, cases, the chain and the flags, streamed over the store.
- `flags` — what an auditor should look at: caseless searches, bursts, odd hours, exports.
- `timeline` — searches per actor per day, laid out for the report's inline SVG.
- `render` — the HTML and Markdown templates (`templates/audit_report.*.j2`).
"""

from __future__ import annotations

__all__: list[str] = []
