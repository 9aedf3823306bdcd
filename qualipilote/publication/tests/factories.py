"""An organisation with something to publish, built as production builds it: the real indicator
catalogue, a phone figure entered for October 2026, e-mails in the register (computed on-time
rate), October closed, a survey wave answered and closed, and a labelling scope."""

import datetime as dt
from decimal import Decimal

from qualipilote.frameworks.tests.factories import (
    CommitmentFactory,
    LabellingScopeFactory,
    ModuleFactory,
)
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator
from qualipilote.indicators.services import EnteredFigure, close_month, record_entered_figure
from qualipilote.registers.tests.factories import CorrespondenceFactory
from qualipilote.surveys import services as survey_services
from qualipilote.surveys.models import Question
from qualipilote.surveys.tests.factories import answer, make_survey

from .. import services

OCTOBER = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 11, 16)
PUBLISHED_CODES = [
    "phone_answer_rate",
    "email_answered_on_time_rate",
    "letter_average_response_days",  # no letter in the register: no data, left out
]
# accueil-global: 3 very satisfied, 3 satisfied, 1 dissatisfied, 1 very dissatisfied, 2 no
# opinion → 6 / 8 = 75 %, net (6 − 2) / 8 = 50 points.
OVERALL_ANSWERS = ["very_satisfied"] * 3 + ["satisfied"] * 3
OVERALL_ANSWERS += ["dissatisfied", "very_dissatisfied", "no_opinion", "no_opinion"]


def enter_phone_figure(organisation, answered, received, month=OCTOBER):
    record_entered_figure(
        organisation,
        EnteredFigure(
            indicator=Indicator.objects.get(code="phone_answer_rate"),
            month=month,
            numerator=Decimal(answered),
            denominator=Decimal(received),
        ),
        user=None,
        today=TODAY,
    )


def emails(organisation):
    """Four e-mails received Monday 5 October 2026: three answered the next day, one 15 days
    later (5 working days allowed): 75 % on time."""
    for answered in [dt.date(2026, 10, 6)] * 3 + [dt.date(2026, 10, 20)]:
        CorrespondenceFactory(
            organisation=organisation,
            channel="email",
            received_on=dt.date(2026, 10, 5),
            answered_on=answered,
        )


def closed_wave(organisation, title="Enquête de satisfaction 2026"):
    survey = make_survey(organisation, title=title)
    Question.objects.filter(survey=survey, code="accueil-global").update(
        feeds_indicator=Indicator.objects.get(code="overall_satisfaction_rate")
    )
    for value in OVERALL_ANSWERS:
        answer(survey, {"accueil-global": value, "attente": "satisfied"})
    survey_services.close_wave(survey, today=TODAY)
    return survey


def scope_with_commitments(organisation, titles=("Nous vous accueillons avec courtoisie",)):
    module = ModuleFactory()
    for number, title in enumerate(titles, start=1):
        CommitmentFactory(module=module, number=number, title=title)
    return LabellingScopeFactory(
        organisation=organisation, version=module.version, modules=[module]
    )


def something_to_publish(organisation, lead_user=None, *, answered=4500, received=5000):
    load_catalogue()
    enter_phone_figure(organisation, answered, received)
    emails(organisation)
    close_month(organisation, OCTOBER, user=lead_user, today=TODAY)
    closed_wave(organisation)
    scope_with_commitments(organisation)


def draft(organisation, user=None, codes=PUBLISHED_CODES, **choices):
    return services.save_draft(
        organisation,
        user=user,
        indicator_codes=codes,
        include_commitments=choices.get("include_commitments", True),
        include_survey=choices.get("include_survey", True),
    )


def published(organisation, user=None, **choices):
    return services.publish(draft(organisation, user, **choices), user=user)
