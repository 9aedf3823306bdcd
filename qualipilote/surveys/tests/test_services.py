"""The rules of answering and counting a survey, as the issue states them."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qualipilote.surveys.models import Answer, Response
from qualipilote.surveys.results import Filters, question_results
from qualipilote.surveys.services import read_question_specs

from .factories import answer, make_survey

pytestmark = pytest.mark.django_db


def result_of(survey, code, filters=None):
    return next(
        r for r in question_results(survey, filters or Filters()).questions if r.code == code
    )


def test_satisfaction_rate_leaves_no_opinion_and_blanks_out_of_the_denominator(organisation):
    survey = make_survey(organisation)
    for value in ["very_satisfied", "satisfied", "satisfied", "dissatisfied", "no_opinion"]:
        answer(survey, {"accueil-global": value, "attente": value})
    answer(survey, {"accueil-global": "very_dissatisfied"})  # "attente" left blank
    result = result_of(survey, "attente")
    assert (result.satisfied, result.answers_with_opinion, result.answers) == (3, 4, 5)
    assert result.satisfaction_rate == Decimal("75.0")
    assert {c.code: c.count for c in result.counts} == {
        "very_satisfied": 1,
        "satisfied": 2,
        "dissatisfied": 1,
        "very_dissatisfied": 0,
        "no_opinion": 1,
    }
    overall = result_of(survey, "accueil-global")
    assert (overall.satisfied, overall.answers_with_opinion) == (3, 5)


def test_no_answer_with_an_opinion_gives_no_rate(organisation):
    survey = make_survey(organisation)
    answer(survey, {"accueil-global": "no_opinion"})
    assert result_of(survey, "accueil-global").satisfaction_rate is None


def test_counts_of_choices_multiple_choices_and_ratings(organisation):
    survey = make_survey(organisation)
    answer(
        survey,
        {
            "accueil-global": "satisfied",
            "canaux": ["telephone", "guichet"],
            "note": 8,
            "motif": "permis",
        },
    )
    answer(
        survey,
        {
            "accueil-global": "satisfied",
            "canaux": ["guichet"],
            "note": "10",
            "site-internet": "yes",
        },
    )
    canaux = result_of(survey, "canaux")
    assert {c.code: c.count for c in canaux.counts} == {"telephone": 1, "courriel": 0, "guichet": 2}
    assert canaux.answers == 2
    note = result_of(survey, "note")
    assert note.average == Decimal("9.0")
    assert {c.code: c.count for c in note.counts if c.count} == {"8": 1, "10": 1}


def test_a_response_after_the_closing_date_is_refused(organisation):
    survey = make_survey(organisation)
    with pytest.raises(ValidationError) as error:
        answer(survey, {"accueil-global": "satisfied"}, day=dt.date(2026, 11, 1))
    assert "close depuis le 31/10/2026" in str(error.value)
    assert Response.objects.count() == 0


def test_an_unpublished_survey_takes_no_response(organisation):
    survey = make_survey(organisation, published=False)
    with pytest.raises(ValidationError, match="n'est pas publiée"):
        answer(survey, {"accueil-global": "satisfied"})


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        (
            {"attente": "satisfied"},
            "accueil-global",
            "Satisfaction globale de l'accueil » : cette question est obligatoire",
        ),
        ({"accueil-global": "ravi"}, "accueil-global", "le choix « ravi » n'existe pas"),
        ({"accueil-global": "satisfied", "note": 11}, "note", "une note entière de 0 à 10"),
        ({"accueil-global": "satisfied", "note": "8.5"}, "note", "une note entière de 0 à 10"),
        ({"accueil-global": "satisfied", "motif": ["permis", "autre"]}, "motif", "un seul choix"),
        ({"accueil-global": "satisfied", "inconnue": "x"}, "answers", "Question inconnue"),
        (
            {"accueil-global": "satisfied", "commentaire": "a\x0bb"},
            "commentaire",
            "caractère de contrôle",
        ),
    ],
)
def test_bad_answers_are_refused_naming_the_question_and_nothing_is_stored(
    organisation, answers, field, words
):
    survey = make_survey(organisation)
    with pytest.raises(ValidationError) as error:
        answer(survey, {"site-internet": "yes", **answers})
    assert words in " ".join(error.value.message_dict[field])
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_html_or_a_formula_in_free_text_is_kept_as_text(organisation):
    survey = make_survey(organisation)
    answer(survey, {"accueil-global": "satisfied", "commentaire": "<script>alert(1)</script>"})
    answer(survey, {"accueil-global": "satisfied", "commentaire": '=HYPERLINK("http://x")'})
    assert set(result_of(survey, "commentaire").comments) == {
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x")',
    }


def test_the_same_token_counts_once(organisation):
    survey = make_survey(organisation)
    token = uuid.uuid4()
    first = answer(survey, {"accueil-global": "satisfied"}, token=token)
    again = answer(survey, {"accueil-global": "satisfied"}, token=token)
    assert first.created and not again.created
    assert first.response.pk == again.response.pk
    assert Response.objects.count() == 1


def test_filters_by_site_channel_and_period(organisation):
    from qualipilote.organisations.tests.factories import SiteFactory

    hall, annex = SiteFactory(organisation=organisation), SiteFactory(organisation=organisation)
    survey = make_survey(organisation)
    answer(survey, {"accueil-global": "satisfied"}, site=hall, channel="in_person")
    answer(survey, {"accueil-global": "dissatisfied"}, site=annex, channel="in_person")
    answer(survey, {"accueil-global": "dissatisfied"}, channel="website")
    assert result_of(survey, "accueil-global", Filters(site=hall)).satisfaction_rate == Decimal(
        "100.0"
    )
    assert result_of(survey, "accueil-global", Filters(channel="website")).answers == 1
    assert result_of(survey, "accueil-global", Filters(start=dt.date(2030, 1, 1))).answers == 0


def test_a_site_of_another_organisation_is_refused(organisation, other_organisation):
    from qualipilote.organisations.tests.factories import SiteFactory

    survey = make_survey(organisation)
    with pytest.raises(ValidationError) as error:
        answer(
            survey,
            {"accueil-global": "satisfied"},
            site=SiteFactory(organisation=other_organisation),
        )
    assert "site" in error.value.message_dict


def test_paper_answers_may_be_typed_after_the_wave_with_who_typed_them(organisation):
    from qualipilote.organisations.tests.factories import UserFactory

    survey = make_survey(organisation)
    agent = UserFactory()
    submission = answer(
        survey,
        {"accueil-global": "satisfied"},
        day=dt.date(2026, 11, 5),
        mode="paper",
        entered_by=agent,
        paper_number=12,
    )
    assert (
        submission.response.mode,
        submission.response.entered_by,
        submission.response.paper_number,
    ) == ("paper", agent, 12)


@pytest.mark.parametrize(
    ("questions", "words"),
    [
        ([{"code": "q", "label": "Q", "kind": "smiley"}], "type (kind) inconnu « smiley »"),
        ([{"code": "q", "label": "Q", "kind": "single_choice"}], "au moins deux choix"),
        (
            [{"code": "q", "label": "Q", "kind": "satisfaction", "choices": ["a", "b"]}],
            "sont fixés",
        ),
        ([{"code": "Q 1", "label": "Q", "kind": "text"}], "le code est obligatoire"),
        (
            [
                {"code": "q", "label": "Q", "kind": "text"},
                {"code": "q", "label": "R", "kind": "text"},
            ],
            "déjà celui",
        ),
        ([], "au moins une question"),
    ],
)
def test_bad_questionnaires_are_refused_naming_the_question(questions, words):
    with pytest.raises(ValidationError) as error:
        read_question_specs(questions)
    assert words in " ".join(error.value.messages)


def test_previous_wave_compares_by_question_code(organisation):
    first = make_survey(
        organisation, opens_on=dt.date(2025, 10, 1), closes_on=dt.date(2025, 10, 31), title="2025"
    )
    answer(first, {"accueil-global": "satisfied"})
    answer(first, {"accueil-global": "dissatisfied"})
    second = make_survey(organisation, questionnaire=first.questionnaire, title="2026")
    answer(second, {"accueil-global": "satisfied"})
    from qualipilote.surveys.results import with_previous_wave

    results = with_previous_wave(question_results(second))
    overall = next(r for r in results.questions if r.code == "accueil-global")
    assert results.previous == first
    assert (overall.previous_rate, overall.previous_answers, overall.change) == (
        Decimal("50.0"),
        2,
        Decimal("50.0"),
    )
