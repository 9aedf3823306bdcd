import datetime as dt

import pytest
import time_machine

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

from .factories import something_to_publish


@pytest.fixture
def frozen_today():
    """Monday 16 November 2026, 11:00 in Paris."""
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def lead(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user


@pytest.fixture
def data(organisation, lead):
    something_to_publish(organisation, lead)
    return organisation
