"""Eco-responsibility in the work queue (home page) and the milestones calendar: the next BEGES
is due three years after the last; from six months before, those who manage eco-responsibility
see it in their queue. Its due date is a milestone of kind BEGES."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from qualipilote.improvement.enums import MilestoneKind
from qualipilote.organisations.permissions import MANAGE_ECORESPONSIBILITY

from .enums import ActionStatus
from .models import EcoAction
from .services import beges_reminder_from, latest_beges, next_beges_due


def beges_reminder(organisation, today: dt.date) -> dict | None:
    due = next_beges_due(organisation)
    if due is None or today < beges_reminder_from(due):
        return None
    late = today > due
    return {
        "label": (
            f"BEGES en retard : attendu le {due:%d/%m/%Y}"
            if late
            else f"BEGES à renouveler avant le {due:%d/%m/%Y}"
        ),
        "count": 1,
        "url": reverse("ecoresponsibility:index", kwargs={"org_code": organisation.code})
        + "#beges",
        "urgent": late,
    }


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None or not membership.can(MANAGE_ECORESPONSIBILITY):
        return []
    organisation = request.organisation
    today = timezone.localdate()
    url = reverse("ecoresponsibility:index", kwargs={"org_code": organisation.code})
    late = EcoAction.objects.filter(
        organisation=organisation,
        status__in=(ActionStatus.PLANNED, ActionStatus.IN_PROGRESS),
        due_on__lt=today,
    ).count()
    counts = [
        {
            "label": "Actions d'éco-responsabilité en retard",
            "count": late,
            "url": f"{url}#actions",
            "urgent": late > 0,
        }
    ]
    reminder = beges_reminder(organisation, today)
    if reminder:
        counts.append(reminder)
    return [{"key": "ecoresponsibility", "title": "Éco-responsabilité", "counts": counts}]


def beges_milestones(organisation, start: dt.date, end: dt.date) -> list[dict]:
    latest = latest_beges(organisation)
    due = next_beges_due(organisation)
    if latest is None or not start <= due <= end:
        return []
    return [
        {
            "uid": f"beges-{latest.pk}",
            "category": MilestoneKind.BEGES.label,
            "title": f"BEGES à produire (le précédent date du {latest.reported_on:%d/%m/%Y})",
            "date": due,
            "end": None,
            "url": reverse("ecoresponsibility:index", kwargs={"org_code": organisation.code})
            + "#beges",
        }
    ]
