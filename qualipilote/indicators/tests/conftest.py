import pytest

from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator


@pytest.fixture
def catalogue(db):
    """The real catalogue (data/indicators.yaml), as {code: Indicator}."""
    load_catalogue()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}
