"""The national view: one indicator over one period, every organisation side by side.

The figures are the stored organisation-level `MonthlyMeasurement` rows (computed indicators
are refreshed nightly; entered ones are what each organisation entered), read in ONE aggregate
query: per organisation, the sum of the numerators and the sum of the denominators of the
period, so the period result is a ratio of sums. Only organisation names, codes and figures
leave this module: no register record, no person.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Max, Q, Sum

from qualipilote.organisations.enums import OrganisationKind
from qualipilote.organisations.models import Organisation

from .enums import MeasureUnit, Status
from .models import Indicator


@dataclass
class OrganisationFigure:
    code: str
    name: str
    kind: str
    departement: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    months_with_data: int
    sampled: bool
    status: str
    rank: int | None = None

    @property
    def kind_label(self) -> str:
        return OrganisationKind(self.kind).label

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class NationalComparison:
    indicator: Indicator
    start: dt.date
    end: dt.date
    figures: list[OrganisationFigure]  # ranked: best first, then those without data
    updated_at: dt.datetime | None = None
    deciles: dict[str, Decimal] = field(default_factory=dict)

    @property
    def with_data(self) -> list[OrganisationFigure]:
        return [figure for figure in self.figures if figure.value is not None]

    @property
    def without_data_count(self) -> int:
        return len(self.figures) - len(self.with_data)

    @property
    def met_count(self) -> int:
        return sum(1 for figure in self.figures if figure.status == Status.MET)

    @property
    def not_met_count(self) -> int:
        return sum(1 for figure in self.figures if figure.status == Status.NOT_MET)


def organisation_rows(indicator, start: dt.date, end: dt.date, *, kind="", departement=""):
    """Every organisation (filtered by kind and département) with the sums of its stored
    organisation-level measurements of the period: one query, a LEFT JOIN restricted to the
    indicator and the months, so organisations without data come back with NULL sums."""
    organisations = Organisation.objects.all()
    if kind:
        organisations = organisations.filter(kind=kind)
    if departement:
        organisations = organisations.filter(departement=departement)
    in_period = FilteredRelation(
        "measurements",
        condition=Q(
            measurements__indicator=indicator,
            measurements__month__gte=start,
            measurements__month__lte=end,
            measurements__unit__isnull=True,
            measurements__line="",
        ),
    )
    return (
        organisations.annotate(period=in_period)
        .values("code", "name", "kind", "departement")
        .annotate(
            numerator=Sum("period__numerator"),
            denominator=Sum("period__denominator"),
            months_with_data=Count("period__id"),
            sampled_months=Count("period__id", filter=Q(period__sampled=True)),
            updated_at=Max("period__updated_at"),
        )
        .order_by("code")
    )


def compare(indicator, start: dt.date, end: dt.date, *, kind="", departement=""):
    rows = list(organisation_rows(indicator, start, end, kind=kind, departement=departement))
    figures = []
    for row in rows:
        numerator = row["numerator"] if row["months_with_data"] else None
        value = indicator.value_of(numerator, row["denominator"])
        figures.append(
            OrganisationFigure(
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                departement=row["departement"],
                numerator=numerator,
                denominator=row["denominator"],
                value=value,
                months_with_data=row["months_with_data"],
                sampled=row["sampled_months"] > 0,
                status=indicator.status_of(value),
            )
        )
    ranked = rank(indicator, figures)
    updates = [row["updated_at"] for row in rows if row["updated_at"] is not None]
    comparison = NationalComparison(
        indicator, start, end, ranked, updated_at=max(updates) if updates else None
    )
    comparison.deciles = deciles([figure.value for figure in comparison.with_data])
    return comparison


def rank(indicator, figures: list[OrganisationFigure]) -> list[OrganisationFigure]:
    """Best first in the target's direction (lowest first for a "≤" target); equal figures
    share a rank (1, 2, 2, 4); organisations without data come last, unranked."""
    known = [figure for figure in figures if figure.value is not None]
    unknown = [figure for figure in figures if figure.value is None]
    sign = -1 if indicator.higher_is_better else 1
    known.sort(key=lambda figure: (sign * figure.value, figure.name))
    previous = None
    for position, figure in enumerate(known, start=1):
        figure.rank = previous.rank if previous and previous.value == figure.value else position
        previous = figure
    unknown.sort(key=lambda figure: figure.name)
    return known + unknown


def deciles(values: list[Decimal]) -> dict[str, Decimal]:
    """First decile, quartiles, median and ninth decile of the organisations' figures."""
    if len(values) < 2:
        return {"Médiane": values[0]} if values else {}
    tenths = statistics.quantiles(values, n=10, method="inclusive")
    quarters = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "1er décile": tenths[0],
        "1er quartile": quarters[0],
        "Médiane": quarters[1],
        "3e quartile": quarters[2],
        "9e décile": tenths[8],
    }


def is_percent(indicator) -> bool:
    return indicator.unit == MeasureUnit.PERCENT


# --- Distribution (server-rendered histogram) ---------------------------------------------------

CHART_WIDTH = 640
CHART_HEIGHT = 220
CHART_LEFT = 36
CHART_RIGHT = 12
CHART_TOP = 30
CHART_BOTTOM = 34
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass
class Bin:
    low: Decimal
    high: Decimal
    count: int
    label: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class Histogram:
    bins: list[Bin]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    baseline: float = CHART_HEIGHT - CHART_BOTTOM
    left: int = CHART_LEFT
    right: int = CHART_WIDTH - CHART_RIGHT
    target_x: float | None = None
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (x, label)
    description: str = ""


def bin_edges(values: list[Decimal], unit: str) -> list[Decimal]:
    """Ten bins of 10 points for a percentage; otherwise about ten bins of a round width."""
    top = max(values, default=Decimal(0))
    if unit == MeasureUnit.PERCENT and top <= 100:
        return [Decimal(10 * n) for n in range(11)]
    if top <= 0:
        return [Decimal(0), Decimal(1)]
    raw_step = top / 10
    magnitude = Decimal(10) ** (raw_step.adjusted())
    step = next(s * magnitude for s in NICE_STEPS if s * magnitude >= raw_step)
    count = math.ceil(top / step)
    return [step * n for n in range(count + 1)]


def _number(value: Decimal, unit: str) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return {MeasureUnit.PERCENT: f"{text} %", MeasureUnit.DAYS: f"{text} j"}.get(unit, text)


def histogram(indicator, values: list[Decimal]) -> Histogram:
    """How many organisations fall in each bin; a bin holds low <= value < high (the last one
    also holds its upper edge)."""
    unit = indicator.unit
    edges = bin_edges(values, unit)
    bins = []
    for index, (low, high) in enumerate(zip(edges, edges[1:], strict=False)):
        last = index == len(edges) - 2
        count = sum(1 for v in values if low <= v < high or (last and v == high))
        bins.append(Bin(low, high, count, f"de {_number(low, unit)} à {_number(high, unit)}"))
    chart = Histogram(bins)
    _lay_out(chart, edges, indicator)
    chart.description = _describe(indicator, chart, len(values))
    return chart


def _lay_out(chart: Histogram, edges: list[Decimal], indicator) -> None:
    plot_width = chart.right - chart.left
    plot_height = chart.baseline - CHART_TOP
    span = float(edges[-1] - edges[0])
    tallest = max((b.count for b in chart.bins), default=0) or 1

    def x_of(value: Decimal) -> float:
        return round(chart.left + float(value - edges[0]) / span * plot_width, 1)

    for item in chart.bins:
        item.x = x_of(item.low) + 1
        item.width = round(x_of(item.high) - x_of(item.low) - 2, 1)
        item.height = round(item.count / tallest * plot_height, 1)
        item.y = round(chart.baseline - item.height, 1)
    chart.ticks = [(x_of(edge), _number(edge, indicator.unit)) for edge in edges]
    if indicator.has_target and edges[0] <= indicator.target_value <= edges[-1]:
        chart.target_x = x_of(indicator.target_value)


def _describe(indicator, chart: Histogram, count: int) -> str:
    if not count:
        return f"{indicator.label} : aucune organisation n'a de données sur la période."
    parts = [f"{b.count} {b.label}" for b in chart.bins if b.count]
    return (
        f"Répartition des {count} organisations ayant des données pour « {indicator.label} » : "
        + ", ".join(parts)
        + "."
    )
