"""The written corpus: every ad gives exactly its expected leads, no look-alike gives any.

The held-out set (data/heldout.yaml) is deliberately not asserted here: bench/bench_leads.py
reports it, so that it stays a measurement and never becomes a target.
"""

from __future__ import annotations

import phonenumbers
import pytest
from leads_corpus import Entry, load

from dorker.leads.extract import extract_leads
from dorker.leads.model import KINDS, PHONE_KINDS

ADS, LOOKALIKES = load("ads")
LANGS = {"bn", "bn-Latn", "en", "ar", "hi", "ur", "ms"}


def test_the_corpus_is_as_large_and_varied_as_promised() -> None:
    assert len(ADS) >= 60
    assert len(LOOKALIKES) >= 20
    assert {ad.lang for ad in ADS} == LANGS
    assert len({ad.id for ad in ADS + LOOKALIKES}) == len(ADS) + len(LOOKALIKES)


@pytest.mark.parametrize("ad", ADS, ids=lambda ad: ad.id)
def test_expected_leads_are_well_formed(ad: Entry) -> None:
    assert ad.expected, "an ad without leads belongs with the look-alikes"
    for kind, value in ad.expected:
        assert kind in KINDS
        if kind in PHONE_KINDS:  # an expected phone must itself be a valid number
            assert phonenumbers.is_valid_number(phonenumbers.parse(value)), value


@pytest.mark.parametrize("ad", ADS, ids=lambda ad: ad.id)
def test_each_ad_gives_its_leads(ad: Entry) -> None:
    got = {(lead.kind, lead.value) for lead in extract_leads(ad.text, ad.region)}
    assert got == set(ad.expected)


@pytest.mark.parametrize("text", LOOKALIKES, ids=lambda item: item.id)
def test_look_alike_numbers_are_not_leads(text: Entry) -> None:
    assert extract_leads(text.text, text.region) == []


@pytest.mark.parametrize("ad", ADS, ids=lambda ad: ad.id)
def test_spans_point_at_what_was_written(ad: Entry) -> None:
    for lead in extract_leads(ad.text, ad.region):
        start, end = lead.span
        assert ad.text[start:end] == lead.raw
