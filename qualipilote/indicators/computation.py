"""Computed indicators, counted by the database from the registers.

One aggregate query per register *model* (Correspondence, Feedback, UpdateRequest) and period:
GROUP BY organisation and month (and unit when asked), with one filtered COUNT/SUM per
indicator, so that e-mails and letters, rates and averages come out of the same pass over the
rows. Python only reads the aggregated rows (a few per organisation and month).

Rules (issue 4):
- a record belongs to the month it was received in;
- a rate's denominator is the records answered or already past their due date (`due_on <
  today`); a record not yet due and not answered is pending and left out; its numerator is the
  records answered on or before their due date (`on_time`);
- an average response time is the mean of `working_days_taken` over the answered records, kept
  as its sum and its count;
- only records in the labelling scope count unless the indicator says `include_out_of_scope`;
- sampling (issue 7): in a month under a sampling plan of its register, an indicator counts the
  records of the sampled week only (`sampled` true); in a month without a plan (`sampled` null)
  every record counts. Records outside the week of a sampled month (`sampled` false) never do;
- a month without any counted record has no figure (no data), which is not 0 %;
- a figure is flagged "sampled" when every record it counts is of the sampled week, i.e. its
  month was under a plan (plans cover whole months).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, DateField, Func, Q, Sum

from qualipilote.registers.sampling import SAMPLED_REGISTERS
from qualipilote.registers.services import REGISTER_ROWS

from .enums import Aggregate
from .periods import add_months, month_of

ZERO = Decimal(0)
RECORD = "received_on"


class MonthStart(Func):
    """The first day of a date's month, as a date, computed natively by the database.

    TruncMonth would give the same months, but it calls a Python function for every row on
    SQLite and converts every date to a timestamp with time zone on PostgreSQL (here the date is
    cast to a plain timestamp, a third faster on a full scan): with millions of register rows
    that alone made the computation twice as slow as hand-written SQL (bench_indicators).
    """

    arity = 1
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL
        sql, params = compiler.compile(self.source_expressions[0])
        return f"DATE_TRUNC('month', {sql}::timestamp)::date", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {sql})", ("%Y-%m-01", *params)


@dataclass(frozen=True)
class Figure:
    """Numerator and denominator of one measurement (the denominator is None for a count)."""

    numerator: Decimal
    denominator: Decimal | None
    sampled: bool = False


def sum_figures(figures: Iterable[Figure | None]) -> Figure | None:
    """The figure of a period: the sums of its months' numerators and denominators."""
    present = [figure for figure in figures if figure is not None]
    if not present:
        return None
    denominators = [f.denominator for f in present if f.denominator is not None]
    return Figure(
        numerator=sum((f.numerator for f in present), ZERO),
        denominator=sum(denominators, ZERO) if denominators else None,
        sampled=any(f.sampled for f in present),
    )


def register_model(indicator):
    return REGISTER_ROWS[indicator.register][0]


# In the sampled week of a month under a plan, or in a month without a plan.
IN_THE_SAMPLE = Q(sampled=True) | Q(sampled__isnull=True)


def record_condition(indicator) -> Q:
    """Which records of the register model an indicator reads."""
    _model, register_filters = REGISTER_ROWS[indicator.register]
    condition = Q(**register_filters) & Q(**(indicator.record_filters or {}))
    if not indicator.include_out_of_scope:
        condition &= Q(in_scope=True)
    if indicator.register in SAMPLED_REGISTERS:
        condition &= IN_THE_SAMPLE
    return condition


def indicator_aggregates(indicator, today: dt.date, prefix: str) -> dict:
    """numerator, denominator and sampled-count aggregates of one indicator, named with `prefix`."""
    records = record_condition(indicator)
    answered = Q(answered_on__isnull=False)
    # Records are counted on `received_on` (never null) rather than on the primary key, which the
    # registers' covering index (organisation, received_on) does not hold: PostgreSQL can then
    # count from the index alone. COUNT(*) cannot carry a FILTER in Django.
    if indicator.aggregate == Aggregate.RATE:
        counted = records & (answered | Q(due_on__lt=today))
        numerator = Count(RECORD, filter=records & Q(on_time=True))
    else:
        counted = records & answered
        numerator = Sum("working_days_taken", filter=counted)
    return {
        f"{prefix}_num": numerator,
        f"{prefix}_den": Count(RECORD, filter=counted),
        f"{prefix}_sampled": Count(RECORD, filter=counted & Q(sampled=True)),
    }


def aggregate_rows(queryset) -> tuple[dict[str, int], list[tuple]]:
    """The rows of an aggregate query as the database returns them, with the position of each
    column by name. Django's per-value converters cost more than the query itself at national
    scale (bench_indicators)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. organisations=[]: nothing to ask the database
        return {}, []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        positions = {column[0]: index for index, column in enumerate(cursor.description)}
        return positions, cursor.fetchall()


@functools.cache
def _month(value) -> dt.date:
    """A month as MonthStart returns it: a date (PostgreSQL) or "YYYY-MM-01" (SQLite)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def computed_figures(
    indicators,
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    organisation=None,
    organisations=None,
    unit=None,
    by_unit: bool = False,
) -> dict[str, dict[tuple, Figure]]:
    """{indicator code: {(organisation id, month[, unit id]): Figure}} for the computed
    indicators among `indicators`, months `start`..`end` (first days of months, included).

    `organisation` narrows to one organisation, `organisations` to several (None: all);
    `unit` keeps one unit's records; `by_unit` adds the unit to the grouping.
    Months without a counted record are absent from the result (no data).
    """
    computed = [indicator for indicator in indicators if indicator.is_computed]
    by_model = defaultdict(list)
    for indicator in computed:
        by_model[register_model(indicator)].append(indicator)
    figures: dict[str, dict[tuple, Figure]] = {indicator.code: {} for indicator in computed}
    for model, model_indicators in by_model.items():
        records = model.objects.filter(
            received_on__gte=start, received_on__lt=add_months(month_of(end), 1)
        )
        if organisation is not None:
            records = records.filter(organisation=organisation)
        if organisations is not None:
            records = records.filter(organisation__in=organisations)
        if unit is not None:
            records = records.filter(unit=unit)
        aggregates = {}
        for index, indicator in enumerate(model_indicators):
            aggregates.update(indicator_aggregates(indicator, today, f"i{index}"))
        keys = ["organisation_id", "period", *(["unit_id"] if by_unit else [])]
        rows = (
            records.annotate(period=MonthStart("received_on"))
            .values(*keys)
            .annotate(**aggregates)
            .order_by()
        )
        positions, results = aggregate_rows(rows)
        if not results:
            continue
        # Positions and target dicts found once: this loop runs for every organisation and
        # month of the country (75,000 figures at national scale).
        columns = [
            (
                figures[indicator.code],
                positions[f"i{index}_num"],
                positions[f"i{index}_den"],
                positions[f"i{index}_sampled"],
            )
            for index, indicator in enumerate(model_indicators)
        ]
        organisation_at, period_at = positions["organisation_id"], positions["period"]
        unit_at = positions.get("unit_id")
        for row in results:
            key = (row[organisation_at], _month(row[period_at]))
            if by_unit:
                key += (row[unit_at],)
            for target, numerator, denominator, sampled in columns:
                counted = row[denominator]
                if counted:
                    target[key] = Figure(
                        numerator=Decimal(row[numerator] or 0),
                        denominator=Decimal(counted),
                        # Flagged when the figure rests on the sampled week alone, not when
                        # one record among all those counted happens to be in it.
                        sampled=row[sampled] == counted,
                    )
    return figures
