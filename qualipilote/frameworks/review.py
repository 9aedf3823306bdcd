"""The labelling scope in the annual quality review (section 10)."""

from __future__ import annotations

from django.db.models import Count

from qualipilote.common.annual_review import ReviewSection, ReviewTable
from qualipilote.organisations.enums import Channel

from .scope import scope_of

ORDER = 10
TITLE = "Périmètre de labellisation"


def scope_section(organisation, year: int) -> list[ReviewSection]:
    scope = scope_of(organisation)
    if scope is None:
        return [
            ReviewSection(
                ORDER,
                TITLE,
                empty_statement=f"Aucun périmètre de labellisation n'est défini pour "
                f"{organisation.name_with_article}.",
            )
        ]
    modules = scope.modules.annotate(commitment_count=Count("commitments")).order_by("number")
    rows = [
        [f"Module {module.number}", module.display_title, str(module.commitment_count)]
        for module in modules
    ]
    paragraphs = [
        f"Référentiel retenu : {scope.version}, avec {len(rows)} module"
        f"{'s' if len(rows) > 1 else ''} dans le périmètre de labellisation."
    ]
    units = list(scope.units.order_by("name").values_list("name", flat=True))
    sites = list(scope.sites.order_by("name").values_list("name", flat=True))
    channels = dict(Channel.choices)
    channel_labels = [channels.get(code, code) for code in scope.channels]
    if units:
        paragraphs.append("Unités concernées : " + ", ".join(units) + ".")
    if sites:
        paragraphs.append("Sites concernés : " + ", ".join(sites) + ".")
    if channel_labels:
        paragraphs.append("Canaux d'accueil concernés : " + ", ".join(channel_labels) + ".")
    table = ReviewTable(
        caption=f"Modules du référentiel {scope.version} retenus",
        headers=["Module", "Intitulé", "Engagements"],
        rows=rows,
    )
    return [ReviewSection(ORDER, TITLE, paragraphs=paragraphs, tables=[table])]
