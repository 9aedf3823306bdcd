"""Two phones recording the same single step at the same instant: one is recorded."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualipilote.common.tests.concurrency import is_postgresql, run_at_once
from qualipilote.crisis.models import CrisisStep
from qualipilote.crisis.services import record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_cell_activations_at_once_record_one(organisation):
    if not is_postgresql():
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL.")
    event = CrisisEventFactory(organisation=organisation)
    at = event.started_at + dt.timedelta(minutes=20)
    results = run_at_once(
        lambda i: record_step(event, step="cell_activated", at=at, client_key=f"phone-{i}"), 4
    )
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert all(isinstance(r, ValidationError) for r in results if isinstance(r, Exception))
    assert CrisisStep.objects.filter(step="cell_activated").count() == 1


def test_the_same_step_sent_twice_at_once_is_recorded_once(organisation):
    if not is_postgresql():
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL.")
    event = CrisisEventFactory(organisation=organisation)
    at = event.started_at + dt.timedelta(minutes=20)
    results = run_at_once(
        lambda i: record_step(event, step="media_informed", at=at, client_key="same-key"), 4
    )
    assert not any(isinstance(result, Exception) for result in results)
    assert sum(result.created for result in results) == 1
    assert CrisisStep.objects.count() == 1
