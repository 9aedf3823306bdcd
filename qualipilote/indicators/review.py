"""The year's indicator table in the annual quality review (section 40): the months with
figures, the year's result (a ratio of sums), the target and whether it is met, with bar charts
of the results against their targets. Built on the dashboard's own table (indicators.table)."""

from __future__ import annotations

import datetime as dt

from qualipilote.common.annual_review import ReviewBar, ReviewChart, ReviewSection, ReviewTable
from qualipilote.common.review_text import MONTHS

from .enums import Domain, MeasureUnit, Status
from .models import format_value
from .periods import SHORT_MONTH_NAMES
from .table import build_table

ORDER = 40
TITLE = "Les indicateurs de qualité"


def _cell_text(value, unit) -> str:
    return "—" if value is None else format_value(value, unit)


def _months_text(months: list[dt.date]) -> str:
    names = [MONTHS[month.month - 1] for month in months]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " et " + names[-1]


def indicators_section(organisation, year: int, *, today: dt.date) -> list[ReviewSection]:
    end = min(dt.date(year, 12, 1), today.replace(day=1))
    if end < dt.date(year, 1, 1):
        return [_empty(year)]
    table = build_table(organisation, dt.date(year, 1, 1), end, today=today)
    shown = [
        index
        for index, month in enumerate(table.months)
        if any(row.cells[index].value is not None for row in table.rows)
    ]
    rows = [row for row in table.rows if any(cell.value is not None for cell in row.cells)]
    if not rows:
        return [_empty(year)]
    headers = ["Indicateur"] + [SHORT_MONTH_NAMES[table.months[i].month - 1] for i in shown]
    headers += [f"Résultat {year}", "Objectif", "État"]
    body = []
    for row in rows:
        unit = row.indicator.unit
        body.append(
            [row.indicator.label]
            + [_cell_text(row.cells[i].value, unit) for i in shown]
            + [_cell_text(row.result_value, unit), row.indicator.target_display(), row.status_label]
        )
    met = sum(1 for row in rows if row.status == Status.MET)
    with_target = sum(1 for row in rows if row.status in (Status.MET, Status.NOT_MET))
    closed = [column.month for column in table.columns if column.closure is not None]
    paragraphs = [
        f"{len(rows)} indicateur{'s' if len(rows) > 1 else ''} ont des résultats en {year}"
        if len(rows) > 1
        else f"1 indicateur a des résultats en {year}",
    ]
    paragraphs[0] += (
        f" ; {met} sur {with_target} atteignent leur objectif sur l'année." if with_target else "."
    )
    paragraphs.append(
        "Le résultat de l'année est le rapport des sommes des mois (et non la moyenne des "
        "pourcentages mensuels)."
    )
    paragraphs.append(
        f"Mois clôturés (chiffres figés) : {_months_text(closed)}."
        if closed
        else f"Aucun mois de {year} n'est clôturé : les chiffres peuvent encore évoluer."
    )
    domains = dict(Domain.choices)
    caption = (
        f"Tableau des indicateurs {year} ("
        + ", ".join(dict.fromkeys(domains[row.indicator.domain] for row in rows))
        + ")"
    )
    charts = []
    for unit, title, chart_unit in (
        (MeasureUnit.PERCENT, f"Taux de l'année {year} et objectifs", "%"),
        (MeasureUnit.DAYS, f"Délais moyens de l'année {year} (jours) et objectifs", "j"),
    ):
        bars = [
            ReviewBar(
                label=row.indicator.label,
                value=row.result_value,
                target=row.indicator.target_value if row.indicator.has_target else None,
            )
            for row in rows
            if row.indicator.unit == unit
        ]
        if bars:
            charts.append(ReviewChart(title=title, bars=bars, unit=chart_unit))
    return [
        ReviewSection(
            ORDER,
            TITLE,
            paragraphs=paragraphs,
            tables=[ReviewTable(caption=caption, headers=headers, rows=body)],
            charts=charts,
        )
    ]


def _empty(year: int) -> ReviewSection:
    return ReviewSection(
        ORDER,
        TITLE,
        empty_statement=f"Aucun indicateur n'a de résultat en {year} : ni chiffre saisi ou "
        "importé, ni dossier des registres.",
    )
