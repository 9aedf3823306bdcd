import pytest

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation, code="bae", name="Bureau de l'accueil")


@pytest.fixture
def author(organisation, unit):
    return MembershipFactory(
        organisation=organisation, role=Role.QUALITY_CORRESPONDENT, unit=unit
    ).user


@pytest.fixture
def reviewer(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user


@pytest.fixture
def approver(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user


@pytest.fixture
def agent(organisation, unit):
    return MembershipFactory(organisation=organisation, role=Role.AGENT, unit=unit).user
