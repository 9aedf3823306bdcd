"""Stored figures refreshed by several workers at once (the registers' hook after simultaneous
submissions, the nightly task, a closing): every refresh succeeds and the stored rows are the
figures of the registers, once each."""

import datetime as dt

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.indicators import services
from qualipilote.indicators.models import MonthlyMeasurement
from qualipilote.registers.tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date
FEB = D(2024, 2, 1)
TODAY = D(2024, 3, 15)


def test_simultaneous_refreshes_of_one_organisation_all_succeed(catalogue, organisation):
    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6))
    MonthlyMeasurement.objects.all().delete()  # the hook's refresh ran on save: start afresh

    def refresh(index):
        if index % 3 == 2:  # the nightly task, all organisations
            return services.refresh_measurements(start=FEB, end=FEB, today=TODAY)
        return services.refresh_months(organisation, [FEB], today=TODAY)

    results = run_at_once(refresh, 6)

    assert not [r for r in results if isinstance(r, BaseException)], results
    rate = MonthlyMeasurement.objects.organisation_level().get(
        organisation=organisation, indicator__code="feedback_answered_on_time_rate", month=FEB
    )
    assert rate.value == 100
