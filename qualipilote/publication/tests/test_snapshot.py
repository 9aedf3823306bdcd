"""What a publication holds: the chosen figures of the latest closed month, the latest closed
wave's rates with their answers, the scope's commitments; nothing made up."""

from decimal import Decimal

import pytest

from qualipilote.indicators.services import close_month, reopen_month
from qualipilote.publication import services
from qualipilote.publication.results import read

from .factories import OCTOBER, TODAY, draft, enter_phone_figure, published

pytestmark = pytest.mark.django_db


def test_the_published_set_has_the_chosen_figures_of_the_latest_closed_month(
    data, lead, frozen_today
):
    publication = published(data, lead)
    results = read(publication.content, publication.published_on)
    assert results.month_label == "octobre 2026"
    lines = {line.code: line for line in results.indicators}
    assert set(lines) == {"phone_answer_rate", "email_answered_on_time_rate"}
    phone = lines["phone_answer_rate"]
    assert (phone.value_display, phone.base, phone.target, phone.status_words) == (
        "90,00 %",
        "sur 5\u202f000 appels reçus",
        "> 90,00 %",
        "Objectif non atteint",
    )
    assert lines["email_answered_on_time_rate"].value == Decimal("75.00")
    # The indicator without data that month is left out, never shown as zero.
    assert results.omitted == [
        "Délai moyen de réponse aux demandes d'information par courrier (en jours)"
    ]


def test_the_latest_closed_wave_is_published_per_question_with_its_answers(
    data, lead, frozen_today
):
    results = read(published(data, lead).content, None)
    assert results.survey_title == "Enquête de satisfaction 2026"
    assert results.survey_period == "du 01/10/2026 au 31/10/2026"
    assert results.survey_responses == 10
    overall = results.overall
    assert (overall.code, overall.answers, overall.rate_display) == ("accueil-global", 8, "75 %")
    attente = next(q for q in results.questions if q.code == "attente")
    assert (attente.answers, attente.rate_display) == (10, "100 %")


def test_an_open_or_unclosed_wave_is_not_published(organisation, lead, frozen_today):
    from qualipilote.indicators.catalogue import load_catalogue
    from qualipilote.surveys.tests.factories import answer, make_survey

    load_catalogue()
    survey = make_survey(organisation)
    answer(survey, {"accueil-global": "satisfied"})
    assert services.preview_content(draft(organisation, lead))["survey"] is None


def test_the_scope_commitments_are_published_in_their_order(data, lead, frozen_today):
    results = read(published(data, lead).content, None)
    assert results.commitments == [{"number": 1, "title": "Nous vous accueillons avec courtoisie"}]


def test_what_the_lead_leaves_out_is_not_published(data, lead, frozen_today):
    publication = published(
        data, lead, codes=["phone_answer_rate"], include_commitments=False, include_survey=False
    )
    results = read(publication.content, None)
    assert [line.code for line in results.indicators] == ["phone_answer_rate"]
    assert results.commitments == [] and results.questions == []
    assert "Taux de satisfaction globale" not in [row.indicator for row in results.open_data()]


def test_a_later_correction_does_not_change_what_was_published_only_a_new_publication_does(
    data, lead, frozen_today
):
    first = published(data, lead)
    # The lead reopens October and corrects the phone figure: 4,800 calls answered, not 4,500.
    reopen_month(data, OCTOBER, user=lead, reason="Chiffre de l'opérateur corrigé", today=TODAY)
    enter_phone_figure(data, 4800, 5000)
    close_month(data, OCTOBER, user=lead, today=TODAY)
    first.refresh_from_db()
    frozen = {line.code: line for line in read(first.content, None).indicators}
    assert frozen["phone_answer_rate"].value_display == "90,00 %"
    second = published(data, lead)
    fresh = {line.code: line for line in read(second.content, None).indicators}
    assert fresh["phone_answer_rate"].value_display == "96,00 %"
    first.refresh_from_db()
    assert (first.status, second.status) == ("replaced", "published")


def test_sp_plus_indicators_come_from_the_published_figures(data, lead, frozen_today):
    rows = {row.indicator: row for row in read(published(data, lead).content, None).open_data()}
    assert rows["Taux de décroché"].value == Decimal("90.0")
    assert rows["Taux de décroché"].base == 5000
    assert rows["Part des demandes traitées dans le délai annoncé"].value == Decimal("75.0")
    assert rows["Taux de satisfaction globale"].value == Decimal("75.0")
    # Net satisfaction: (6 satisfied − 2 dissatisfied) / 8 answers with an opinion.
    assert rows["Taux de satisfaction nette"].value == Decimal("50.0")
    assert rows["Taux de satisfaction nette"].period == "du 01/10/2026 au 31/10/2026"


def test_an_sp_plus_indicator_without_data_is_omitted_never_zero(data, lead, frozen_today):
    publication = published(
        data, lead, codes=["letter_average_response_days"], include_survey=False
    )
    indicators = [row.indicator for row in read(publication.content, None).open_data()]
    assert indicators == []
