"""The annual review's section on public reviews (order 55): the year's "Je donne mon avis"
ratings and the Services Publics+ experiences recorded in the feedback register. Every figure is
aggregated by the database; a rate is always given with the count behind it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q

from qualipilote.common.annual_review import ReviewBar, ReviewChart, ReviewSection, ReviewTable
from qualipilote.registers.enums import PublicFeeling
from qualipilote.registers.models import Feedback
from qualipilote.registers.spplus import SOURCE as SPPLUS_SOURCE

from .jdma import SMILEY_COUNTS, _figures, smiley_answers, year_figures

ORDER = 55
TITLE = "Avis des usagers en ligne : « Je donne mon avis » et Services Publics+"


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value}".replace(".", ",")


def _rate_text(figures) -> str:
    rate = figures.satisfaction_rate
    if rate is None:
        return "—"
    return f"{_number(rate)} % ({figures.good} sur {figures.rated})"


def _jdma(organisation, year, paragraphs, tables, charts) -> None:
    total = year_figures(organisation, year)
    if not total.rated:
        return
    paragraphs.append(
        f"En {year}, {total.rated} avis « Je donne mon avis » ont répondu à la question de "
        f"satisfaction : {total.good} « Très bien », {total.medium} « Moyen », {total.bad} « Pas "
        f"bien », soit {_number(total.satisfaction_rate)} % d'usagers satisfaits et une note "
        f"moyenne de {_number(total.average)} sur 10 (0, 5 et 10 selon le smiley, comme le "
        "service)."
    )
    per_form = [
        _figures(row["review__form_name"], row)
        for row in smiley_answers(organisation, review__submitted_at__year=year)
        .values("review__form_name")
        .annotate(**SMILEY_COUNTS)
        .order_by("review__form_name")
    ]
    tables.append(
        ReviewTable(
            f"Avis « Je donne mon avis » de {year} par formulaire",
            ["Formulaire", "Pas bien", "Moyen", "Très bien", "Satisfaits", "Note sur 10"],
            [
                [
                    f.label,
                    str(f.bad),
                    str(f.medium),
                    str(f.good),
                    _rate_text(f),
                    _number(f.average),
                ]
                for f in per_form
            ],
        )
    )
    charts.append(
        ReviewChart(
            f"Part d'avis « Très bien » par formulaire en {year}",
            [ReviewBar(f.label, f.satisfaction_rate) for f in per_form],
        )
    )


def _spplus(organisation, year, paragraphs, tables) -> None:
    figures = Feedback.objects.filter(
        organisation=organisation, source=SPPLUS_SOURCE, received_on__year=year
    ).aggregate(
        total=Count("id"),
        negative=Count("id", filter=Q(feeling=PublicFeeling.NEGATIVE)),
        neutral=Count("id", filter=Q(feeling=PublicFeeling.NEUTRAL)),
        positive=Count("id", filter=Q(feeling=PublicFeeling.POSITIVE)),
        answered=Count("id", filter=Q(answered_on__isnull=False)),
        on_time=Count("id", filter=Q(on_time=True)),
        delay=Avg("working_days_taken"),
    )
    total = figures["total"]
    if not total:
        return
    answered = figures["answered"]
    plural = "s" if total > 1 else ""
    share = (Decimal(100) * answered / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sentence = (
        f"En {year}, {total} expérience{plural} d'usager{plural} "
        f"{'ont' if total > 1 else 'a'} été déposée{plural} sur Services Publics+ : {figures['negative']} au ressenti négatif, {figures['neutral']} "
        f"neutre, {figures['positive']} positif. {answered} {'ont' if answered > 1 else 'a'} reçu une réponse datée "
        f"({_number(share)} %), dont {figures['on_time']} dans le délai du registre"
    )
    if figures["delay"] is not None:
        delay = Decimal(str(figures["delay"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        sentence += f", en {_number(delay)} jours ouvrés en moyenne"
    paragraphs.append(sentence + ".")
    tables.append(
        ReviewTable(
            f"Expériences Services Publics+ de {year}",
            ["Ressenti", "Expériences"],
            [
                ["Négatif", str(figures["negative"])],
                ["Neutre", str(figures["neutral"])],
                ["Positif", str(figures["positive"])],
                ["Total", str(total)],
            ],
        )
    )


def annual_review(organisation, year: int) -> list[ReviewSection]:
    paragraphs: list[str] = []
    tables: list[ReviewTable] = []
    charts: list[ReviewChart] = []
    _jdma(organisation, year, paragraphs, tables, charts)
    _spplus(organisation, year, paragraphs, tables)
    return [
        ReviewSection(
            ORDER,
            TITLE,
            paragraphs=paragraphs,
            tables=tables,
            charts=charts,
            empty_statement=(
                f"Aucun avis « Je donne mon avis » ni aucune expérience Services Publics+ "
                f"n'a été enregistré pour {year}."
            ),
        )
    ]
