"""Daily reminders: each unit's contact gets its items due within 1 working day and its overdue
ones; items without a unit go to the quality leads."""

import datetime as dt

import pytest
from django.core import mail

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory
from qualipilote.registers.models import Correspondence, Feedback, UpdateRequest
from qualipilote.registers.tasks import daily_deadline_reminders, send_deadline_reminders

pytestmark = pytest.mark.django_db

# Friday 27 February 2026: the next working day is Monday 2 March.
TODAY = dt.date(2026, 2, 27)


def email_received(organisation, received_on, **fields):
    record = Correspondence(
        organisation=organisation, channel="email", received_on=received_on, **fields
    )
    record.save()
    return record


@pytest.fixture
def unit(organisation):
    return UnitFactory(
        organisation=organisation, name="Bureau des étrangers", contact_email="bae@pref74.gouv.fr"
    )


def test_unit_contact_gets_overdue_and_due_items(organisation, unit):
    email_received(
        organisation, dt.date(2026, 2, 13), unit=unit, topic="Titre de séjour"
    )  # due 20/02
    email_received(
        organisation, dt.date(2026, 2, 23), unit=unit, topic="Naturalisation"
    )  # due 02/03
    email_received(organisation, dt.date(2026, 2, 24), unit=unit)  # due 03/03: not yet
    email_received(organisation, dt.date(2026, 2, 13), unit=unit, answered_on=dt.date(2026, 2, 16))
    assert send_deadline_reminders(TODAY) == 1
    [message] = mail.outbox
    assert message.to == ["bae@pref74.gouv.fr"]
    assert "1 en retard, 1 à échéance" in message.subject
    assert "EN RETARD (1)" in message.body
    assert "Titre de séjour — échéance dépassée le 20/02/2026" in message.body
    assert "À RÉPONDRE AU PLUS TARD LE 02/03/2026 (1)" in message.body
    assert "Naturalisation — échéance le 02/03/2026" in message.body
    assert "24/02/2026" not in message.body


def test_feedback_and_updates_are_named_by_reference(organisation, unit):
    feedback = Feedback(
        organisation=organisation,
        kind="complaint",
        source="box",
        received_on=dt.date(2026, 2, 2),
        unit=unit,
        theme="Attente",
    )
    feedback.save()
    UpdateRequest(
        organisation=organisation,
        target="website",
        description="Horaires",
        received_on=dt.date(2026, 2, 23),
        unit=unit,
    ).save()
    send_deadline_reminders(TODAY)
    body = mail.outbox[0].body
    assert f"Réclamation {feedback.reference}, reçu le 02/02/2026 — Attente" in body
    assert "Mise à jour (Site internet)" in body


def test_items_without_a_unit_go_to_the_quality_leads(organisation, unit):
    lead = MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_LEAD,
        user=UserFactory(email="referent@pref74.gouv.fr"),
    )
    MembershipFactory(
        organisation=organisation, role=Role.AGENT, user=UserFactory(email="agent@pref74.gouv.fr")
    )
    silent_unit = UnitFactory(organisation=organisation, contact_email="")
    email_received(organisation, dt.date(2026, 2, 13))
    email_received(organisation, dt.date(2026, 2, 13), unit=silent_unit)
    send_deadline_reminders(TODAY)
    [message] = mail.outbox
    assert message.to == [lead.user.email]
    assert "EN RETARD (2)" in message.body


def test_each_unit_gets_its_own_message(organisation, unit, other_organisation):
    other_unit = UnitFactory(organisation=organisation, contact_email="accueil@pref74.gouv.fr")
    savoie_unit = UnitFactory(organisation=other_organisation, contact_email="bae@pref73.gouv.fr")
    email_received(organisation, dt.date(2026, 2, 13), unit=unit)
    email_received(organisation, dt.date(2026, 2, 13), unit=other_unit)
    email_received(other_organisation, dt.date(2026, 2, 13), unit=savoie_unit)
    assert send_deadline_reminders(TODAY) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "accueil@pref74.gouv.fr",
        "bae@pref73.gouv.fr",
        "bae@pref74.gouv.fr",
    ]
    assert all("pref74" not in m.body for m in mail.outbox if m.to == ["bae@pref73.gouv.fr"])


def test_nothing_due_sends_nothing(organisation, unit):
    email_received(organisation, dt.date(2026, 2, 25), unit=unit)  # due 04/03
    assert send_deadline_reminders(TODAY) == 0
    assert mail.outbox == []


def test_the_daily_task_sends_the_reminders(organisation, unit, time_machine):
    time_machine.move_to(dt.datetime(2026, 2, 27, 7, 30, tzinfo=dt.UTC))
    email_received(organisation, dt.date(2026, 2, 13), unit=unit)
    daily_deadline_reminders.call_local()
    assert len(mail.outbox) == 1
