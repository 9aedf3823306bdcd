"""Issue 11, item 4: the draft agenda of a steering committee is built from the data since the
previous COPIL meeting (or the last twelve months for the first): indicators off target in the
closed months, overdue actions, new complaints and their themes with counts, audit findings
recorded, survey waves closed with their headline results, milestones ahead. The saved agenda
is a copy that later data changes do not alter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from qualipilote.assessments.tests.factories import labelled_framework
from qualipilote.committees import services
from qualipilote.committees.agenda import (
    ACTIONS,
    COMPLAINTS,
    FINDINGS,
    INDICATORS,
    MILESTONES,
    SURVEYS,
    build_draft,
    complaint_counts,
)
from qualipilote.improvement.models import Milestone
from qualipilote.improvement.tests.factories import (
    GRADES,
    ActionFactory,
    AuditFactory,
    FindingFactory,
)
from qualipilote.indicators.tests.factories import (
    IndicatorFactory,
    MonthClosureFactory,
    MonthlyMeasurementFactory,
)
from qualipilote.registers.tests.factories import FeedbackFactory
from qualipilote.surveys.models import Survey
from qualipilote.surveys.tests.factories import answer, make_survey

from .conftest import TODAY
from .factories import CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PREVIOUS = dt.date(2026, 6, 15)


@pytest.fixture
def copil(organisation):
    return CommitteeFactory(organisation=organisation, name="COPIL qualité", kind="steering")


@pytest.fixture
def meeting(copil):
    MeetingFactory(committee=copil, held_on=PREVIOUS, status="held")
    return MeetingFactory(committee=copil, held_on=TODAY)


def titles(draft, section):
    return [item.title for item in draft.items if item.section == section]


def measure(organisation, indicator, month, numerator, closed=True):
    MonthlyMeasurementFactory(
        organisation=organisation,
        indicator=indicator,
        month=month,
        numerator=Decimal(numerator),
        denominator=Decimal(100),
    )
    if closed:
        MonthClosureFactory(organisation=organisation, month=month)


def test_the_period_runs_from_the_previous_copil_of_the_organisation(organisation, meeting):
    users = CommitteeFactory(organisation=organisation, kind="users")
    MeetingFactory(committee=users, held_on=dt.date(2026, 9, 1))  # not a steering committee
    draft = build_draft(meeting, today=TODAY)
    assert (draft.since, draft.until) == (PREVIOUS, TODAY)
    assert draft.previous.held_on == PREVIOUS


def test_the_first_copil_looks_back_twelve_months(organisation, copil):
    first = MeetingFactory(committee=copil, held_on=TODAY)
    draft = build_draft(first, today=TODAY)
    assert (draft.since, draft.previous) == (dt.date(2025, 11, 20), None)
    first.held_on = dt.date(2028, 2, 29)
    first.save()
    assert build_draft(first, today=TODAY).since == dt.date(2027, 2, 28)


def test_indicators_off_target_in_the_closed_months_of_the_period(organisation, meeting):
    phone = IndicatorFactory(label="Taux de décroché", target_operator=">=", target_value=80)
    met = IndicatorFactory(label="Délai de réponse", target_operator=">=", target_value=10)
    measure(organisation, phone, dt.date(2026, 5, 1), 10)  # before the previous COPIL
    measure(organisation, phone, dt.date(2026, 7, 1), 70)
    measure(organisation, phone, dt.date(2026, 8, 1), 90)
    measure(organisation, phone, dt.date(2026, 9, 1), 72)
    measure(organisation, phone, dt.date(2026, 10, 1), 50, closed=False)  # month still open
    measure(organisation, met, dt.date(2026, 7, 1), 95, closed=False)
    MonthlyMeasurementFactory(organisation=organisation, indicator=met, month=dt.date(2026, 8, 1))

    assert titles(build_draft(meeting, today=TODAY), INDICATORS) == [
        "Taux de décroché : hors objectif 2 mois sur 3 mois clos (objectif ≥ 80,00 %, "
        "72,00 % en 09/2026)"
    ]


def test_a_reopened_month_no_longer_counts(organisation, meeting):
    phone = IndicatorFactory(label="Taux de décroché")
    measure(organisation, phone, dt.date(2026, 7, 1), 70, closed=False)
    MonthClosureFactory(
        organisation=organisation,
        month=dt.date(2026, 7, 1),
        reopened_at=timezone.now(),
        reopen_reason="Chiffre corrigé",
    )
    assert titles(build_draft(meeting, today=TODAY), INDICATORS) == []


def test_overdue_actions_are_listed_with_their_owner(organisation, meeting, lead):
    late = ActionFactory(
        organisation=organisation,
        reference="PA-74-2026-00004",
        title="Refaire la signalétique",
        owner=lead,
        due_on=dt.date(2026, 10, 1),
    )
    ActionFactory(organisation=organisation, due_on=dt.date(2026, 12, 1))
    ActionFactory(
        organisation=organisation,
        due_on=dt.date(2026, 9, 1),
        status="done",
        completed_on=dt.date(2026, 9, 1),
    )
    assert titles(build_draft(meeting, today=TODAY), ACTIONS) == [
        f"{late.reference} — Refaire la signalétique (pilote : Florence Gouache, échéance "
        "dépassée du 01/10/2026)"
    ]


def test_new_complaints_are_counted_by_theme_in_the_database(
    organisation, other_organisation, meeting
):
    for theme in ("Accueil", "Accueil", "Délais de réponse", "  "):
        FeedbackFactory(organisation=organisation, received_on=dt.date(2026, 7, 1), theme=theme)
    FeedbackFactory(organisation=organisation, received_on=dt.date(2026, 6, 1))  # before
    FeedbackFactory(organisation=organisation, received_on=dt.date(2026, 7, 2), kind="suggestion")
    FeedbackFactory(organisation=other_organisation, received_on=dt.date(2026, 7, 2))

    assert complaint_counts(organisation, PREVIOUS, TODAY) == [
        {"theme_label": "Accueil", "count": 2},
        {"theme_label": "Délais de réponse", "count": 1},
        {"theme_label": "Sans thème", "count": 1},
    ]
    assert titles(build_draft(meeting, today=TODAY), COMPLAINTS) == [
        "4 nouvelles réclamations depuis le 15/06/2026 — thèmes : Accueil (2), "
        "Délais de réponse (1), Sans thème (1)"
    ]


def test_audit_findings_recorded_in_the_period(organisation, meeting):
    framework = labelled_framework()
    framework.version.finding_grades = GRADES
    framework.version.save()
    audit = AuditFactory(
        organisation=organisation,
        version=framework.version,
        starts_on=dt.date(2026, 9, 14),
        ends_on=dt.date(2026, 9, 15),
    )
    FindingFactory(
        audit=audit,
        commitment=framework.commitments[3],
        text="Les délais de réponse aux courriels ne sont pas suivis.",
        recorded_at=dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC),
    )
    FindingFactory(
        audit=audit,
        commitment=framework.commitments[4],
        recorded_at=dt.datetime(2026, 5, 15, 12, tzinfo=dt.UTC),  # before the previous COPIL
    )
    assert titles(build_draft(meeting, today=TODAY), FINDINGS) == [
        "Audit interne du 14/09/2026 — Non-conformité mineure, engagement 3 : Les délais de "
        "réponse aux courriels ne sont pas suivis."
    ]


def test_survey_waves_closed_in_the_period_with_their_headline_results(organisation, meeting):
    wave = make_survey(
        organisation,
        title="Enquête de satisfaction 2026",
        opens_on=dt.date(2026, 9, 1),
        closes_on=dt.date(2026, 9, 30),
    )
    for value in ("very_satisfied", "satisfied", "satisfied", "dissatisfied", "no_opinion"):
        answer(wave, {"accueil-global": value})
    Survey.objects.filter(pk=wave.pk).update(closed_at=dt.datetime(2026, 10, 1, 6, tzinfo=dt.UTC))
    still_open = make_survey(
        organisation, opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 15)
    )
    answer(still_open, {"accueil-global": "satisfied"}, day=dt.date(2026, 11, 2))
    assert titles(build_draft(meeting, today=TODAY), SURVEYS) == [
        "Enquête de satisfaction 2026 (du 01/09/2026 au 30/09/2026) : 5 réponses, 75 % de "
        "satisfaits (4 avis exprimés)"
    ]


def test_milestones_ahead_come_from_the_milestones_registry(organisation, meeting):
    framework = labelled_framework()
    AuditFactory(
        organisation=organisation,
        version=framework.version,
        kind="labelling",
        starts_on=dt.date(2027, 1, 12),
        ends_on=dt.date(2027, 1, 13),
    )
    Milestone.objects.create(
        organisation=organisation, title="BEGES", on=dt.date(2027, 3, 1), kind="beges"
    )
    Milestone.objects.create(
        organisation=organisation, title="Trop loin", on=dt.date(2027, 9, 1), kind="other"
    )
    assert titles(build_draft(meeting, today=TODAY), MILESTONES) == [
        "12/01/2027 — Audit de labellisation : Audit de labellisation",
        "01/03/2027 — BEGES : BEGES",
    ]


def test_the_saved_agenda_is_a_copy_that_later_data_does_not_change(organisation, meeting, lead):
    ActionFactory(
        organisation=organisation,
        title="Refaire la signalétique",
        owner=lead,
        due_on=dt.date(2026, 10, 1),
    )
    draft = build_draft(meeting, today=TODAY)
    services.save_agenda(meeting, [(i.section, i.title) for i in draft.items])
    ActionFactory(
        organisation=organisation,
        title="Former les agents",
        owner=lead,
        due_on=dt.date(2026, 10, 2),
    )
    saved = list(meeting.agenda.values_list("title", flat=True))
    assert len(saved) == 1 and "Refaire la signalétique" in saved[0]
    assert len(titles(build_draft(meeting, today=TODAY), ACTIONS)) == 2


def test_another_organisation_data_never_enters_the_draft(
    organisation, other_organisation, meeting
):
    phone = IndicatorFactory(label="Taux de décroché")
    measure(other_organisation, phone, dt.date(2026, 7, 1), 10)
    ActionFactory(organisation=other_organisation, due_on=dt.date(2026, 10, 1))
    FeedbackFactory(organisation=other_organisation, received_on=dt.date(2026, 7, 1))
    assert build_draft(meeting, today=TODAY).items == []
