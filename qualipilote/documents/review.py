"""The document base's section of the annual quality review (order 100): documents created or
updated in the year, reviews done and overdue, reading shares of the versions in force."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from qualipilote.common.annual_review import ReviewBar, ReviewChart, ReviewSection, ReviewTable

from .enums import VersionStatus
from .models import Document, DocumentVersion, Reading
from .queries import active_members

ORDER = 100
TITLE = "Base documentaire et guide des procédures"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count <= 1 else many}"  # French: 0 and 1 are singular


def annual_review(organisation, year: int) -> list[ReviewSection]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    last_day = min(dt.date(year, 12, 31), timezone.localdate())
    documents = Document.objects.filter(organisation=organisation)
    figures = documents.aggregate(
        created=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end), distinct=True),
        in_force=Count("pk", filter=Q(versions__status=VersionStatus.APPROVED), distinct=True),
    )
    approved = DocumentVersion.objects.filter(
        document__organisation=organisation, approved_at__gte=start, approved_at__lt=end
    )
    approvals = approved.aggregate(
        total=Count("pk"),
        documents=Count("document", distinct=True),
        first=Count("pk", filter=Q(number=1)),
    )
    overdue = (
        documents.filter(
            versions__status=VersionStatus.APPROVED,
            next_review_on__lt=last_day,
            created_at__lt=end,
        )
        .distinct()
        .count()
    )
    if not (figures["created"] or approvals["total"] or figures["in_force"]):
        return [
            ReviewSection(
                order=ORDER,
                title=TITLE,
                empty_statement=f"Aucun document n'a été créé ni mis à jour en {year}.",
            )
        ]
    paragraphs = [
        f"En {year}, {_plural(figures['created'], 'document a été créé', 'documents ont été créés')}"
        f" et {_plural(approvals['documents'], 'document a été validé', 'documents ont été validés')}"
        f" ({_plural(approvals['total'], 'version approuvée', 'versions approuvées')}, dont "
        f"{_plural(approvals['total'] - approvals['first'], 'révision', 'révisions')} d'un "
        "document existant).",
        f"{_plural(figures['in_force'], 'document est en vigueur', 'documents sont en vigueur')} ; "
        f"{_plural(overdue, 'revue est en retard', 'revues sont en retard')} au "
        f"{last_day:%d/%m/%Y}.",
    ]
    tables = []
    rows = list(
        approved.select_related("document")
        .order_by("document__number", "document__title", "number")
        .values_list("document__number", "document__title", "number", "approved_at")
    )
    if rows:
        tables.append(
            ReviewTable(
                caption=f"Versions validées en {year}",
                headers=["N°", "Document", "Version", "Validée le"],
                rows=[
                    [
                        "" if number is None else str(number),
                        title,
                        str(version),
                        timezone.localtime(at).strftime("%d/%m/%Y"),
                    ]
                    for number, title, version, at in rows
                ],
            )
        )
    members = active_members(organisation).count()
    charts = []
    if members and figures["in_force"]:
        readers = (
            DocumentVersion.objects.filter(
                document__organisation=organisation, status=VersionStatus.APPROVED
            )
            .annotate(
                readers=Count(
                    "readings",
                    filter=Q(
                        readings__user__memberships__organisation=organisation,
                        readings__user__memberships__suspended_at__isnull=True,
                    ),
                )
            )
            .order_by("document__number", "document__title")
            .values_list("document__number", "document__title", "readers")
        )
        bars = [
            ReviewBar(
                label=f"{number} — {title}" if number is not None else title,
                value=round(100 * count / members),
            )
            for number, title, count in readers
        ]
        charts.append(
            ReviewChart(title="Part des agents qui ont lu la version en vigueur", bars=bars)
        )
        everyone = (
            active_members(organisation)
            .annotate(
                read_all=~Exists(
                    DocumentVersion.objects.filter(
                        document__organisation=organisation, status=VersionStatus.APPROVED
                    ).exclude(
                        Exists(
                            Reading.objects.filter(
                                version=OuterRef("pk"), user=OuterRef(OuterRef("user"))
                            )
                        )
                    )
                )
            )
            .aggregate(n=Count("pk", filter=Q(read_all=True)))["n"]
        )
        paragraphs.append(
            f"{_plural(everyone, 'agent a', 'agents ont')} pris connaissance de tous les "
            f"documents en vigueur, sur {members} membres actifs."
        )
    return [
        ReviewSection(order=ORDER, title=TITLE, paragraphs=paragraphs, tables=tables, charts=charts)
    ]
