"""Demo publication: Haute-Savoie's results are online (its demo indicators of the latest closed
month and the 2018 survey of the seed); Savoie has nothing published; loading twice changes
nothing."""

import datetime as dt

import pytest
import time_machine

from demo.indicators import load_demo as load_indicators_demo
from demo.organisations import load_organisations_demo
from demo.publication import load_demo
from demo.surveys import load_demo as load_surveys_demo
from qualipilote.publication.models import Publication
from qualipilote.publication.results import read


@pytest.fixture
def demo(db):
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        organisations = load_organisations_demo()
        load_indicators_demo(organisations)
        load_surveys_demo(organisations)
        load_demo(organisations)
        yield organisations


def test_haute_savoie_has_results_online_from_its_demo_data(demo, client):
    publication = Publication.objects.get(organisation__code="pref-74")
    assert publication.status == "published"
    results = read(publication.content, publication.published_on)
    assert results.month == dt.date(2025, 8, 1)  # the latest month the demo closed
    assert results.indicators
    assert results.survey_title == "Enquête de satisfaction 2018"
    assert results.survey_responses == 122
    assert (results.overall.rate_display, results.overall.answers) == ("93 %", 121)
    assert client.get("/pref-74/resultats/").status_code == 200
    assert client.get("/pref-73/resultats/").status_code == 404


def test_loading_twice_changes_nothing(demo):
    load_demo(demo)
    assert Publication.objects.count() == 1
