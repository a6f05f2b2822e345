"""The catalogue covers what a collection team needs: every stage, channel, bucket and situation."""

from __future__ import annotations

import pytest
from conftest import real_catalog


@pytest.fixture(scope="module")
def catalog():
    return real_catalog()[0]


def usable(catalog):
    return [e for e in catalog.entries.values() if e.verdict != "prohibited"]


def test_size_and_counter_examples(catalog):
    assert len(catalog.entries) >= 160
    prohibited = [e for e in catalog.entries.values() if e.verdict == "prohibited"]
    assert len(prohibited) >= 20


def test_nine_in_ten_entries_give_the_borrower_side(catalog):
    with_borrower = [e for e in catalog.entries.values() if e.data.get("borrower")]
    assert len(with_borrower) >= 0.9 * len(catalog.entries)


def test_every_stage_has_phone_entries(catalog):
    missing = [
        s for s in catalog.vocab["stages"] if not any(e.stage == s and "phone" in e.channels for e in usable(catalog))
    ]
    assert missing == []


def test_every_overdue_bucket_has_an_sms(catalog):
    missing = [
        b for b in catalog.vocab["overdue"] if not any("sms" in e.channels and b in e.overdue for e in usable(catalog))
    ]
    assert missing == []


def test_home_visit_covers_every_step_of_the_call(catalog):
    steps = ["opening", "stating-debt", "understanding", "consequences", "negotiation", "commitment", "closing"]
    missing = [s for s in steps if not any(e.stage == s and "visit" in e.channels for e in usable(catalog))]
    assert missing == []


def test_letters_and_emails_exist(catalog):
    for channel in ("letter", "email", "app"):
        assert sum(channel in e.channels for e in usable(catalog)) >= 2, channel


def test_every_situation_has_at_least_two_entries(catalog):
    thin = {s: n for s in catalog.vocab["scenarios"] if (n := sum(s in e.scenarios for e in usable(catalog))) < 2}
    assert thin == {}
