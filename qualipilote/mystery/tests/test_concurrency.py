"""Tests recorded at the same instant (two testers, or the import while someone types) each get
their own number: the campaign row is locked while the next number is taken. Meaningful on
PostgreSQL; runs on SQLite too."""

import datetime as dt

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.mystery.models import CriterionScore, TestContact

from .factories import at, email_campaign, email_test

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_tests_get_distinct_numbers(organisation, lead):
    campaign = email_campaign(organisation, lead)
    results = run_at_once(
        lambda i: email_test(
            campaign, lead, at(dt.date(2019, 5, 20), 9 + i % 8), dt.date(2019, 5, 21)
        ),
        12,
    )
    assert not any(isinstance(r, Exception) for r in results), results
    numbers = sorted(TestContact.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert CriterionScore.objects.count() == 12 * 5
