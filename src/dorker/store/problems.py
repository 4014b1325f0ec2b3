"""What verification finds: a kind of damage and the first sequence number where it shows.

Its own module so that the chain check (verify) and the evidence check (evidence) both use it
without importing each other: verify runs the evidence check, evidence never needs verify.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong, and the first sequence number where it is wrong."""

    seq: int
    kind: str
    """edited, deleted, inserted, reordered, truncated, rewritten, evidence-missing or
    evidence-changed."""
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "message": self.message}
