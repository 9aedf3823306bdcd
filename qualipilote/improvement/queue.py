"""The action plan's part of the signed-in person's work queue (organisations' home page,
through ImprovementConfig.work_queue): their own actions overdue and due soon; for those who
manage the plan, every overdue action of the organisation; for those who manage audits, the
open nonconformities that no action answers yet and the audits of the coming month. Each count
links to the filtered list."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from qualipilote.frameworks.models import FrameworkVersion
from qualipilote.organisations.permissions import MANAGE_ACTIONS, MANAGE_AUDITS

from .enums import FindingStatus
from .milestones import TYPED_REMINDER_DAYS, typed_milestones_soon
from .models import Action, Audit, Finding
from .reminders import DUE_SOON_DAYS

AUDITS_AHEAD_DAYS = 30


def _count(label: str, count: int, url: str, urgent: bool) -> dict:
    return {"label": label, "count": count, "url": url, "urgent": urgent and count > 0}


def action_counts(organisation, membership, today: dt.date) -> list[dict]:
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    late = Q(due_on__lt=today)
    coming = Q(due_on__gte=today, due_on__lte=soon)
    mine = Q(owner=membership.user)
    figures = (
        Action.objects.filter(organisation=organisation)
        .open()
        .aggregate(
            my_late=Count("pk", filter=mine & late),
            my_soon=Count("pk", filter=mine & coming),
            all_late=Count("pk", filter=late),
        )
    )
    url = reverse("improvement:actions", kwargs={"org_code": organisation.code})
    counts = [
        _count(
            "Mes actions en retard",
            figures["my_late"],
            f"{url}?{urlencode({'owner': membership.user_id, 'when': 'overdue'})}",
            True,
        ),
        _count(
            f"Mes actions à échéance dans les {DUE_SOON_DAYS} jours",
            figures["my_soon"],
            f"{url}?{urlencode({'owner': membership.user_id, 'when': 'due_soon'})}",
            False,
        ),
    ]
    if membership.can(MANAGE_ACTIONS):
        counts.append(
            _count(
                "Actions en retard dans toute l'organisation",
                figures["all_late"],
                f"{url}?{urlencode({'when': 'overdue'})}",
                False,
            )
        )
    return counts


def nonconformities_without_action(organisation) -> int:
    """Open findings graded as a nonconformity on their version's scale (data of the framework
    version, so read per version) that no action answers yet."""
    waiting = (
        Finding.objects.filter(audit__organisation=organisation, status=FindingStatus.OPEN)
        .annotate(action_count=Count("actions"))
        .filter(action_count=0)
        .values_list("grade", "audit__version_id")
        .order_by()
    )
    grades_by_version: dict[int, set[str]] = {}
    count = 0
    for grade, version_id in waiting:
        if version_id not in grades_by_version:
            version = FrameworkVersion.objects.get(pk=version_id)
            grades_by_version[version_id] = version.nonconformity_grades()
        count += grade in grades_by_version[version_id]
    return count


def audit_counts(organisation, today: dt.date) -> list[dict]:
    url = reverse("improvement:audits", kwargs={"org_code": organisation.code})
    ahead = Audit.objects.filter(
        organisation=organisation,
        starts_on__gte=today,
        starts_on__lte=today + dt.timedelta(days=AUDITS_AHEAD_DAYS),
    ).count()
    return [
        _count(
            "Non-conformités sans action",
            nonconformities_without_action(organisation),
            url,
            True,
        ),
        _count(f"Audits dans les {AUDITS_AHEAD_DAYS} jours", ahead, url, False),
    ]


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None:
        return []
    organisation = request.organisation
    today = timezone.localdate()
    counts = action_counts(organisation, membership, today)
    if membership.can(MANAGE_AUDITS):
        counts += audit_counts(organisation, today)
    if membership.can(MANAGE_AUDITS) or membership.can(MANAGE_ACTIONS):
        counts.append(
            _count(
                f"Jalons dans les {TYPED_REMINDER_DAYS} jours",
                typed_milestones_soon(organisation, today),
                reverse("improvement:milestones", kwargs={"org_code": organisation.code}),
                False,
            )
        )
    return [{"key": "improvement", "title": "Plan d'actions et audits", "counts": counts}]
