"""The indicator table of one organisation over a period, as the seed's report lays it out:
rows grouped by domain, months as columns, the period result, the target and the status.

Built with a fixed handful of queries whatever the period: the catalogue, one aggregate query
per register model (computed indicators, live), the stored measurements (entered figures and
frozen values of closed months) and the month closures. The dashboard, its exports and the API
all read this one structure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .charts import TrendChart, trend_chart
from .computation import Figure, computed_figures, sum_figures
from .enums import Domain, Source
from .models import Indicator, MonthClosure, MonthlyMeasurement, format_value
from .periods import month_of, months_between


@dataclass
class Cell:
    month: dt.date
    figure: Figure | None
    value: Decimal | None
    source: str = ""
    source_detail: str = ""
    closed: bool = False
    live_value: Decimal | None = None  # closed months: the recomputation from the registers
    live_differs: bool = False

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def sampled(self) -> bool:
        return self.figure is not None and self.figure.sampled


@dataclass
class Row:
    indicator: Indicator
    cells: list[Cell]
    result: Figure | None
    result_value: Decimal | None
    status: str
    chart: TrendChart | None = None

    @property
    def status_label(self) -> str:
        from .enums import Status

        return Status(self.status).label

    @property
    def sampled(self) -> bool:
        return any(cell.sampled for cell in self.cells)

    def formatted(self, value) -> str:
        return format_value(value, self.indicator.unit)


@dataclass
class MonthColumn:
    month: dt.date
    closure: MonthClosure | None = None


@dataclass
class IndicatorTable:
    organisation: object
    start: dt.date
    end: dt.date
    unit: object
    columns: list[MonthColumn]
    rows: list[Row]
    domains: list[tuple[str, list[Row]]] = field(default_factory=list)

    @property
    def months(self) -> list[dt.date]:
        return [column.month for column in self.columns]


def build_table(
    organisation,
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date,
    unit=None,
    with_charts: bool = False,
) -> IndicatorTable:
    start, end = month_of(start), month_of(end)
    months = months_between(start, end)
    indicators = list(Indicator.objects.active().monthly().in_table_order())
    live = computed_figures(
        indicators, start=start, end=end, today=today, organisation=organisation, unit=unit
    )
    stored = _stored_measurements(organisation, start, end, unit)
    # Frozen values are the organisation's figures; a unit's figures are always live.
    closures = {
        closure.month: closure
        for closure in MonthClosure.objects.in_force().filter(
            organisation=organisation, month__gte=start, month__lte=end
        )
    }
    rows = []
    for indicator in indicators:
        cells = [
            _cell(indicator, month, live, stored, closures if unit is None else {}, organisation)
            for month in months
        ]
        result = sum_figures(cell.figure for cell in cells)
        result_value = indicator.value_of(result.numerator, result.denominator) if result else None
        row = Row(indicator, cells, result, result_value, indicator.status_of(result_value))
        if with_charts:
            row.chart = trend_chart(
                indicator, months, [cell.value for cell in cells], indicator.target_display()
            )
        rows.append(row)
    table = IndicatorTable(
        organisation=organisation,
        start=start,
        end=end,
        unit=unit,
        # A unit's figures are live (never frozen): its columns are not marked closed.
        columns=[
            MonthColumn(month, closures.get(month) if unit is None else None) for month in months
        ],
        rows=rows,
    )
    table.domains = _by_domain(rows)
    return table


def _stored_measurements(organisation, start, end, unit) -> dict:
    measurements = MonthlyMeasurement.objects.filter(
        organisation=organisation, month__gte=start, month__lte=end, line=""
    )
    measurements = (
        measurements.filter(unit=unit) if unit else measurements.filter(unit__isnull=True)
    )
    return {(m.indicator_id, m.month): m for m in measurements}


def _cell(indicator, month, live, stored, closures, organisation) -> Cell:
    measurement = stored.get((indicator.pk, month))
    stored_figure = (
        Figure(measurement.numerator, measurement.denominator, measurement.sampled)
        if measurement is not None and measurement.numerator is not None
        else None
    )
    closed = month in closures
    if not indicator.is_computed:
        return _make_cell(indicator, month, stored_figure, measurement, closed)
    live_figure = live[indicator.code].get((organisation.pk, month))
    if not closed:
        return _make_cell(indicator, month, live_figure, None, False, source=Source.COMPUTED)
    cell = _make_cell(indicator, month, stored_figure, measurement, True, source=Source.COMPUTED)
    cell.live_value = (
        indicator.value_of(live_figure.numerator, live_figure.denominator) if live_figure else None
    )
    cell.live_differs = _rounded(cell.live_value) != _rounded(cell.value)
    return cell


def _make_cell(indicator, month, figure, measurement, closed, source="") -> Cell:
    value = indicator.value_of(figure.numerator, figure.denominator) if figure else None
    return Cell(
        month=month,
        figure=figure,
        value=value,
        source=measurement.source if measurement is not None else source,
        source_detail=measurement.source_detail if measurement is not None else "",
        closed=closed,
    )


def _rounded(value: Decimal | None):
    return None if value is None else round(value, 2)


def _by_domain(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.indicator.domain, []).append(row)
    return [(Domain(domain).label, domain_rows) for domain, domain_rows in groups.items()]
