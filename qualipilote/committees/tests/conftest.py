import datetime as dt

import pytest
import time_machine

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def on_20_november_2026():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def lead(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_LEAD,
        user__first_name="Florence",
        user__last_name="Gouache",
    ).user


@pytest.fixture
def member(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_CORRESPONDENT,
        user__first_name="Julien",
        user__last_name="Perrin",
    ).user


@pytest.fixture
def outsider(other_organisation):
    return MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD).user
