"""What the registers put in the signed-in person's work queue on the organisation's home page
(organisations.views assembles the sections every app gives through its AppConfig's
`work_queue(request)`): the records assigned to them or their unit due today, due soon and
overdue, and, for those who run the registers, the public feedback nobody took yet. Each count
links to the register's list filtered the same way (registers.filters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from qualipilote.organisations.permissions import MANAGE_REGISTERS

from .deadlines import DeadlineComputer
from .filters import ME, SOON_WORKING_DAYS, assigned_to_person, not_taken_public_feedback
from .models import Correspondence, Feedback, UpdateRequest

QUEUE_LISTS = (
    (Correspondence, "correspondence_list", "Courriers et courriels"),
    (Feedback, "feedback_list", "Réclamations et suggestions"),
    (UpdateRequest, "update_request_list", "Mises à jour du site et du SVI"),
)


@dataclass(frozen=True)
class QueueCount:
    label: str
    count: int
    url: str
    urgent: bool = False


def my_records(organisation, membership, today: dt.date, calendar=None) -> list[QueueCount]:
    """Per register, the records assigned to `membership` (or their unit): overdue, due today,
    due within SOON_WORKING_DAYS working days. One aggregate query per register model."""
    calendar = calendar or DeadlineComputer.for_organisation(organisation).calendar
    soon = calendar.add_working_days(today, SOON_WORKING_DAYS)
    unanswered = Q(answered_on__isnull=True)
    counts = []
    for model, url_name, title in QUEUE_LISTS:
        figures = (
            model.objects.filter(organisation=organisation)
            .filter(assigned_to_person(membership))
            .aggregate(
                overdue=Count("pk", filter=unanswered & Q(due_on__lt=today)),
                today=Count("pk", filter=unanswered & Q(due_on=today)),
                soon=Count("pk", filter=unanswered & Q(due_on__gt=today, due_on__lte=soon)),
            )
        )
        url = reverse(f"registers:{url_name}", kwargs={"org_code": organisation.code})
        for key, view, label, urgent in (
            ("overdue", "en-retard", "en retard", True),
            ("today", "aujourd-hui", "à rendre aujourd'hui", True),
            ("soon", "bientot", f"à rendre dans les {SOON_WORKING_DAYS} jours ouvrés", False),
        ):
            counts.append(
                QueueCount(
                    f"{title} : {label}",
                    figures[key],
                    f"{url}?{urlencode({'assignee': ME, 'vue': view})}",
                    urgent and figures[key] > 0,
                )
            )
    return counts


def public_feedback_to_take(organisation) -> QueueCount:
    count = not_taken_public_feedback(Feedback.objects.filter(organisation=organisation)).count()
    url = reverse("registers:feedback_list", kwargs={"org_code": organisation.code})
    return QueueCount(
        "Nouveaux avis du public à prendre en charge", count, f"{url}?vue=a-prendre", count > 0
    )


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None:
        return []
    organisation = request.organisation
    today = timezone.localdate()
    counts = my_records(organisation, membership, today)
    sections = [
        {
            "key": "registers",
            "title": "Mes dossiers (à moi ou à mon unité)",
            "counts": counts,
            # Shown as a table: a row per register, a column per urgency.
            "columns": [
                "En retard",
                "À rendre aujourd'hui",
                f"Dans les {SOON_WORKING_DAYS} jours ouvrés",
            ],
            "rows": [
                {"label": title, "cells": counts[index * 3 : index * 3 + 3]}
                for index, (_model, _url, title) in enumerate(QUEUE_LISTS)
            ],
        }
    ]
    if membership.can(MANAGE_REGISTERS):
        sections.append(
            {
                "key": "public-feedback",
                "title": "Avis du public",
                "counts": [public_feedback_to_take(organisation)],
            }
        )
    return sections
