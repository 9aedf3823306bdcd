"""Demo surveys: the 2018 questionnaire of Haute-Savoie reproduces the published percentages
(seed 002, annex: 122 questionnaires), its closing fed the overall satisfaction indicator, and
loading twice changes nothing."""

import datetime as dt

import pytest
import time_machine

from demo.indicators import load_demo as load_indicators_demo
from demo.organisations import load_organisations_demo
from demo.surveys import SATISFACTION_2018, TITLE_2018, load_demo
from qualipilote.indicators.models import MonthlyMeasurement
from qualipilote.surveys.models import Response, Survey
from qualipilote.surveys.results import question_results, with_previous_wave

TODAY = dt.date(2025, 11, 20)


@pytest.fixture
def demo(db):
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        organisations = load_organisations_demo()
        load_indicators_demo(organisations)
        load_demo(organisations)
        yield organisations


def test_the_2018_survey_reproduces_the_published_percentages(demo):
    survey = Survey.objects.get(title=TITLE_2018)
    results = {r.code: r for r in question_results(survey).questions}
    assert survey.responses.count() == 122
    for code, _label, _counts, published in SATISFACTION_2018:
        assert results[code].rounded_rate == published, code
    assert (results["courtoisie"].rounded_rate, results["attente"].rounded_rate) == (96, 70)
    assert (
        results["accueil-telephonique"].rounded_rate,
        results["accueil-global"].rounded_rate,
    ) == (53, 93)
    assert set(survey.responses.values_list("mode", flat=True)) == {"paper"}


def test_closing_2018_fed_the_overall_satisfaction_of_november_2018(demo):
    measurement = MonthlyMeasurement.objects.get(indicator__code="overall_satisfaction_rate")
    assert (measurement.month, measurement.numerator, measurement.denominator) == (
        dt.date(2018, 11, 1),
        113,
        121,
    )


def test_the_current_wave_compares_with_2018(demo):
    current = Survey.objects.exclude(title=TITLE_2018).get()
    assert current.is_open_on(TODAY)
    results = with_previous_wave(question_results(current))
    assert results.previous.title == TITLE_2018
    overall = next(r for r in results.questions if r.code == "accueil-global")
    assert overall.previous_answers == 121


def test_loading_twice_changes_nothing(demo):
    before = Response.objects.count()
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        load_demo(demo)
    assert Response.objects.count() == before
