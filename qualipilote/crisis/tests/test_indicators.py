"""Yearly figures of emergency communication, the national share of organisations with at
least 4 exercises, the reminder when no exercise was held for 12 months, and the RETEX."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from qualipilote.crisis import hooks
from qualipilote.crisis.enums import EventKind, Step
from qualipilote.crisis.indicators import exercise_share, yearly_figures
from qualipilote.crisis.models import CrisisEvent, LessonItem
from qualipilote.crisis.reminders import send_no_exercise_reminders
from qualipilote.crisis.services import (
    add_lesson_item,
    event_checks,
    link_action,
    record_step,
    write_lessons,
)
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def event_with(organisation, start, *, kind=EventKind.EVENT, cell=None, cod=None, info=None):
    event = CrisisEventFactory(organisation=organisation, kind=kind, started_at=start)
    if cell is not None:
        record_step(event, step=Step.CELL_ACTIVATED, at=start + dt.timedelta(minutes=cell))
    if cod is not None:
        cod_at = start + dt.timedelta(minutes=cod)
        record_step(event, step=Step.COD_ACTIVATED, at=cod_at)
        for step in (Step.OFFICIALS_INFORMED, Step.PUBLIC_INFORMED, Step.MEDIA_INFORMED):
            record_step(event, step=step, at=cod_at + dt.timedelta(minutes=info))
    return event


def test_stored_checks_follow_the_steps(organisation):
    event = event_with(organisation, paris(2025, 3, 30, 1, 30), cell=60, cod=10, info=50)
    event.refresh_from_db()
    checks = event_checks(event)
    assert (event.cell_delay_minutes, event.cell_within_hour) == (60, True)
    assert (event.information_delay_minutes, event.information_within_hour) == (50, True)
    assert event.cell_within_hour == checks.cell_within_hour


def test_yearly_figures_count_events_and_leave_exercises_apart(organisation):
    event_with(organisation, paris(2025, 2, 1, 8, 0), cell=30, cod=10, info=40)
    event_with(organisation, paris(2025, 5, 1, 8, 0), cell=90, cod=10, info=70)
    event_with(organisation, paris(2025, 7, 1, 8, 0), cell=20)  # running: information unknown
    event_with(organisation, paris(2025, 9, 1, 8, 0), kind=EventKind.EXERCISE, cell=10)
    event_with(organisation, paris(2024, 12, 31, 23, 30), cell=5)  # another year (Paris)
    figures = yearly_figures(CrisisEvent.objects.filter(organisation=organisation), 2025)
    assert figures.count == 3
    assert (figures.cell_within, figures.cell_known) == (2, 3)
    assert figures.cell_within_percent == Decimal("66.7")
    assert (figures.information_within, figures.information_known) == (1, 2)
    assert figures.cell_median_minutes == 30
    assert figures.information_median_minutes == 55
    exercises = yearly_figures(CrisisEvent.objects.all(), 2025, EventKind.EXERCISE)
    assert exercises.count == 1 and exercises.cell_within == 1


def test_an_event_starting_on_new_years_eve_in_paris_counts_in_that_year(organisation):
    # 31 December 2025 at 23:30 in Paris is 22:30 UTC: 2025, not 2026.
    event_with(organisation, paris(2025, 12, 31, 23, 30), cell=20)
    assert yearly_figures(CrisisEvent.objects.all(), 2025).count == 1
    assert yearly_figures(CrisisEvent.objects.all(), 2026).count == 0


def test_share_of_organisations_with_four_exercises(organisation, other_organisation):
    for month in (1, 3, 6, 9):
        CrisisEventFactory(
            organisation=organisation,
            kind=EventKind.EXERCISE,
            started_at=paris(2025, month, 1, 9, 0),
        )
    for month in (1, 3, 6):
        CrisisEventFactory(
            organisation=other_organisation,
            kind=EventKind.EXERCISE,
            started_at=paris(2025, month, 1, 9, 0),
        )
    CrisisEventFactory(
        organisation=other_organisation, kind=EventKind.EVENT, started_at=paris(2025, 10, 1, 9, 0)
    )
    share = exercise_share(Organisation.objects.all(), 2025)
    assert (share.with_enough, share.organisations) == (1, 2)
    assert share.percent == Decimal("50.0")
    assert share.met is False


def test_the_national_view_shows_the_exercise_share(national_client, organisation):
    response = national_client.get("/national/")
    assert "Organisations ayant tenu au moins 4 exercices" in response.content.decode()


def test_reminder_when_no_exercise_in_twelve_months(organisation, other_organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD)
    CrisisEventFactory(
        organisation=other_organisation, kind=EventKind.EXERCISE, started_at=paris(2025, 3, 2, 9, 0)
    )
    CrisisEventFactory(
        organisation=organisation, kind=EventKind.EXERCISE, started_at=paris(2025, 2, 28, 9, 0)
    )
    assert send_no_exercise_reminders(dt.date(2026, 3, 1)) == 1
    assert mail.outbox[0].to == [lead.email]
    assert "aucun exercice de communication d'urgence depuis 12 mois" in mail.outbox[0].subject


def test_a_real_event_does_not_count_as_an_exercise_for_the_reminder(organisation):
    MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    CrisisEventFactory(
        organisation=organisation, kind=EventKind.EVENT, started_at=paris(2026, 1, 5, 9, 0)
    )
    assert send_no_exercise_reminders(dt.date(2026, 3, 1)) == 1


def test_a_retex_item_that_did_not_work_is_announced_to_the_action_plan(organisation):
    event = CrisisEventFactory(organisation=organisation, kind=EventKind.EXERCISE)
    lessons = write_lessons(event, what_happened="Exercice SEVESO à Passy.")
    heard = []

    def action_plan(item):
        heard.append(item)
        link_action(item, "PA-2025-007")

    hooks.subscribe_lesson_item(action_plan)
    try:
        add_lesson_item(
            lessons, theme="information", outcome="worked", text="Communiqué en 20 min."
        )
        missed = add_lesson_item(
            lessons, theme="tools", outcome="did_not_work", text="Accès FR-Alert non testé."
        )
    finally:
        hooks.unsubscribe_lesson_item(action_plan)
    assert heard == [missed]
    assert LessonItem.objects.get(pk=missed.pk).action_reference == "PA-2025-007"


def test_a_retex_item_with_an_unknown_theme_is_refused(organisation):
    lessons = write_lessons(CrisisEventFactory(organisation=organisation), what_happened="Crue.")
    with pytest.raises(ValidationError, match="n'est pas un thème connu"):
        add_lesson_item(lessons, theme="weather", outcome="worked", text="…")
    assert not LessonItem.objects.exists()


def test_the_retex_page_records_what_happened_and_an_item(member_client, organisation):
    agent = member_client(Role.AGENT)
    event = CrisisEventFactory(organisation=organisation)
    url = f"/{organisation.code}/communication-urgence/{event.pk}/retour-experience/"
    assert (
        agent.post(url, {"what_happened": "Crue de l'Arve, 3 communes évacuées."}).status_code
        == 302
    )
    response = agent.post(
        url,
        {
            "add_item": "1",
            "theme": "media",
            "outcome": "did_not_work",
            "text": "Point presse tardif.",
        },
    )
    assert response.status_code == 302
    # The action plan (subscribed to hooks.announce_lesson_item) made it an action at once.
    reference = LessonItem.objects.get().action_reference
    assert reference.startswith("PA-74-")
    assert reference in agent.get(url).content.decode()


def test_a_planned_exercise_neither_counts_nor_silences_the_reminder(organisation):
    from qualipilote.crisis.services import open_event

    MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    planned = open_event(
        organisation, title="Exercice prévu", kind=EventKind.EXERCISE, started_at=future
    )
    assert planned.pk
    assert send_no_exercise_reminders(dt.date.today()) == 1
    assert exercise_share(Organisation.objects.all(), future.year).with_enough == 0
    assert yearly_figures(CrisisEvent.objects.all(), future.year, EventKind.EXERCISE).count == 0


def test_a_real_event_cannot_start_in_the_future(organisation):
    from qualipilote.crisis.services import open_event

    with pytest.raises(ValidationError, match="dans le futur"):
        open_event(
            organisation,
            title="Crue",
            kind=EventKind.EVENT,
            started_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
        )
