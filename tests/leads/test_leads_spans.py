"""`Taken`, the ranges already explained by a lead: its lookup agrees with a plain scan."""

from __future__ import annotations

import random

from dorker.leads.extract import extract_leads
from dorker.leads.spans import Taken


def _brute(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in ranges)


def test_overlaps_agrees_with_a_scan_of_every_range() -> None:
    rng = random.Random(20261204)
    for _ in range(200):
        taken, ranges = Taken(), []
        for _ in range(rng.randint(0, 40)):
            start = rng.randint(0, 500)
            end = start + rng.choice([1, 2, 5, 30, 120])
            taken.add(start, end)
            ranges.append((start, end))
        for _ in range(50):
            start = rng.randint(0, 650)
            end = start + rng.randint(1, 60)
            assert taken.overlaps(start, end) == _brute(ranges, start, end), (ranges, start, end)


def test_a_long_range_far_back_still_counts() -> None:
    taken = Taken()
    taken.add(0, 1000)  # a link spanning a long stretch
    for start in range(1000, 1100, 10):
        taken.add(start, start + 2)
    assert taken.overlaps(500, 501)
    assert not taken.overlaps(1003, 1005)


def test_a_long_text_keeps_every_lead_of_each_ad() -> None:
    ad = ("Dubai job free visa, call 01712-345678, fee 4.5 lakh, wa.me/8801812345678. "
          "Ordinary words about the weather follow. ")
    one = {lead.id for lead in extract_leads(ad)}
    many = extract_leads(ad * 2000)
    assert {lead.id for lead in many} == one
    assert len(many) == len(extract_leads(ad)) * 2000
