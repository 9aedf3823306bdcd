"""Figures of the document base, computed in the database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from qualipilote.organisations.models import Membership

from .enums import VersionStatus
from .models import Document, DocumentVersion, Reading

REVIEW_NOTICE_DAYS = 30


def active_members(organisation):
    return Membership.objects.active().filter(organisation=organisation)


def documents_with_figures(organisation):
    """The organisation's documents, each with its current version (number, id, approval date)
    and how many active members have read that version."""
    current = DocumentVersion.objects.filter(document=OuterRef("pk"), status=VersionStatus.APPROVED)
    readers = (
        Reading.objects.filter(
            version__document=OuterRef("pk"),
            version__status=VersionStatus.APPROVED,
            user__memberships__organisation=organisation,
            user__memberships__suspended_at__isnull=True,
        )
        .order_by()
        .values("version__document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Document.objects.filter(organisation=organisation)
        .select_related("theme", "owner_unit")
        .annotate(
            current_id=Subquery(current.values("pk")[:1]),
            current_number=Subquery(current.values("number")[:1]),
            current_approved_at=Subquery(current.values("approved_at")[:1]),
            open_status=Subquery(
                DocumentVersion.objects.filter(
                    document=OuterRef("pk"),
                    status__in=(VersionStatus.DRAFT, VersionStatus.IN_REVIEW),
                ).values("status")[:1]
            ),
            readers=Coalesce(Subquery(readers, output_field=IntegerField()), Value(0)),
        )
    )


def reading_by_unit(version: DocumentVersion) -> list[dict]:
    """For each unit of the organisation that has active members: how many there are, how many
    have read `version`, and the share (None when the unit has no member)."""
    organisation = version.document.organisation
    rows = (
        active_members(organisation)
        .filter(unit__isnull=False)
        .annotate(has_read=Exists(Reading.objects.filter(version=version, user=OuterRef("user"))))
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(members=Count("pk"), readers=Count("pk", filter=Q(has_read=True)))
        .order_by("unit__name")
    )
    return [
        {
            "unit_id": row["unit_id"],
            "unit": row["unit__name"],
            "members": row["members"],
            "readers": row["readers"],
            "share": round(100 * row["readers"] / row["members"]) if row["members"] else None,
        }
        for row in rows
    ]


def reading_of_all(version: DocumentVersion) -> dict:
    figures = (
        active_members(version.document.organisation)
        .annotate(has_read=Exists(Reading.objects.filter(version=version, user=OuterRef("user"))))
        .aggregate(members=Count("pk"), readers=Count("pk", filter=Q(has_read=True)))
    )
    members = figures["members"]
    figures["share"] = round(100 * figures["readers"] / members) if members else None
    return figures


def to_read(organisation, user):
    """The current versions of the organisation's documents that `user` has not acknowledged."""
    return (
        DocumentVersion.objects.filter(
            document__organisation=organisation, status=VersionStatus.APPROVED
        )
        .exclude(readings__user=user)
        .select_related("document", "document__theme")
        .order_by("document__number", "document__title")
    )


def reviews_due(organisation, today: dt.date):
    """Documents in force whose next review is overdue or within REVIEW_NOTICE_DAYS."""
    return (
        Document.objects.filter(
            organisation=organisation,
            next_review_on__isnull=False,
            next_review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS),
            versions__status=VersionStatus.APPROVED,
        )
        .distinct()
        .order_by("next_review_on", "number")
    )
