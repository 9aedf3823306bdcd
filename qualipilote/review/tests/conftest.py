import pytest

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def lead(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
