"""Effectiveness proven by data: for an action linked to indicators, each indicator's monthly
figures since the month after completion, and whether each met its target. The comparison with
the target runs in the database (a CASE on the indicator's operator), like the counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, F, Q, Value, When

from qualipilote.indicators.enums import TargetOperator
from qualipilote.indicators.models import Indicator, MonthlyMeasurement, format_value
from qualipilote.indicators.periods import add_months, month_of

MET_WHEN = {
    TargetOperator.GREATER: Q(value__gt=F("indicator__target_value")),
    TargetOperator.GREATER_OR_EQUAL: Q(value__gte=F("indicator__target_value")),
    TargetOperator.LESS_OR_EQUAL: Q(value__lte=F("indicator__target_value")),
    TargetOperator.EQUAL: Q(value=F("indicator__target_value")),
}


def met_expression():
    """True when the row's value meets its indicator's target, None without value or target."""
    return Case(
        *(
            When(
                Q(value__isnull=False, indicator__target_value__isnull=False)
                & Q(indicator__target_operator=operator)
                & condition,
                then=Value(True),
            )
            for operator, condition in MET_WHEN.items()
        ),
        When(
            Q(value__isnull=False, indicator__target_value__isnull=False)
            & ~Q(indicator__target_operator=""),
            then=Value(False),
        ),
        default=Value(None),
        output_field=BooleanField(null=True),
    )


@dataclass
class IndicatorSince:
    indicator: Indicator
    months: list[dict]  # {"month", "value", "display", "met"}
    counted: int
    met: int

    @property
    def verdict(self) -> str:
        if not self.indicator.has_target:
            return "Indicateur sans objectif"
        if not self.counted:
            return "Aucun mois mesuré depuis la réalisation"
        if self.met == self.counted:
            return f"Objectif atteint chaque mois ({self.met} sur {self.counted})"
        return f"Objectif atteint {self.met} mois sur {self.counted}"

    @property
    def all_met(self) -> bool:
        return bool(self.counted) and self.met == self.counted


def figures_since(organisation, indicators, completed_on: dt.date) -> list[IndicatorSince]:
    """The organisation-level figures of `indicators` for the months after `completed_on`."""
    start = add_months(month_of(completed_on), 1)
    indicators = list(indicators)
    rows = (
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__in=indicators, month__gte=start)
        .annotate(met=met_expression())
        .order_by("indicator_id", "month")
        .values("indicator_id", "month", "value", "met")
    )
    counts = {
        row["indicator_id"]: row
        for row in MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__in=indicators, month__gte=start)
        .annotate(met_flag=met_expression())
        .values("indicator_id")
        .annotate(
            counted=Count("pk", filter=Q(value__isnull=False)),
            met=Count("pk", filter=Q(met_flag=True)),
        )
    }
    by_indicator: dict[int, list[dict]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    result = []
    for indicator in indicators:
        months = [
            {
                "month": row["month"],
                "value": row["value"],
                "display": format_value(row["value"], indicator.unit),
                "met": row["met"],
            }
            for row in by_indicator.get(indicator.pk, [])
        ]
        count = counts.get(indicator.pk, {})
        result.append(
            IndicatorSince(indicator, months, count.get("counted", 0), count.get("met", 0))
        )
    return result
