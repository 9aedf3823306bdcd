"""The document base's part of the work queue (what I still have to read; for those who keep the
documents, the reviews due within 30 days or overdue) and of the milestones calendar (each
document's next review, of the kind `document_review`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from qualipilote.improvement.enums import MilestoneKind
from qualipilote.organisations.permissions import MANAGE_DOCUMENTS

from .enums import VersionStatus
from .models import Document
from .queries import REVIEW_NOTICE_DAYS, to_read


def _count(label: str, count: int, url: str, urgent: bool) -> dict:
    return {"label": label, "count": count, "url": url, "urgent": urgent and count > 0}


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None:
        return []
    organisation = request.organisation
    today = timezone.localdate()
    code = organisation.code
    counts = [
        _count(
            "Documents à lire",
            to_read(organisation, request.user).count(),
            reverse("documents:to_read", kwargs={"org_code": code}),
            False,
        )
    ]
    if membership.can(MANAGE_DOCUMENTS):
        figures = (
            Document.objects.filter(
                organisation=organisation,
                next_review_on__isnull=False,
                versions__status=VersionStatus.APPROVED,
            )
            .distinct()
            .aggregate(
                overdue=Count("pk", filter=Q(next_review_on__lt=today), distinct=True),
                soon=Count(
                    "pk",
                    filter=Q(
                        next_review_on__gte=today,
                        next_review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS),
                    ),
                    distinct=True,
                ),
            )
        )
        url = reverse("documents:list", kwargs={"org_code": code})
        counts += [
            _count("Revues de documents dépassées", figures["overdue"], url, True),
            _count(
                f"Revues de documents dans les {REVIEW_NOTICE_DAYS} jours",
                figures["soon"],
                url,
                False,
            ),
        ]
    return [{"key": "documents", "title": "Base documentaire", "counts": counts}]


def review_milestones(organisation, start: dt.date, end: dt.date) -> list[dict]:
    documents = (
        Document.objects.filter(
            organisation=organisation,
            next_review_on__gte=start,
            next_review_on__lte=end,
            versions__status=VersionStatus.APPROVED,
        )
        .distinct()
        .order_by("next_review_on")
    )
    return [
        {
            "uid": f"document-review-{document.pk}",
            "category": MilestoneKind.DOCUMENT_REVIEW.label,
            "title": f"Revue : {document}",
            "date": document.next_review_on,
            "end": None,
            "url": reverse(
                "documents:document", kwargs={"org_code": organisation.code, "pk": document.pk}
            ),
        }
        for document in documents
    ]
