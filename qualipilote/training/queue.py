"""Training's part of the work queue (home page), for those who manage training: the year's
newcomers still without a tutor or not yet made aware of the quality programme, and the training
needs still to be dealt with."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from qualipilote.organisations.permissions import MANAGE_TRAINING

from .enums import NeedStatus
from .models import QualityAwareness, TrainingNeed, TutoringPair
from .services import newcomers


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None or not membership.can(MANAGE_TRAINING):
        return []
    organisation = request.organisation
    year = timezone.localdate().year
    url = reverse("training:index", kwargs={"org_code": organisation.code})
    arrived = newcomers(organisation, year)
    without_tutor = arrived.exclude(
        pk__in=TutoringPair.objects.filter(organisation=organisation).values("newcomer_id")
    ).count()
    not_aware = arrived.exclude(
        pk__in=QualityAwareness.objects.filter(organisation=organisation).values("member_id")
    ).count()
    open_needs = TrainingNeed.objects.filter(
        organisation=organisation, status=NeedStatus.OPEN
    ).count()
    counts = [
        {
            "label": f"Nouveaux arrivants {year} sans tuteur",
            "count": without_tutor,
            "url": f"{url}#nouveaux-arrivants",
            "urgent": without_tutor > 0,
        },
        {
            "label": f"Nouveaux arrivants {year} non sensibilisés à la démarche qualité",
            "count": not_aware,
            "url": f"{url}#nouveaux-arrivants",
            "urgent": False,
        },
        {
            "label": "Besoins de formation à traiter",
            "count": open_needs,
            "url": f"{url}#besoins",
            "urgent": False,
        },
    ]
    return [{"key": "training", "title": "Formation et tutorat", "counts": counts}]
