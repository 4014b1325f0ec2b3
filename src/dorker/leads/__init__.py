"""Leads: selectors, fees and licence numbers found in ads, recorded per case and linked across
cases (see docs/leads.md)."""

from __future__ import annotations

from dorker.leads.extract import extract_leads
from dorker.leads.model import Lead

__all__ = ["Lead", "extract_leads"]
