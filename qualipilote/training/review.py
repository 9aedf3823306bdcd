"""Training's section of the annual quality review (order 110)."""

from __future__ import annotations

from django.db.models import Count, Sum

from qualipilote.common.annual_review import ReviewBar, ReviewChart, ReviewSection, ReviewTable

from .enums import SessionKind
from .models import Attendance, TrainingSession
from .services import year_figures


def _hours(value) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + " h"


def _share(share) -> str:
    if share.percent is None:
        return "—"
    return f"{share.count} / {share.total} ({str(share.percent).replace('.', ',')} %)"


def annual_review(organisation, year: int) -> list[ReviewSection]:
    title = "Formation, tutorat et accueil des nouveaux arrivants"
    sessions = TrainingSession.objects.filter(organisation=organisation, held_on__year=year)
    by_kind = dict(sessions.values_list("kind").annotate(n=Count("pk")).order_by())
    present = Attendance.objects.filter(session__in=sessions, present=True).aggregate(
        people=Count("member", distinct=True), hours=Sum("session__duration_hours")
    )
    figures = year_figures(organisation, year)
    total = figures[-1]
    if not by_kind and not total.newcomers:
        return [
            ReviewSection(
                order=110,
                title=title,
                empty_statement=f"Aucune formation ni aucun nouvel arrivant n'a été enregistré en {year}.",
            )
        ]
    trainings = by_kind.get(SessionKind.TRAINING, 0)
    days = by_kind.get(SessionKind.NEWCOMERS_DAY, 0)
    paragraphs = [
        f"En {year}, {trainings} session(s) de formation et {days} journée(s) d'accueil des "
        f"nouveaux arrivants ont été organisées ; {present['people']} agent(s) y ont assisté, "
        f"pour {_hours(present['hours'] or 0)} de formation au total.",
    ]
    if total.newcomers:
        paragraphs.append(
            f"{total.newcomers} nouvel(s) arrivant(s) : {_share(total.tutored)} avec un tuteur, "
            f"{_share(total.trained_on_reception)} formé(s) à l'accueil, "
            f"{_share(total.aware)} sensibilisé(s) à la démarche qualité."
        )
    rows = [
        [
            f.unit_name,
            str(f.newcomers),
            _share(f.tutored),
            _share(f.trained_on_reception),
            _share(f.aware),
            _hours(f.training_hours),
        ]
        for f in figures
    ]
    table = ReviewTable(
        caption=f"Nouveaux arrivants et heures de formation par unité en {year}",
        headers=[
            "Unité",
            "Nouveaux arrivants",
            "Avec un tuteur",
            "Formés à l'accueil",
            "Sensibilisés à la qualité",
            "Heures de formation",
        ],
        rows=rows,
    )
    charts = []
    if total.newcomers:
        charts.append(
            ReviewChart(
                title=f"Nouveaux arrivants {year}",
                bars=[
                    ReviewBar("Avec un tuteur", total.tutored.percent),
                    ReviewBar("Formés à l'accueil", total.trained_on_reception.percent),
                    ReviewBar("Sensibilisés à la qualité", total.aware.percent),
                ],
            )
        )
    return [
        ReviewSection(order=110, title=title, paragraphs=paragraphs, tables=[table], charts=charts)
    ]
