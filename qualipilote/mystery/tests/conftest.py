import pytest

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory


@pytest.fixture
def lead(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user


@pytest.fixture
def partner_lead(other_organisation):
    """Savoie's quality lead, who runs the cross audit of Haute-Savoie."""
    return MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD).user


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation, code="cag", name="Cellule affaires générales")
