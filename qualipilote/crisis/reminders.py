"""Reminder when no exercise was held in the last 12 months (commitment 43 / 49): each
organisation concerned has its quality leads told, once a month (Huey task, tasks.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import mail
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership, Organisation

from .enums import EventKind
from .models import CrisisEvent
from .timing import PARIS


def organisations_without_exercise(today: dt.date):
    """Organisations without an exercise that started in the 12 months before `today`."""
    day = today.replace(day=28) if (today.month, today.day) == (2, 29) else today
    since = dt.datetime.combine(day.replace(year=day.year - 1), dt.time(), tzinfo=PARIS)
    recent = CrisisEvent.objects.filter(
        organisation=OuterRef("pk"),
        kind=EventKind.EXERCISE,
        started_at__gte=since,
        started_at__lte=timezone.now(),  # held, not merely planned
    )
    return Organisation.objects.exclude(Exists(recent))


def send_no_exercise_reminders(today: dt.date) -> int:
    """One message per organisation without an exercise in 12 months; returns how many."""
    concerned = organisations_without_exercise(today)
    recipients: dict = {}
    for membership in (
        Membership.objects.active()
        .filter(organisation__in=concerned, role=Role.QUALITY_LEAD)
        .select_related("user", "organisation")
    ):
        if membership.user.email:
            recipients.setdefault(membership.organisation, []).append(membership.user.email)
    messages = []
    for organisation, emails in recipients.items():
        url = reverse("crisis:index", kwargs={"org_code": organisation.code})
        messages.append(
            mail.EmailMessage(
                subject="Qualipilote — aucun exercice de communication d'urgence depuis 12 mois",
                body=(
                    f"Bonjour,\n\n{organisation.name} n'a enregistré aucun exercice de "
                    "communication d'urgence depuis 12 mois. Les référentiels demandent des "
                    "exercices réguliers suivis d'un retour d'expérience formalisé "
                    "(Quali-ATE, engagement 43 ; Qual-e-pref, engagement 49).\n\n"
                    f"Planifiez ou enregistrez un exercice dans Qualipilote : {url}\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=sorted(emails),
            )
        )
    if messages:
        mail.get_connection().send_messages(messages)
    return len(messages)
