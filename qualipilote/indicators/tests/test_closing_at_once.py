"""Closing a month twice at the same moment (a double click, two quality leads): one closure,
the other click is told the month is already closed; never a 500."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.indicators import services
from qualipilote.indicators.models import MonthClosure
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers.tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date
FEB = D(2024, 2, 1)
TODAY = D(2024, 3, 15)


@pytest.fixture
def lead(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user


@pytest.fixture
def february(catalogue, organisation):
    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6))


def test_two_simultaneous_closings_make_one_closure(organisation, lead, february):
    results = run_at_once(
        lambda _i: services.close_month(organisation, FEB, user=lead, today=TODAY), 2
    )

    closures = [r for r in results if isinstance(r, MonthClosure)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert (len(closures), len(refusals)) == (1, 1), results
    assert refusals[0].messages == ["Le mois de février 2024 est déjà clôturé."]
    assert MonthClosure.objects.in_force().count() == 1


def test_a_double_click_on_close_answers_twice_without_error(organisation, lead, february):
    url = reverse("indicators:close", kwargs={"org_code": organisation.code})

    def click(_index):
        client = Client()
        client.force_login(lead)
        return client.post(url, {"month": "2024-02"}).status_code

    with time_machine.travel(dt.datetime(2024, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        statuses = run_at_once(click, 2)

    assert statuses == [302, 302]
    assert MonthClosure.objects.in_force().count() == 1
