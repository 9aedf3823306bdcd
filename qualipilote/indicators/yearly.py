"""Yearly indicators of the catalogue (`frequency: yearly`, `method: module`).

They are not measured month by month: the app that holds the records counts them for a calendar
year, live, through its AppConfig's `yearly_indicators(organisation, year)` (see
common/figures.py). This module gathers them for the dashboard, the indicator catalogue and the
audit-readiness pages, and says where each stands against its target.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from qualipilote.common.figures import YearlyFigure

from .enums import Status
from .models import Indicator, format_value


@dataclass(frozen=True)
class YearlyCell:
    year: int
    figure: YearlyFigure | None
    status: str
    status_label: str
    formatted: str


@dataclass(frozen=True)
class YearlyRow:
    indicator: Indicator
    cells: list[YearlyCell]


def module_figures(organisation, year: int) -> dict[str, YearlyFigure]:
    """Every installed app's yearly figures for `organisation` in `year`, by indicator code."""
    figures: dict[str, YearlyFigure] = {}
    for config in apps.get_app_configs():
        provider = getattr(config, "yearly_indicators", None)
        if provider is not None:
            figures.update(provider(organisation, year))
    return figures


def yearly_rows(organisation, years: list[int], indicators=None) -> list[YearlyRow]:
    """One row per active yearly indicator (or those given), one cell per year."""
    if indicators is None:
        indicators = Indicator.objects.active().yearly().in_table_order()
    indicators = list(indicators)
    if not indicators:
        return []
    by_year = {year: module_figures(organisation, year) for year in years}
    rows = []
    for indicator in indicators:
        cells = []
        for year in years:
            figure = by_year[year].get(indicator.code)
            value = figure.value if figure else None
            status = indicator.status_of(value)
            cells.append(
                YearlyCell(
                    year=year,
                    figure=figure,
                    status=status,
                    status_label=Status(status).label,
                    formatted=format_value(value, indicator.unit),
                )
            )
        rows.append(YearlyRow(indicator, cells))
    return rows
