"""Eco-responsibility's section of the annual quality review (order 120)."""

from __future__ import annotations

from django.db.models import Count, Q

from qualipilote.common.annual_review import ReviewSection, ReviewTable

from .enums import INDICATOR_BY_CODE, ActionStatus, Area, InitiativeStatus
from .models import BegesReport, EcoAction, EcoFigure, StaffInitiative
from .services import BEGES_EVERY_YEARS, add_years


def _number(value) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def annual_review(organisation, year: int) -> list[ReviewSection]:
    title = "Éco-responsabilité"
    figures = list(
        EcoFigure.objects.filter(organisation=organisation, year=year).order_by("area", "indicator")
    )
    actions = (
        EcoAction.objects.filter(organisation=organisation, due_on__year=year)
        .values("area")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
        .order_by("area")
    )
    initiatives = StaffInitiative.objects.filter(
        organisation=organisation, proposed_on__year=year
    ).aggregate(
        total=Count("pk"),
        kept=Count("pk", filter=Q(status__in=(InitiativeStatus.ACCEPTED, InitiativeStatus.DONE))),
    )
    report = (
        BegesReport.objects.filter(organisation=organisation, reported_on__year__lte=year)
        .order_by("-reported_on")
        .first()
    )
    if not figures and not actions and not initiatives["total"] and report is None:
        return [
            ReviewSection(
                order=120,
                title=title,
                empty_statement=f"Aucune donnée d'éco-responsabilité n'a été enregistrée pour {year}.",
            )
        ]
    paragraphs = []
    if report is not None:
        emissions = (
            f", {_number(report.emissions_tco2e)} t CO₂e"
            if report.emissions_tco2e is not None
            else ""
        )
        plan = report.actions.count()
        paragraphs.append(
            f"Dernier BEGES : {report.reported_on:%d/%m/%Y}{emissions} ; plan d'action de "
            f"{plan} action(s) ; prochain bilan attendu le "
            f"{add_years(report.reported_on, BEGES_EVERY_YEARS):%d/%m/%Y}."
        )
    if initiatives["total"]:
        paragraphs.append(
            f"{initiatives['total']} initiative(s) d'agents proposée(s) en {year}, "
            f"dont {initiatives['kept']} retenue(s) ou mise(s) en œuvre."
        )
    tables = []
    if figures:
        tables.append(
            ReviewTable(
                caption=f"Données annuelles {year}",
                headers=["Domaine", "Indicateur", "Valeur", "Unité"],
                rows=[
                    [
                        Area(f.area).label,
                        INDICATOR_BY_CODE[f.indicator].label,
                        _number(f.value),
                        INDICATOR_BY_CODE[f.indicator].unit,
                    ]
                    for f in figures
                ],
            )
        )
    if actions:
        tables.append(
            ReviewTable(
                caption=f"Actions d'éco-responsabilité à échéance en {year}",
                headers=["Domaine", "Actions", "Réalisées"],
                rows=[[Area(a["area"]).label, str(a["total"]), str(a["done"])] for a in actions],
            )
        )
    return [ReviewSection(order=120, title=title, paragraphs=paragraphs, tables=tables)]
