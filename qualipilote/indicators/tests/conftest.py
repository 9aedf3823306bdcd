import datetime as dt

import pytest
import time_machine

from qualipilote.api.models import ApiToken
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator


@pytest.fixture
def catalogue(db):
    """The real catalogue (data/indicators.yaml), as {code: Indicator}."""
    load_catalogue()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


@pytest.fixture
def frozen_today():
    """Monday 16 March 2026, 11:00 in Paris: the API tests' today."""
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def token(organisation):
    """(ApiToken, raw value) of an integration of `organisation`."""
    return ApiToken.issue(organisation, "Statistiques téléphoniques")


@pytest.fixture
def bearer(token):
    return {"Authorization": f"Bearer {token[1]}"}
