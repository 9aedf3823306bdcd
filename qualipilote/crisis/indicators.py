"""Yearly figures of emergency communication (Quali-ATE 2024 module 8, Qual-e-pref module 7).

Counted by the database from the checks each event stores (CrisisEvent.cell_within_hour…,
kept by services.record_step): per year of the event's start (Europe/Paris), real events and
exercises apart — an exercise never counts as an event.

- share of events whose cell was active within the hour: events with a known verdict;
- share of events whose three audiences were informed within the hour of the COD activation;
- median delays (minutes): the median of the stored delays, read as one list of integers per
  year (a few events a year per organisation), since SQLite has no median aggregate;
- national: share of organisations that held at least 4 exercises in the year (the ministry's
  performance programme, target 80 %).

The indicators app may read this module (it sits above crisis in the layers contract).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from qualipilote.common.figures import YearlyFigure

from .enums import EventKind
from .timing import PARIS

EXERCISES_PER_YEAR = 4
EXERCISE_TARGET_PERCENT = Decimal(80)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The instants of 1 January 00:00 of `year` and of the next year, in Paris."""
    return (
        dt.datetime(year, 1, 1, tzinfo=PARIS).astimezone(dt.UTC),
        dt.datetime(year + 1, 1, 1, tzinfo=PARIS).astimezone(dt.UTC),
    )


def percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class YearFigures:
    year: int
    kind: str
    count: int
    cell_known: int
    cell_within: int
    information_known: int
    information_within: int
    cell_median_minutes: float | None
    information_median_minutes: float | None
    # How many delays the medians stand on (an event may have a verdict without a delay: the
    # cell never activated before the end).
    cell_delays: int = 0
    information_delays: int = 0

    @property
    def cell_within_percent(self) -> Decimal | None:
        return percent(self.cell_within, self.cell_known)

    @property
    def information_within_percent(self) -> Decimal | None:
        return percent(self.information_within, self.information_known)

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label


def _median(values) -> float | None:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def yearly_figures(events, year: int, kind: str = EventKind.EVENT) -> YearFigures:
    """The figures of `events` (a CrisisEvent queryset: one organisation, or several) that
    started in `year`, of one kind."""
    start, end = year_bounds(year)
    rows = events.filter(
        kind=kind, started_at__gte=start, started_at__lt=end, started_at__lte=timezone.now()
    )
    counts = rows.aggregate(
        count=Count("pk"),
        cell_known=Count("pk", filter=Q(cell_within_hour__isnull=False)),
        cell_within=Count("pk", filter=Q(cell_within_hour=True)),
        information_known=Count("pk", filter=Q(information_within_hour__isnull=False)),
        information_within=Count("pk", filter=Q(information_within_hour=True)),
    )
    delays = list(rows.values_list("cell_delay_minutes", "information_delay_minutes"))
    cell = [cell for cell, _info in delays if cell is not None]
    information = [info for _cell, info in delays if info is not None]
    return YearFigures(
        year=year,
        kind=kind,
        cell_median_minutes=_median(cell),
        information_median_minutes=_median(information),
        cell_delays=len(cell),
        information_delays=len(information),
        **counts,
    )


@dataclass
class ExerciseShare:
    year: int
    organisations: int
    with_enough: int
    target: Decimal = EXERCISE_TARGET_PERCENT

    @property
    def percent(self) -> Decimal | None:
        return percent(self.with_enough, self.organisations)

    @property
    def met(self) -> bool | None:
        value = self.percent
        return None if value is None else value >= self.target


def exercise_share(organisations, year: int) -> ExerciseShare:
    """Share of `organisations` (a queryset) that held at least 4 exercises in `year`, counted
    by the database (two COUNT queries)."""
    start, end = year_bounds(year)
    held = organisations.annotate(
        exercises=Count(
            "crisis_events",
            filter=Q(
                crisis_events__kind=EventKind.EXERCISE,
                crisis_events__started_at__gte=start,
                crisis_events__started_at__lt=end,
                # Held, not merely planned.
                crisis_events__started_at__lte=timezone.now(),
            ),
        )
    )
    return ExerciseShare(
        year=year,
        organisations=organisations.count(),
        with_enough=held.filter(exercises__gte=EXERCISES_PER_YEAR).count(),
    )


def _events_basis(count: int) -> str:
    return f"{count} événement{'s' if count > 1 else ''}"


def catalogue_figures(organisation, year: int) -> dict[str, YearlyFigure]:
    """The catalogue's yearly emergency-communication indicators (indicators.yaml, codes
    `emergency_*`) for one organisation: real events only, exercises never count."""
    figures = yearly_figures(organisation.crisis_events.all(), year)
    cell_delays = figures.cell_delays
    information_delays = figures.information_delays

    def median(value):
        return None if value is None else Decimal(str(value))

    return {
        "emergency_cell_within_hour_rate": YearlyFigure(
            figures.cell_within_percent, figures.cell_known, _events_basis(figures.cell_known)
        ),
        "emergency_information_within_hour_rate": YearlyFigure(
            figures.information_within_percent,
            figures.information_known,
            _events_basis(figures.information_known),
        ),
        "emergency_cell_median_delay": YearlyFigure(
            median(figures.cell_median_minutes), cell_delays, _events_basis(cell_delays)
        ),
        "emergency_information_median_delay": YearlyFigure(
            median(figures.information_median_minutes),
            information_delays,
            _events_basis(information_delays),
        ),
    }
