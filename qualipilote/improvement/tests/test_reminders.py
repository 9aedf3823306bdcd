import datetime as dt

from django.core import mail

from qualipilote.improvement import audits, services
from qualipilote.improvement.reminders import send_improvement_reminders
from qualipilote.improvement.tasks import daily_improvement_reminders

D = dt.date


def test_owners_get_their_overdue_and_due_soon_actions(organisation, lead, in_march_2026):
    for title, due in (
        ("Retard", D(2026, 3, 3)),
        ("Bientôt", D(2026, 3, 12)),
        ("Loin", D(2026, 6, 1)),
    ):
        services.create_action(
            organisation,
            user=lead,
            title=title,
            kind="corrective",
            source="complaint",
            owner=lead,
            due_on=due,
        )
    assert send_improvement_reminders(D(2026, 3, 10)) == 1
    [message] = mail.outbox
    assert message.to == [lead.email]
    assert "EN RETARD (1)" in message.body and "Retard" in message.body
    assert "Bientôt" in message.body and "Loin" not in message.body


def test_quality_leads_hear_of_the_audits_ahead_on_mondays(organisation, scope, lead):
    audits.create_audit(
        organisation, user=lead, kind="follow_up", starts_on=D(2026, 3, 20), ends_on=D(2026, 3, 21)
    )
    assert send_improvement_reminders(D(2026, 3, 3)) == 0  # a Tuesday
    assert send_improvement_reminders(D(2026, 3, 2)) == 1
    assert "Audit de suivi du 20/03/2026" in mail.outbox[0].body


def test_the_daily_task_runs(organisation, lead):
    daily_improvement_reminders.call_local()
