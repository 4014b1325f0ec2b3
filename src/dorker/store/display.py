"""Terminal-safe text: record text is shown literally, with control characters escaped.

Notes, titles and URLs in the record may come from hostile pages. In table output every C0/C1
control character, DEL and the bidirectional overrides/isolates are shown as `\\xNN` / `\\uNNNN`
so nothing can move the cursor, recolour the terminal or reorder what the reader sees. Joiners
(ZWJ, ZWNJ) stay: Bengali, Hindi and Arabic text needs them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from dorker.errors import UsageError

__all__ = ["parse_time_bound", "payload_summary", "safe_text"]

def safe_text(text: str) -> str:
    """`text` with every character that could act on a terminal escaped (one line)."""
    from dorker.textsafe import printable

    return printable(text)


def payload_summary(payload: Mapping[str, Any]) -> str:
    """`key=value` pairs (nulls left out) in one terminal-safe line."""
    parts = []
    for key, value in payload.items():
        if value is None:
            continue
        if isinstance(value, str) and value and not any(c.isspace() or c in '"=' for c in value):
            shown = value
        else:
            shown = json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}={shown}")
    return safe_text(" ".join(parts))


def parse_time_bound(text: str, *, upper: bool, option: str) -> str:
    """A `--since`/`--until` value as canonical UTC text (naive times are UTC).

    A bare date as an upper bound includes that whole day.
    """
    value = text.strip()
    try:
        if len(value) == 10:
            moment = datetime.fromisoformat(value).replace(tzinfo=UTC)
            if upper:
                moment += timedelta(days=1)
        else:
            moment = datetime.fromisoformat(value.replace(" ", "T", 1))
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
            if upper:
                moment += timedelta(microseconds=1)  # an explicit upper time is inclusive
    except (ValueError, OverflowError):
        raise UsageError(f"{option}: {safe_text(text)!r} is not a date or time",
                         hint="use 2026-03-01 or 2026-03-01T14:30:00Z") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
