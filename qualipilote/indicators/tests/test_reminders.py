"""The reminder of missing monthly figures (reminders.py, monthly Huey task), read from Django's
mail outbox."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from qualipilote.indicators.reminders import send_missing_figure_reminders
from qualipilote.indicators.tasks import remind_missing_figures
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UserFactory

from .factories import MonthlyMeasurementFactory

D = dt.date
ENTERED = [
    "phone_answer_rate",
    "website_visit_share",
    "social_engagement_rate",
    "digital_point_visitors",
    "digital_point_satisfaction_rate",
]


def give_every_figure(organisation, catalogue, month, except_for=()):
    for code in ENTERED:
        if code not in except_for:
            MonthlyMeasurementFactory(
                organisation=organisation, indicator=catalogue[code], month=month
            )


def test_the_quality_leads_hear_which_figures_of_last_month_are_missing(
    catalogue, organisation, other_organisation
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT)
    MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD, user=UserFactory(email=""))
    MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD)
    give_every_figure(organisation, catalogue, D(2024, 2, 1), except_for=["phone_answer_rate"])
    give_every_figure(other_organisation, catalogue, D(2024, 2, 1))

    sent = send_missing_figure_reminders(D(2024, 3, 5))

    assert sent == 1
    [message] = mail.outbox
    assert message.to == [lead.email]
    assert message.subject == "Qualipilote — chiffres manquants de février 2024"
    assert (
        "Il manque les chiffres de février 2024 de la Préfecture de la Haute-Savoie" in message.body
    )
    assert "- Taux d'appels aboutis général" in message.body
    assert "Nombre d'usagers" not in message.body
    assert "/pref-74/indicateurs/chiffres/" in message.body


def test_nobody_is_reminded_when_every_figure_is_there(catalogue, organisation):
    MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    give_every_figure(organisation, catalogue, D(2024, 2, 1))

    assert send_missing_figure_reminders(D(2024, 3, 5)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_monthly_task_sends_the_reminders_of_last_month(catalogue, organisation):
    MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)

    with time_machine.travel(dt.datetime(2024, 4, 5, 6, tzinfo=dt.UTC), tick=False):
        remind_missing_figures.call_local()

    assert [m.subject for m in mail.outbox] == ["Qualipilote — chiffres manquants de mars 2024"]
    assert mail.outbox[0].body.count("\n- ") == 5
