"""The committees' section of the annual quality review (order 30): the steering committee and
the other committees held in the year, with their dates, attendees and decisions."""

from __future__ import annotations

from django.db.models import Count

from qualipilote.common.annual_review import ReviewSection, ReviewTable

from .enums import CommitteeKind, MeetingStatus
from .models import Decision, Meeting


def annual_review(organisation, year: int) -> list[ReviewSection]:
    meetings = (
        Meeting.objects.filter(
            committee__organisation=organisation, status=MeetingStatus.HELD, held_on__year=year
        )
        .annotate(
            attendee_count=Count("attendees", distinct=True),
            decision_count=Count("decisions", distinct=True),
        )
        .values("committee__name", "committee__kind", "held_on", "attendee_count", "decision_count")
        .order_by("held_on", "committee__name")
    )
    rows = list(meetings)
    title = "Pilotage et comités"
    if not rows:
        return [
            ReviewSection(
                order=30,
                title=title,
                empty_statement=f"Aucune réunion de comité n'est enregistrée comme tenue en {year}.",
            )
        ]
    by_kind = (
        Meeting.objects.filter(
            committee__organisation=organisation, status=MeetingStatus.HELD, held_on__year=year
        )
        .values("committee__kind")
        .annotate(n=Count("pk"))
        .order_by("committee__kind")
    )
    labels = dict(CommitteeKind.choices)
    parts = [f"{labels[row['committee__kind']]} : {row['n']}" for row in by_kind]
    decisions = Decision.objects.filter(
        meeting__committee__organisation=organisation,
        meeting__status=MeetingStatus.HELD,
        meeting__held_on__year=year,
    ).count()
    paragraphs = [
        f"{len(rows)} réunion{'s' if len(rows) > 1 else ''} de comité tenue"
        f"{'s' if len(rows) > 1 else ''} en {year} ({' ; '.join(parts)}), "
        f"{decisions} décision{'s' if decisions > 1 else ''} inscrite"
        f"{'s' if decisions > 1 else ''} au plan d'actions."
    ]
    table = ReviewTable(
        caption=f"Réunions de comité tenues en {year}",
        headers=["Comité", "Date", "Participants", "Décisions"],
        rows=[
            [
                row["committee__name"],
                row["held_on"].strftime("%d/%m/%Y"),
                str(row["attendee_count"]),
                str(row["decision_count"]),
            ]
            for row in rows
        ],
    )
    return [ReviewSection(order=30, title=title, paragraphs=paragraphs, tables=[table])]
