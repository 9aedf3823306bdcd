"""The committees' part of the work queue (meetings whose date has passed and whose minutes are
missing) and of the milestones calendar (every meeting)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qualipilote.organisations.permissions import MANAGE_COMMITTEES

from .models import Meeting


def meetings_without_minutes(organisation, today):
    return Meeting.objects.filter(
        committee__organisation=organisation, held_on__lt=today, minutes=""
    ).filter(Q(minutes_file="") | Q(minutes_file__isnull=True))


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None or not membership.can(MANAGE_COMMITTEES):
        return []
    organisation = request.organisation
    count = meetings_without_minutes(organisation, timezone.localdate()).count()
    url = reverse("committees:list", kwargs={"org_code": organisation.code})
    return [
        {
            "key": "committees",
            "title": "Comités",
            "counts": [
                {
                    "label": "Réunions passées sans compte rendu",
                    "count": count,
                    "url": f"{url}?sans_compte_rendu=1",
                    "urgent": count > 0,
                }
            ],
        }
    ]


def meeting_milestones(organisation, start, end) -> list[dict]:
    meetings = Meeting.objects.filter(
        committee__organisation=organisation, held_on__gte=start, held_on__lte=end
    ).select_related("committee")
    return [
        {
            "uid": f"comite-{meeting.pk}",
            "category": "Réunion de comité",
            "title": meeting.committee.name,
            "date": meeting.held_on,
            "end": None,
            "url": reverse(
                "committees:meeting", kwargs={"org_code": organisation.code, "pk": meeting.pk}
            ),
        }
        for meeting in meetings
    ]
