"""Imports of the figures that live outside Qualipilote: telephony statistics, website
analytics, social network statistics, digital access point counts.

All or nothing: every row is checked (with the same rules as the form, services.
entered_figure_errors), every error is reported with its line and column in French, and nothing
is saved if there is one. An import replaces the figures of the indicators and months it
contains (organisation total, units and lines alike), so importing the same file twice changes
nothing. Telephony may come per line or per bureau: the organisation's total of a month is then
the sum of its rows (a ratio of sums), unless the file gives the total itself (a row without
unit or line).

The columns of each format are a common.tables.TableSpec (the month; the unit and line for
telephony; one column per figure, whose field names the indicator and what it gives, e.g.
"phone_answer_rate.denominator"; the source): it reads the file, parses every figure as an exact
Decimal within the bounds of the column it is stored in, documents the columns on the import
page and writes the templates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from qualipilote.common.tables import TableColumn, TableSpec, decimal_parser, lookup
from qualipilote.common.tabular import ImportRejected, RowError

from .enums import Source
from .models import Indicator, MonthlyMeasurement
from .periods import format_month, parse_month
from .services import (
    EnteredFigure,
    apply_entered_figure,
    closed_months,
    entered_figure_errors,
)


def _bounded_by(field_name: str):
    """A decimal parser with the bounds of a MonthlyMeasurement column."""
    column = MonthlyMeasurement._meta.get_field(field_name)
    return decimal_parser(max_digits=column.max_digits, decimal_places=column.decimal_places)


# What a figure column gives, how it is read (the bounds of the column it is stored in: a
# count is stored both as numerator and as value, the narrower `value` decides) and its words.
ROLES = {
    "numerator": (_bounded_by("numerator"), "Numérateur"),
    "denominator": (_bounded_by("denominator"), "Dénominateur"),
    "value": (_bounded_by("value"), "Valeur"),
}


def figure_column(header: str, indicator: str, role: str, example: str) -> TableColumn:
    """A column giving the numerator, the denominator or the value (role) of an indicator; its
    field, "indicator.role", says which."""
    parse, word = ROLES[role]
    return TableColumn(
        header,
        f"{indicator}.{role}",
        parse,
        f"{word} de l'indicateur « {indicator} ».",
        example,
        header_required=True,
    )


def _indicator_and_role(column: TableColumn) -> tuple[str, str]:
    indicator, role = column.field.split(".")
    return indicator, role


def _truncated(length: int):
    return lambda value: str(value or "").strip()[:length]


MONTH_COLUMN = TableColumn(
    "mois", "month", parse_month, "Le mois, AAAA-MM ou MM/AAAA.", "2019-01", required=True
)
UNIT_COLUMN = TableColumn(
    "unite",
    "unit",
    lambda value: str(value or "").strip().lower(),
    "Code de l'unité (bureau), facultatif.",
)
LINE_COLUMN = TableColumn(
    "ligne",
    "line",
    _truncated(100),
    "Ligne téléphonique, facultatif. Sans unité ni ligne : le total du mois.",
    "Standard",
    default="",
)
SOURCE_COLUMN = TableColumn(
    "source",
    "source_detail",
    _truncated(300),
    "D'où vient le chiffre (outil, date d'extraction), facultatif.",
    "Extraction du 01/02/2019",
    default="",
)


@dataclass(frozen=True)
class ImportFormat:
    slug: str
    title: str
    figures: tuple[TableColumn, ...]
    per_line: bool = False  # telephony: per line or per bureau
    help: str = ""
    optional_indicators: tuple[str, ...] = ()

    @cached_property
    def table(self) -> TableSpec:
        """Every column of the file: the month, the unit and line (telephony), the figures and
        their source."""
        fixed = (MONTH_COLUMN, *((UNIT_COLUMN, LINE_COLUMN) if self.per_line else ()))
        return TableSpec(self.title, (*fixed, *self.figures, SOURCE_COLUMN))

    @property
    def indicator_codes(self) -> list[str]:
        return list(dict.fromkeys(_indicator_and_role(column)[0] for column in self.figures))


IMPORT_FORMATS = {
    f.slug: f
    for f in (
        ImportFormat(
            "telephonie",
            "Téléphonie : appels reçus et aboutis",
            (
                figure_column("appels_recus", "phone_answer_rate", "denominator", "12500"),
                figure_column("appels_aboutis", "phone_answer_rate", "numerator", "11540"),
            ),
            per_line=True,
            help="Une ligne par mois et par ligne téléphonique (colonne « ligne ») ou par bureau "
            "(colonne « unite », code de l'unité). Sans ligne ni unité : le total du mois.",
        ),
        ImportFormat(
            "site-internet",
            "Site internet : mesure d'audience",
            (
                figure_column("visites_site_etat", "website_visit_share", "numerator", "8830"),
                figure_column("visites_totales", "website_visit_share", "denominator", "100000"),
            ),
        ),
        ImportFormat(
            "reseaux-sociaux",
            "Réseaux sociaux : engagements et impressions",
            (
                figure_column("engagements", "social_engagement_rate", "numerator", "215"),
                figure_column("impressions", "social_engagement_rate", "denominator", "10000"),
            ),
        ),
        ImportFormat(
            "point-numerique",
            "Point numérique : usagers et satisfaction",
            (
                figure_column("usagers", "digital_point_visitors", "value", "223"),
                figure_column(
                    "reponses_satisfaites", "digital_point_satisfaction_rate", "numerator", "24"
                ),
                figure_column("reponses", "digital_point_satisfaction_rate", "denominator", "25"),
            ),
            help="Les colonnes de satisfaction peuvent rester vides les mois sans enquête.",
            optional_indicators=("digital_point_satisfaction_rate",),
        ),
    )
}


@dataclass
class ImportReport:
    measurements: int
    months: list[str] = field(default_factory=list)


def import_figures(
    organisation, import_format: ImportFormat, raw: bytes, filename: str, *, user, today
):
    """Validates the whole file, then saves it all (or raises ImportRejected, saving nothing)."""
    table = import_format.table.read(raw, filename)
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=import_format.indicator_codes)
    }
    units = {unit.code.lower(): unit for unit in organisation.units.all()}
    not_found = "aucune unité ne porte le code « {code} »."
    parser = import_format.table.row_parser(lookups={"unit": lookup(units, not_found)})
    closed = closed_months(organisation, *_month_bounds(table))
    errors = parser.errors  # the cells' errors and the rules' errors, in the order of the file
    figures: dict[tuple, tuple[int, EnteredFigure]] = {}
    for line, cells in table.rows:
        values = parser.parse(line, cells)
        if values is None:
            continue
        for figure in _row_figures(
            import_format, indicators, organisation, line, values, closed, today, errors
        ):
            key = (figure.indicator.code, figure.month, figure.unit, figure.line)
            if key in figures:
                errors.append(
                    RowError(line, "mois", f"ce mois figure déjà ligne {figures[key][0]}.")
                )
            else:
                figures[key] = (line, figure)
    if errors:
        raise ImportRejected(errors)
    entered = [figure for _line, figure in figures.values()]
    entered += _totals_of_lines(entered, filename)
    return _save(organisation, entered, user=user, filename=filename)


def _month_bounds(table):
    months = []
    for _line, cells in table.rows:
        try:
            months.append(parse_month(cells.get("mois")))
        except ValueError:
            continue
    if not months:
        return (parse_month("2000-01"), parse_month("2000-01"))
    return min(months), max(months)


def _row_figures(import_format, indicators, organisation, line, values, closed, today, errors):
    """The figures of one row's values (one per indicator of the format); appends the errors
    of the rules (services.entered_figure_errors) to `errors`."""
    figures = []
    for code in import_format.indicator_codes:
        columns = [c for c in import_format.figures if _indicator_and_role(c)[0] == code]
        left_empty = all(values[column.field] is None for column in columns)
        if left_empty and code in import_format.optional_indicators:
            continue  # e.g. satisfaction columns empty in a month without a survey
        figure = EnteredFigure(
            indicator=indicators[code],
            month=values["month"],
            unit=values.get("unit"),
            line=values.get("line", ""),
            source_detail=values["source_detail"],
        )
        for column in columns:
            setattr(figure, _indicator_and_role(column)[1], values[column.field])
        problems = entered_figure_errors(organisation, figure, today, closed)
        for field_name, messages in problems.items():
            header = _header_of(field_name, columns)
            errors.extend(RowError(line, header, _lower_first(message)) for message in messages)
        if not problems:
            figures.append(figure)
    return figures


def _header_of(field_name: str, columns) -> str:
    if field_name == "period":
        return "mois"
    if field_name == "unit":
        return "unite"
    for column in columns:
        if _indicator_and_role(column)[1] == field_name:
            return column.header
    return columns[0].header


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:]


def _totals_of_lines(figures: list[EnteredFigure], filename: str) -> list[EnteredFigure]:
    """Organisation totals of the months given only per line or per unit: sums of the rows."""
    groups = defaultdict(list)
    has_total = set()
    for figure in figures:
        key = (figure.indicator.code, figure.month)
        if figure.unit is None and not figure.line:
            has_total.add(key)
        else:
            groups[key].append(figure)
    totals = []
    for key, parts in groups.items():
        if key in has_total:
            continue
        first = parts[0]
        totals.append(
            EnteredFigure(
                indicator=first.indicator,
                month=first.month,
                numerator=sum((p.numerator or 0 for p in parts), Decimal(0)),
                denominator=(
                    sum((p.denominator or 0 for p in parts), Decimal(0))
                    if first.indicator.takes_ratio
                    else None
                ),
                value=(
                    None
                    if first.indicator.takes_ratio
                    else sum((p.value or 0 for p in parts), Decimal(0))
                ),
                source_detail=f"Somme des {len(parts)} lignes ou unités du fichier {filename}"[
                    :300
                ],
            )
        )
    return totals


@transaction.atomic
def _save(organisation, figures: list[EnteredFigure], *, user, filename) -> ImportReport:
    replaced = {(figure.indicator.pk, figure.month) for figure in figures}
    for indicator_id, month in replaced:
        MonthlyMeasurement.objects.filter(
            organisation=organisation, indicator_id=indicator_id, month=month
        ).delete()
    rows = []
    for figure in figures:
        measurement = MonthlyMeasurement(
            organisation=organisation,
            indicator=figure.indicator,
            month=figure.month,
            unit=figure.unit,
            line=figure.line,
            updated_at=timezone.now(),
        )
        if not figure.source_detail:
            figure.source_detail = f"Import du fichier {filename}"[:300]
        apply_entered_figure(measurement, figure, source=Source.IMPORTED, user=user)
        rows.append(measurement)
    bulk_create_with_history(rows, MonthlyMeasurement, batch_size=500)
    months = sorted({format_month(figure.month) for figure in figures})
    return ImportReport(measurements=len(rows), months=months)


__all__ = ["IMPORT_FORMATS", "ImportRejected", "import_figures"]
