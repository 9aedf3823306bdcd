"""The BEGES reminder by e-mail: the quality leads of an organisation are told on the day the
six-month window before the next BEGES opens, and again on its due date if no new report has been
recorded. Stateless (the days are computed from the last report); the work queue shows the
reminder every day of the window. The Huey task (tasks.py) only calls `send_beges_reminders`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import mail
from django.db.models import Max

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership, Organisation

from .services import BEGES_EVERY_YEARS, add_years, beges_reminder_from


def beges_messages(today: dt.date) -> list[mail.EmailMessage]:
    messages = []
    latest = Organisation.objects.annotate(last=Max("beges_reports__reported_on")).filter(
        last__isnull=False
    )
    for organisation in latest:
        due = add_years(organisation.last, BEGES_EVERY_YEARS)
        if today not in (beges_reminder_from(due), due):
            continue
        leads = sorted(
            email
            for email in Membership.objects.active()
            .filter(organisation=organisation, role=Role.QUALITY_LEAD)
            .values_list("user__email", flat=True)
            if email
        )
        if not leads:
            continue
        when = "aujourd'hui" if today == due else f"le {due:%d/%m/%Y}"
        body = "\n".join(
            [
                "Bonjour,",
                "",
                f"Le bilan des émissions de gaz à effet de serre (BEGES) de {organisation.name} "
                f"est à renouveler {when} : le précédent date du {organisation.last:%d/%m/%Y} et "
                f"se renouvelle tous les {BEGES_EVERY_YEARS} ans.",
                "",
                "Enregistrez le nouveau bilan et son plan d'action dans Qualipilote "
                "(Éco-responsabilité).",
                "",
                "— Qualipilote (message automatique)",
            ]
        )
        messages.append(
            mail.EmailMessage(
                subject=f"[Qualipilote] {organisation.name} — BEGES à renouveler {when}",
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=leads,
            )
        )
    return messages


def send_beges_reminders(today: dt.date) -> int:
    messages = beges_messages(today)
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
