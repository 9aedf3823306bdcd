"""Closing a month (issue 4, item 5): the values are frozen as evidence for the linked
commitments; a record changed afterwards does not rewrite the month, the difference is shown;
reopening needs a reason; indicators without a figure are listed as missing."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualipilote.frameworks.tests.factories import (
    CommitmentFactory,
    FrameworkFactory,
    FrameworkVersionFactory,
    ModuleFactory,
)
from qualipilote.indicators import services
from qualipilote.indicators.models import MonthClosure, MonthlyMeasurement
from qualipilote.indicators.table import build_table
from qualipilote.organisations.enums import Role
from qualipilote.registers.tests.factories import FeedbackFactory

from .factories import MonthlyMeasurementFactory

D = dt.date
FEB = D(2024, 2, 1)
TODAY = D(2024, 3, 15)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2024, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def url(name, org="pref-74"):
    return reverse(f"indicators:{name}", kwargs={"org_code": org})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def on_time_feedback(organisation, count=1):
    return [
        FeedbackFactory(
            organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6)
        )
        for _ in range(count)
    ]


def stored(organisation, code, month=FEB):
    return MonthlyMeasurement.objects.organisation_level().get(
        organisation=organisation, indicator__code=code, month=month
    )


@pytest.fixture
def lead(organisation):
    from qualipilote.organisations.tests.factories import MembershipFactory

    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user


def test_closing_freezes_the_figures_with_who_and_when(catalogue, organisation, lead):
    on_time_feedback(organisation, 2)

    closure = services.close_month(organisation, FEB, user=lead, today=TODAY)

    frozen = stored(organisation, "feedback_answered_on_time_rate")
    assert (frozen.numerator, frozen.denominator, frozen.value) == (2, 2, 100)
    assert closure.closed_by == lead and closure.closed_at is not None
    snapshot = {item["code"]: item for item in closure.snapshot}
    assert snapshot["feedback_answered_on_time_rate"]["value"] == "100.0000"
    assert snapshot["feedback_average_response_days"]["numerator"] == "2.00"


def test_a_record_changed_after_closing_does_not_rewrite_the_month_and_the_difference_shows(
    catalogue, organisation, lead
):
    on_time_feedback(organisation, 2)
    services.close_month(organisation, FEB, user=lead, today=TODAY)
    FeedbackFactory(  # recorded late, after the closing: 23 February is past its due date
        organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 3, 1)
    )

    services.refresh_months(organisation, [FEB], today=TODAY)
    table = build_table(organisation, FEB, FEB, today=TODAY)
    cell = next(
        r for r in table.rows if r.indicator.code == "feedback_answered_on_time_rate"
    ).cells[0]

    assert stored(organisation, "feedback_answered_on_time_rate").value == 100
    assert (cell.closed, cell.value, cell.live_differs) == (True, Decimal(100), True)
    assert round(cell.live_value, 2) == Decimal("66.67")
    assert table.columns[0].closure is not None


def test_the_dashboard_and_the_months_page_show_the_frozen_and_the_live_values(
    catalogue, organisation, lead, quality_lead_client, frozen_today
):
    on_time_feedback(organisation, 2)
    services.close_month(organisation, FEB, user=lead, today=TODAY)
    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 3, 1))

    dashboard = text_of(
        quality_lead_client.get(url("dashboard"), {"start": "2024-02", "end": "2024-02"})
    )
    months = text_of(quality_lead_client.get(url("months")))

    row = dashboard[dashboard.index('id="row-feedback_answered_on_time_rate"') :]
    row = row[: row.index("</tr>")]
    assert "100,00 %" in row and "≠ recalcul : 66,67 %" in row
    assert "clôturé" in dashboard
    assert "Février 2024 : 2 valeurs figées, 2 différences avec le recalcul" in months
    # Live average: (1 + 1 + 19 working days, 5 February to 1 March) / 3 = 7 days.
    assert "≠ 66,67 %" in months and "≠ 7,00 j" in months


def test_the_months_page_names_the_commitments_each_frozen_figure_proves(
    catalogue, organisation, lead, quality_lead_client, frozen_today
):
    version = FrameworkVersionFactory(
        framework=FrameworkFactory(code="qual-e-pref"), version="2019"
    )
    module = ModuleFactory(version=version, number=1)
    CommitmentFactory(
        module=module, number=17, title="Nous vous répondons dans un délai annoncé et maîtrisé"
    )
    on_time_feedback(organisation)
    services.close_month(organisation, FEB, user=lead, today=TODAY)

    page = text_of(quality_lead_client.get(url("months")))
    evidence = page[page.index('id="preuves-2024-02"') :]
    feedback_row = evidence[evidence.index("Taux de réponse aux suggestions") :]
    feedback_row = feedback_row[: feedback_row.index("</tr>")]

    assert "Engagement 17 — Nous vous répondons dans un délai annoncé et maîtrisé" in feedback_row
    assert "qual-e-pref 2019 : engagements 3, 17" not in feedback_row  # resolved, not raw


def test_the_commitments_shown_are_those_of_the_organisations_labelling_scope(
    catalogue, organisation, lead, quality_lead_client, frozen_today
):
    from qualipilote.frameworks.tests.factories import LabellingScopeFactory

    qual_e_pref = FrameworkVersionFactory(
        framework=FrameworkFactory(code="qual-e-pref"), version="2019"
    )
    quali_ate = FrameworkVersionFactory(
        framework=FrameworkFactory(code="quali-ate"), version="2024"
    )
    CommitmentFactory(module=ModuleFactory(version=qual_e_pref, number=1), number=17, title="Délai")
    CommitmentFactory(
        module=ModuleFactory(version=quali_ate, number=1), number=15, title="Délai ATE"
    )
    LabellingScopeFactory(organisation=organisation, version=qual_e_pref)
    on_time_feedback(organisation)
    services.close_month(organisation, FEB, user=lead, today=TODAY)

    page = text_of(quality_lead_client.get(url("months")))
    evidence = page[page.index('id="preuves-2024-02"') :]

    assert "Engagement 17 — Délai" in evidence
    assert "Délai ATE" not in evidence


def test_closing_lists_the_indicators_without_a_figure(catalogue, organisation, lead):
    MonthlyMeasurementFactory(
        organisation=organisation, indicator=catalogue["phone_answer_rate"], month=FEB
    )

    closure = services.close_month(organisation, FEB, user=lead, today=TODAY)

    assert closure.missing == [
        "website_visit_share",
        "social_engagement_rate",
        "digital_point_visitors",
        "digital_point_satisfaction_rate",
    ]


def test_the_months_page_lists_missing_figures_of_closed_and_open_months(
    catalogue, organisation, lead, quality_lead_client, frozen_today
):
    services.close_month(organisation, FEB, user=lead, today=TODAY)

    page = text_of(quality_lead_client.get(url("months")))
    february = page[page.index('id="mois-2024-02"') :]
    february = february[: february.index("</tr>")]

    assert "Clôturé" in february and "5 manquants" in february
    assert "Taux d'appels aboutis général" in february


@pytest.mark.parametrize(
    ("month", "message"),
    [
        (D(2024, 3, 1), "Seul un mois terminé peut être clôturé."),
        (FEB, "Le mois de février 2024 est déjà clôturé."),
    ],
)
def test_an_unfinished_or_already_closed_month_cannot_be_closed(
    catalogue, organisation, lead, month, message
):
    services.close_month(organisation, FEB, user=lead, today=TODAY)
    with pytest.raises(ValidationError, match=message):
        services.close_month(organisation, month, user=lead, today=TODAY)


def test_reopening_needs_a_reason_and_then_recomputes_the_month(catalogue, organisation, lead):
    on_time_feedback(organisation, 2)
    services.close_month(organisation, FEB, user=lead, today=TODAY)
    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 3, 1))

    with pytest.raises(ValidationError, match="Indiquez le motif de la réouverture."):
        services.reopen_month(organisation, FEB, user=lead, reason="  ", today=TODAY)
    closure = services.reopen_month(
        organisation, FEB, user=lead, reason="Réclamation enregistrée en retard", today=TODAY
    )

    assert (closure.reopened_by, closure.reopen_reason) == (
        lead,
        "Réclamation enregistrée en retard",
    )
    assert round(stored(organisation, "feedback_answered_on_time_rate").value, 2) == Decimal(
        "66.67"
    )
    assert not MonthClosure.objects.in_force().exists()


def test_closing_and_reopening_through_the_pages(
    catalogue, organisation, quality_lead_client, frozen_today
):
    closed = quality_lead_client.post(url("close"), {"month": "2024-02"}, follow=True)
    without_reason = quality_lead_client.post(
        url("reopen"),
        {"prefix": "m202402", "m202402-month": "2024-02", "m202402-reason": ""},
        follow=True,
    )
    still_closed = MonthClosure.objects.in_force().count()
    reopened = quality_lead_client.post(
        url("reopen"),
        {"prefix": "m202402", "m202402-month": "2024-02", "m202402-reason": "Chiffre corrigé"},
        follow=True,
    )

    assert "Mois de février 2024 clôturé (5 indicateur(s) sans chiffre)." in text_of(closed)
    assert "Indiquez le motif de la réouverture." in text_of(without_reason)
    assert still_closed == 1
    assert "Mois de février 2024 rouvert." in text_of(reopened)
    assert "Chiffre corrigé" in text_of(reopened)  # the closing history keeps the reason
    assert not MonthClosure.objects.in_force().exists()
