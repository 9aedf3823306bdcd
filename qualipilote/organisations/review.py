"""Organisation and headcount in the annual quality review (section 20)."""

from __future__ import annotations

from django.db.models import Sum
from django.db.models.functions import Coalesce

from qualipilote.common.annual_review import ReviewSection, ReviewTable
from qualipilote.common.review_text import number, plural

from .models import Unit

ORDER = 20
TITLE = "Organisation et effectifs"


def organisation_section(organisation, year: int) -> list[ReviewSection]:
    """The headcount recorded on the organisation's units: each top unit with the units under
    it (two levels, as the organisation chart is kept)."""
    units = Unit.objects.filter(organisation=organisation)
    total = units.aggregate(total=Coalesce(Sum("headcount"), 0))["total"]
    tops = (
        units.filter(parent__isnull=True)
        .annotate(
            below=Coalesce(Sum("children__headcount"), 0),
        )
        .order_by("name")
        .values_list("name", "headcount", "below")
    )
    rows = [[name, number(own + below)] for name, own, below in tops]
    if not rows:
        return [
            ReviewSection(
                ORDER,
                TITLE,
                empty_statement="Aucune unité n'est enregistrée pour cette organisation : "
                "l'organisation et les effectifs ne peuvent pas être présentés.",
            )
        ]
    paragraphs = [
        f"{organisation.name_with_article[:1].upper()}{organisation.name_with_article[1:]} "
        f"compte {plural(total, 'agent')}, répartis en {plural(len(rows), 'direction ou service', 'directions ou services')} "
        "(effectifs enregistrés dans Qualipilote)."
    ]
    table = ReviewTable(
        caption="Effectifs par direction ou service",
        headers=["Direction ou service", "Agents"],
        rows=rows + [["Total", number(total)]],
    )
    return [ReviewSection(ORDER, TITLE, paragraphs=paragraphs, tables=[table])]
