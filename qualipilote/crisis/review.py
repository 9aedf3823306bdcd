"""Emergency communication in the annual quality review (section 90): the real events and the
exercises of the year, with the one-hour checks of the cell and of the information."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from qualipilote.common.annual_review import ReviewSection, ReviewTable
from qualipilote.common.review_text import date, plural

from .enums import EventKind
from .models import CrisisEvent

ORDER = 90
TITLE = "La communication d'urgence"


def _check(value: bool | None, minutes: int | None) -> str:
    if value is None:
        return "Non mesuré"
    return (
        f"{'Oui' if value else 'Non'} ({minutes} min)"
        if minutes is not None
        else ("Oui" if value else "Non")
    )


def crisis_section(organisation, year: int) -> list[ReviewSection]:
    tz = timezone.get_current_timezone()
    events = CrisisEvent.objects.filter(
        organisation=organisation,
        started_at__gte=dt.datetime(year, 1, 1, tzinfo=tz),
        started_at__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz),
    ).order_by("started_at", "pk")
    counts = events.aggregate(
        real=Count("pk", filter=Q(kind=EventKind.EVENT)),
        exercises=Count("pk", filter=Q(kind=EventKind.EXERCISE)),
        with_lessons=Count("pk", filter=Q(lessons__isnull=False)),
    )
    if not counts["real"] and not counts["exercises"]:
        return [
            ReviewSection(
                ORDER,
                TITLE,
                empty_statement=f"Aucun événement majeur ni exercice de communication d'urgence "
                f"n'a été enregistré en {year}.",
            )
        ]
    rows = [
        [
            date(timezone.localtime(event.started_at).date()),
            event.get_kind_display(),
            event.title,
            _check(event.cell_within_hour, event.cell_delay_minutes),
            _check(event.information_within_hour, event.information_delay_minutes),
        ]
        for event in events
    ]
    paragraphs = [
        f"En {year} : {plural(counts['real'], 'événement majeur', 'événements majeurs')} et "
        f"{plural(counts['exercises'], 'exercice')} ; "
        f"{plural(counts['with_lessons'], 'retour d’expérience formalisé', 'retours d’expérience formalisés')}."
    ]
    table = ReviewTable(
        f"Événements et exercices de {year}",
        [
            "Date",
            "Nature",
            "Intitulé",
            "Cellule activée en moins d'une heure",
            "Information en moins d'une heure",
        ],
        rows,
    )
    return [ReviewSection(ORDER, TITLE, paragraphs=paragraphs, tables=[table])]
