"""Exports of the indicator table (CSV and XLSX) with common.tabular: one row per indicator,
one column per month, then the period result with its numerator and denominator, the target
and the status in words."""

from __future__ import annotations

from decimal import Decimal

from qualipilote.common.tabular import Column, csv_response, xlsx_response

from .enums import Status
from .periods import short_month_label

NO_DATA = Status.NO_DATA.label
CENT = Decimal("0.01")


def _csv_number(value: Decimal | None):
    """Two decimals; common.tabular writes a Decimal with a French decimal comma, as a number."""
    if value is None:
        return NO_DATA
    return Decimal(value).quantize(CENT)


def _xlsx_number(value: Decimal | None):
    return NO_DATA if value is None else round(float(value), 2)


def table_columns(table, number) -> list[Column]:
    columns = [
        Column("Domaine", lambda row: row.indicator.get_domain_display()),
        Column("Code", lambda row: row.indicator.code),
        Column("Indicateur", lambda row: row.indicator.label),
        Column("Unité", lambda row: row.indicator.get_unit_display()),
    ]
    for index, month_column in enumerate(table.columns):
        header = short_month_label(month_column.month)
        if month_column.closure is not None:
            header += " (clôturé)"
        columns.append(Column(header, lambda row, i=index: number(row.cells[i].value)))
    return columns + [
        Column("Résultat de la période", lambda row: number(row.result_value)),
        Column("Numérateur", lambda row: number(row.result.numerator) if row.result else ""),
        Column(
            "Dénominateur",
            lambda row: (
                number(row.result.denominator)
                if row.result and row.result.denominator is not None
                else ""
            ),
        ),
        Column("Semaine échantillonnée", lambda row: row.sampled),
        Column("Objectif", lambda row: row.indicator.target_display()),
        Column("Statut", lambda row: row.status_label),
    ]


def export_filename(table) -> str:
    return f"indicateurs-{table.organisation.code}-{table.start:%Y-%m}-{table.end:%Y-%m}"


def table_csv(table):
    return csv_response(export_filename(table), table_columns(table, _csv_number), table.rows)


def table_xlsx(table):
    return xlsx_response(
        export_filename(table), [("Indicateurs", table_columns(table, _xlsx_number), table.rows)]
    )
