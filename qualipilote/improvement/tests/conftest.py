import datetime as dt

import pytest
import time_machine

from qualipilote.assessments.tests.factories import labelled_framework
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory

from .factories import GRADES


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def framework(db):
    found = labelled_framework()
    found.version.follow_up_months = 18
    found.version.label_validity_years = 3
    found.version.finding_grades = GRADES
    found.version.save()
    return found


@pytest.fixture
def scope(organisation, framework):
    """Modules 1 and 7 (commitments 1–4, 47, 48); module 2 (commitment 5) left out."""
    return set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[7]],
        channels=["in_person", "email"],
    )


@pytest.fixture
def lead(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation, code="bcic", name="Bureau de la circulation")


@pytest.fixture
def in_march_2026():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield dt.date(2026, 3, 2)
