"""Imports of the figures that live outside Qualipilote: telephony statistics, website
analytics, social network statistics, digital access point counts.

All or nothing: every row is checked (with the same rules as the form, services.
entered_figure_errors), every error is reported with its line and column in French, and nothing
is saved if there is one. An import replaces the figures of the indicators and months it
contains (organisation total, units and lines alike), so importing the same file twice changes
nothing. Telephony may come per line or per bureau: the organisation's total of a month is then
the sum of its rows (a ratio of sums), unless the file gives the total itself (a row without
unit or line).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from qualipilote.common.tabular import (
    ImportRejected,
    RowError,
    parse_decimal,
    read_table,
)

from .enums import Source
from .models import Indicator, MonthlyMeasurement
from .periods import format_month, parse_month
from .services import (
    EnteredFigure,
    apply_entered_figure,
    closed_months,
    entered_figure_errors,
)


@dataclass(frozen=True)
class ImportColumn:
    header: str
    indicator: str
    role: str  # numerator | denominator | value
    example: str


@dataclass(frozen=True)
class ImportFormat:
    slug: str
    title: str
    columns: tuple[ImportColumn, ...]
    per_line: bool = False  # telephony: per line or per bureau
    help: str = ""
    optional_indicators: tuple[str, ...] = ()

    @property
    def headers(self) -> list[str]:
        fixed = ["mois", *(["unite", "ligne"] if self.per_line else [])]
        return [*fixed, *(column.header for column in self.columns), "source"]

    @property
    def indicator_codes(self) -> list[str]:
        return list(dict.fromkeys(column.indicator for column in self.columns))

    def example_row(self) -> dict[str, str]:
        row = {"mois": "2019-01", "source": "Extraction du 01/02/2019"}
        if self.per_line:
            row.update({"unite": "", "ligne": "Standard"})
        row.update({column.header: column.example for column in self.columns})
        return row


IMPORT_FORMATS = {
    f.slug: f
    for f in (
        ImportFormat(
            "telephonie",
            "Téléphonie : appels reçus et aboutis",
            (
                ImportColumn("appels_recus", "phone_answer_rate", "denominator", "12500"),
                ImportColumn("appels_aboutis", "phone_answer_rate", "numerator", "11540"),
            ),
            per_line=True,
            help="Une ligne par mois et par ligne téléphonique (colonne « ligne ») ou par bureau "
            "(colonne « unite », code de l'unité). Sans ligne ni unité : le total du mois.",
        ),
        ImportFormat(
            "site-internet",
            "Site internet : mesure d'audience",
            (
                ImportColumn("visites_site_etat", "website_visit_share", "numerator", "8830"),
                ImportColumn("visites_totales", "website_visit_share", "denominator", "100000"),
            ),
        ),
        ImportFormat(
            "reseaux-sociaux",
            "Réseaux sociaux : engagements et impressions",
            (
                ImportColumn("engagements", "social_engagement_rate", "numerator", "215"),
                ImportColumn("impressions", "social_engagement_rate", "denominator", "10000"),
            ),
        ),
        ImportFormat(
            "point-numerique",
            "Point numérique : usagers et satisfaction",
            (
                ImportColumn("usagers", "digital_point_visitors", "value", "223"),
                ImportColumn(
                    "reponses_satisfaites", "digital_point_satisfaction_rate", "numerator", "24"
                ),
                ImportColumn("reponses", "digital_point_satisfaction_rate", "denominator", "25"),
            ),
            help="Les colonnes de satisfaction peuvent rester vides les mois sans enquête.",
            optional_indicators=("digital_point_satisfaction_rate",),
        ),
    )
}

FIELD_OF_ROLE = {"numerator": "numerator", "denominator": "denominator", "value": "value"}


@dataclass
class ImportReport:
    measurements: int
    months: list[str] = field(default_factory=list)


def import_figures(
    organisation, import_format: ImportFormat, raw: bytes, filename: str, *, user, today
):
    """Validates the whole file, then saves it all (or raises ImportRejected, saving nothing)."""
    table = read_table(raw, filename)
    table.require_columns(["mois", *(column.header for column in import_format.columns)])
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=import_format.indicator_codes)
    }
    units = {unit.code.lower(): unit for unit in organisation.units.all()}
    closed = closed_months(organisation, *_month_bounds(table))
    errors: list[RowError] = []
    figures: dict[tuple, tuple[int, EnteredFigure]] = {}
    for line, cells in table.rows:
        for figure in _row_figures(
            import_format, indicators, units, organisation, line, cells, closed, today, errors
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


def _row_figures(
    import_format, indicators, units, organisation, line, cells, closed, today, errors
):
    """The figures of one row (one per indicator of the format); appends errors to `errors`."""
    row_errors: list[RowError] = []
    month = _cell(row_errors, line, "mois", lambda: parse_month(cells.get("mois")))
    unit = None
    unit_code = str(cells.get("unite") or "").strip().lower() if import_format.per_line else ""
    if unit_code:
        unit = units.get(unit_code)
        if unit is None:
            row_errors.append(
                RowError(line, "unite", f"aucune unité ne porte le code « {unit_code} ».")
            )
    line_label = str(cells.get("ligne") or "").strip()[:100] if import_format.per_line else ""
    numbers = {}
    for column in import_format.columns:
        numbers[column.header] = _cell(
            row_errors, line, column.header, lambda c=column: _decimal(cells.get(c.header))
        )
    if row_errors or month is None:
        errors.extend(row_errors)
        return []
    figures = []
    for code in import_format.indicator_codes:
        columns = [column for column in import_format.columns if column.indicator == code]
        left_empty = all(numbers[column.header] is None for column in columns)
        if left_empty and code in import_format.optional_indicators:
            continue  # e.g. satisfaction columns empty in a month without a survey
        figure = EnteredFigure(
            indicator=indicators[code],
            month=month,
            unit=unit,
            line=line_label,
            source_detail=str(cells.get("source") or "").strip()[:300],
        )
        for column in columns:
            setattr(figure, FIELD_OF_ROLE[column.role], numbers[column.header])
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
        if FIELD_OF_ROLE[column.role] == field_name:
            return column.header
    return columns[0].header


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:]


def _cell(errors, line, column, parse):
    try:
        return parse()
    except ValueError as error:
        errors.append(RowError(line, column, _lower_first(str(error))))
        return None


def _decimal(value) -> Decimal | None:
    number = parse_decimal(value)
    return None if number is None else Decimal(str(number))


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
