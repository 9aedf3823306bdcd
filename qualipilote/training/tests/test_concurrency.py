"""Two pairs for the same newcomer sent at the same instant: one tutor at a time, the other is
refused with its French message. Meaningful on PostgreSQL; runs on SQLite too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.training import services
from qualipilote.training.models import TutoringPair

from .factories import member

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_tutors_for_one_newcomer_give_one_pair(organisation):
    tutors = [member(organisation) for _ in range(4)]
    newcomer = member(organisation, arrived=dt.date(2025, 2, 1))
    results = run_at_once(
        lambda i: services.create_tutoring(
            organisation, tutor=tutors[i], newcomer=newcomer, starts_on=dt.date(2025, 2, 3)
        ),
        4,
    )
    assert TutoringPair.objects.count() == 1
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 3 and all(isinstance(r, ValidationError) for r in refused), results
