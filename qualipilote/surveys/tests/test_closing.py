"""Closing a wave: idempotent, and its rates feed the catalogue's survey indicators in the month
the wave closes (numerator: satisfied; denominator: answers with an opinion)."""

import datetime as dt
from decimal import Decimal

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator, MonthlyMeasurement
from qualipilote.indicators.services import close_month
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.surveys.models import Question, Survey
from qualipilote.surveys.services import close_due_waves, close_wave

from .factories import answer, make_survey

AFTER = dt.date(2026, 11, 3)


@pytest.fixture
def wave(organisation):
    load_catalogue()
    survey = make_survey(organisation)
    Question.objects.filter(survey=survey, code="accueil-global").update(
        feeds_indicator=Indicator.objects.get(code="overall_satisfaction_rate")
    )
    for value in ["very_satisfied", "satisfied", "satisfied", "dissatisfied", "no_opinion"]:
        answer(survey, {"accueil-global": value})
    return survey


@pytest.mark.django_db
def test_closing_feeds_the_indicator_in_the_month_the_wave_closes(wave, organisation):
    fed = close_wave(wave, today=AFTER)
    assert [(f.satisfied, f.answers_with_opinion, f.error) for f in fed] == [(3, 4, "")]
    measurement = MonthlyMeasurement.objects.get(indicator__code="overall_satisfaction_rate")
    assert (measurement.month, measurement.numerator, measurement.denominator) == (
        dt.date(2026, 10, 1),
        Decimal(3),
        Decimal(4),
    )
    assert measurement.value == Decimal("75")
    assert measurement.source == "imported"
    assert "Enquête de satisfaction 2026" in measurement.source_detail


@pytest.mark.django_db
def test_closing_twice_changes_nothing(wave):
    close_wave(wave, today=AFTER)
    first = Survey.objects.get(pk=wave.pk).closed_at
    assert close_wave(wave, today=AFTER) == []
    assert Survey.objects.get(pk=wave.pk).closed_at == first
    assert MonthlyMeasurement.objects.count() == 1


@pytest.mark.django_db
def test_closing_early_closes_today(wave):
    close_wave(wave, today=dt.date(2026, 10, 20))
    assert Survey.objects.get(pk=wave.pk).closes_on == dt.date(2026, 10, 20)


@pytest.mark.django_db
def test_a_closed_indicator_month_is_reported_not_forced(wave, organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    close_month(organisation, dt.date(2026, 10, 1), user=lead, today=AFTER)
    fed = close_wave(wave, today=AFTER)
    assert "clôturé" in fed[0].error
    assert not MonthlyMeasurement.objects.filter(
        indicator__code="overall_satisfaction_rate"
    ).exists()


@pytest.mark.django_db
def test_the_nightly_task_closes_waves_past_their_date(wave):
    assert close_due_waves(today=dt.date(2026, 10, 31)) == 0
    assert close_due_waves(today=AFTER) == 1
    assert Survey.objects.get(pk=wave.pk).closed_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_closings_feed_once(wave):
    results = run_at_once(lambda _i: close_wave(Survey.objects.get(pk=wave.pk), today=AFTER), 2)
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(len(r) for r in results) == [0, 1]
    assert MonthlyMeasurement.objects.count() == 1


@pytest.mark.django_db
def test_the_quality_lead_chooses_which_question_feeds_which_indicator(member_client, organisation):
    load_catalogue()
    survey = make_survey(organisation)
    client = member_client(Role.QUALITY_LEAD)
    overall = Indicator.objects.get(code="overall_satisfaction_rate")
    url = f"/pref-74/enquetes/{survey.pk}/indicateurs/"
    page = client.get(url)
    offered = {label for _value, label in page.context["form"].fields["q_attente"].choices}
    assert "Taux de satisfaction au point numérique" in offered
    assert "Taux d'appels aboutis général" not in offered  # entered, but not from a survey scale
    assert client.post(url, {"q_accueil-global": str(overall.pk)}).status_code == 302
    assert survey.questions.get(code="accueil-global").feeds_indicator == overall
    twice = client.post(url, {"q_accueil-global": str(overall.pk), "q_attente": str(overall.pk)})
    assert "Un indicateur ne peut être alimenté que par une question" in twice.content.decode()


@pytest.mark.django_db
def test_a_closed_wave_keeps_its_indicators(wave):
    close_wave(wave, today=AFTER)
    from django.core.exceptions import ValidationError

    from qualipilote.surveys.services import set_fed_indicators

    with pytest.raises(ValidationError, match="close"):
        set_fed_indicators(wave, {"accueil-global": None})


@pytest.mark.django_db
def test_a_wave_cannot_close_before_it_opens(member_client, organisation):
    survey = make_survey(organisation, opens_on=dt.date(2099, 1, 1), closes_on=dt.date(2099, 1, 31))
    client = member_client(Role.QUALITY_LEAD)
    page = client.post(f"/pref-74/enquetes/{survey.pk}/cloture/", follow=True)
    assert "ne peut pas encore être close" in page.content.decode()
    assert Survey.objects.get(pk=survey.pk).closed_at is None
