"""Emergency communication's part of the signed-in person's work queue (organisations' home
page, through CrisisConfig.work_queue): the events still running, for those who record their
steps; for the quality lead, the events and exercises over without their lessons-learned record
(a RETEX after every one: Quali-ATE 43, Qual-e-pref 49)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from qualipilote.organisations.permissions import MANAGE_CRISIS, RECORD_CRISIS

from .enums import EventKind
from .models import CrisisEvent


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None or not membership.can(RECORD_CRISIS):
        return []
    organisation = request.organisation
    url = reverse("crisis:index", kwargs={"org_code": organisation.code})
    events = CrisisEvent.objects.filter(organisation=organisation)
    running = events.filter(
        kind=EventKind.EVENT, ended_at__isnull=True, started_at__lte=timezone.now()
    ).count()
    counts = [{"label": "Événements en cours", "count": running, "url": url, "urgent": running > 0}]
    if membership.can(MANAGE_CRISIS):
        without_retex = events.filter(ended_at__isnull=False, lessons__isnull=True).count()
        counts.append(
            {
                "label": "Événements et exercices terminés sans retour d'expérience",
                "count": without_retex,
                "url": url,
                "urgent": False,
            }
        )
    return [{"key": "crisis", "title": "Communication d'urgence", "counts": counts}]
