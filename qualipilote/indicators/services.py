"""Named, atomic actions on the indicators: storing computed measurements, recording entered
figures, closing and reopening months, and listing missing figures.

How measurements stay right (the design in one place)
- The organisation's own pages (dashboard, exports, API) compute the computed indicators live
  from the registers for the months shown (a few aggregate queries; see computation.py), so
  they are never stale, including the day a pending record becomes overdue and enters a rate.
- `MonthlyMeasurement` rows of computed indicators are the stored copy that the national view
  reads for 300 organisations at once, and the evidence of closed months. They are refreshed
  by `refresh_measurements` (nightly Huey task for every organisation, the dashboard button,
  `manage.py compute_indicators`) and by `refresh_months(organisation, months)`, scheduled by
  `schedule_refresh` on commit whenever the registers announce changed records (the hook
  `registers.hooks`, subscribed to in IndicatorsConfig.ready).
- A closed month is never rewritten: the refresh skips it, so its stored rows stay the frozen
  values; the dashboard shows the live recomputation beside them when they differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from qualipilote.common.validation import column_decimal_error
from qualipilote.organisations.models import Organisation

from .computation import Figure, computed_figures
from .enums import Frequency, Method, Source
from .models import Indicator, MonthClosure, MonthlyMeasurement
from .periods import add_months, format_month, month_label, month_of

MONTH_CLOSED = "Le mois de {month} est clôturé : rouvrez-le pour modifier ses chiffres."
COMPUTED_NOT_ENTERED = "Cet indicateur est calculé depuis les registres : il ne se saisit pas."
YEARLY_NOT_ENTERED = (
    "Cet indicateur annuel est calculé par Qualipilote depuis son module : il ne se saisit pas."
)
VALUE_PRECISION = Decimal("0.0001")


def _stored_value(indicator, figure: Figure) -> Decimal | None:
    value = indicator.value_of(figure.numerator, figure.denominator)
    return value.quantize(VALUE_PRECISION) if value is not None else None


# --- Stored computed measurements ---------------------------------------------------------------


def closed_months(organisation, start: dt.date, end: dt.date) -> dict[dt.date, MonthClosure]:
    closures = MonthClosure.objects.in_force().filter(
        organisation=organisation, month__gte=start, month__lte=end
    )
    return {closure.month: closure for closure in closures.select_related("closed_by")}


def refresh_measurements(
    *, start: dt.date, end: dt.date, today: dt.date | None = None, organisations=None
) -> int:
    """Stores the computed indicators' organisation-level figures of months `start`..`end` for
    `organisations` (None: all), leaving closed months alone. Returns the rows written.

    One aggregate query per register model for all organisations; the stored rows are read once
    and only the differences are written (new, changed, gone).

    Refreshes of the same organisations run one at a time (`lock_organisations`): two workers
    reading the same stored rows would both create the missing ones (a unique violation)."""
    with transaction.atomic():
        lock_organisations(organisations)
        return _refresh_measurements(start, end, today, organisations)


NIGHTLY_BATCH = 25


def refresh_measurements_in_batches(
    *, start: dt.date, end: dt.date, today: dt.date | None = None, batch: int = NIGHTLY_BATCH
) -> int:
    """refresh_measurements for every organisation, `batch` organisations per transaction: the
    nightly run then holds each organisation's lock for its batch only, not for the whole
    national refresh, so a month closing or a calendar change waits a moment, not minutes."""
    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    return sum(
        refresh_measurements(start=start, end=end, today=today, organisations=ids[i : i + batch])
        for i in range(0, len(ids), batch)
    )


def _refresh_measurements(start, end, today, organisations) -> int:
    today = today or timezone.localdate()
    indicators = list(Indicator.objects.active().monthly().computed())
    figures = computed_figures(
        indicators, start=start, end=end, today=today, organisations=organisations
    )
    stored = (
        MonthlyMeasurement.objects.organisation_level()
        .filter(indicator__in=indicators, month__gte=start, month__lte=end)
        .filter(~Exists(_closure_in_force()))
    )
    if organisations is not None:
        stored = stored.filter(organisation__in=organisations)
    existing = {(m.organisation_id, m.indicator_id, m.month): m for m in stored}
    closed = set(_closed_pairs(start, end, organisations))
    to_create, to_update = [], []
    for indicator in indicators:
        for (organisation_id, month), figure in figures[indicator.code].items():
            if (organisation_id, month) in closed:
                continue
            measurement = existing.pop((organisation_id, indicator.pk, month), None)
            if measurement is None:
                to_create.append(_computed_row(organisation_id, indicator, month, figure))
            elif _differs(measurement, indicator, figure):
                _fill(measurement, indicator, figure)
                to_update.append(measurement)
    MonthlyMeasurement.objects.bulk_create(to_create, batch_size=2000)
    MonthlyMeasurement.objects.bulk_update(
        to_update,
        ["numerator", "denominator", "value", "sampled", "updated_at"],
        batch_size=2000,
    )
    gone = [measurement.pk for measurement in existing.values()]
    MonthlyMeasurement.objects.filter(pk__in=gone).delete()
    return len(to_create) + len(to_update) + len(gone)


def lock_organisations(organisations=None) -> None:
    """Within the caller's transaction, waits for the other refreshes, closings and reopenings
    of these organisations (ids; None: all) to end, and holds them off until it ends.

    The organisations' rows are the lock, taken in key order (two callers never wait for each
    other crosswise) and FOR NO KEY UPDATE, so records keep being inserted meanwhile. SQLite
    takes its write lock at the start of every transaction (IMMEDIATE) anyway."""
    rows = Organisation.objects.select_for_update(no_key=True).order_by("pk")
    if organisations is not None:
        rows = rows.filter(pk__in=list(organisations))
    list(rows.values_list("pk", flat=True))


def _closure_in_force():
    return MonthClosure.objects.in_force().filter(
        organisation=OuterRef("organisation"), month=OuterRef("month")
    )


def _closed_pairs(start, end, organisations):
    closures = MonthClosure.objects.in_force().filter(month__gte=start, month__lte=end)
    if organisations is not None:
        closures = closures.filter(organisation__in=organisations)
    return closures.values_list("organisation_id", "month")


def _computed_row(organisation_id, indicator, month, figure) -> MonthlyMeasurement:
    measurement = MonthlyMeasurement(
        organisation_id=organisation_id,
        indicator=indicator,
        month=month,
        source=Source.COMPUTED,
        source_detail=f"Registre : {indicator.get_register_display()}",
    )
    _fill(measurement, indicator, figure)
    return measurement


def _fill(measurement, indicator, figure) -> None:
    measurement.numerator = figure.numerator
    measurement.denominator = figure.denominator
    measurement.value = _stored_value(indicator, figure)
    measurement.sampled = figure.sampled
    measurement.updated_at = timezone.now()


def _differs(measurement, indicator, figure) -> bool:
    return (
        measurement.numerator != figure.numerator
        or measurement.denominator != figure.denominator
        or measurement.sampled != figure.sampled
        or measurement.value != _stored_value(indicator, figure)
    )


def refresh_months(organisation, months: Iterable[dt.date], today: dt.date | None = None) -> int:
    """Refreshes the stored figures of one organisation for the months given (any day of the
    month will do); the entry point for the registers after a record changed."""
    months = sorted({month_of(month) for month in months})
    if not months:
        return 0
    return refresh_measurements(
        start=months[0], end=months[-1], today=today, organisations=[organisation.pk]
    )


def schedule_refresh(organisation, days: Iterable[dt.date]) -> None:
    """Called (through the registers' hook) inside the transaction that changed register
    records: once it commits, a Huey task refreshes the stored figures of their months."""
    from .tasks import refresh_organisation_months

    months = sorted({format_month(month_of(day)) for day in days if day})
    if months:
        transaction.on_commit(lambda: refresh_organisation_months(organisation.pk, months))


# --- Entered figures ----------------------------------------------------------------------------


@dataclass
class EnteredFigure:
    """A figure typed in a form, read from an import row or posted to the API."""

    indicator: Indicator
    month: dt.date
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    unit: object = None
    line: str = ""
    source_detail: str = ""


def entered_figure_errors(
    organisation, figure: EnteredFigure, today: dt.date, closed: Iterable[dt.date] = ()
) -> dict[str, list[str]]:
    """Errors by field (indicator, period, numerator, denominator, value, unit); empty if valid.
    `closed`: the organisation's closed months, when the caller already read them."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    indicator = figure.indicator
    if indicator.method == Method.COMPUTED:
        add("indicator", COMPUTED_NOT_ENTERED)
        return errors
    if indicator.frequency != Frequency.MONTHLY:
        add("indicator", YEARLY_NOT_ENTERED)
        return errors
    if figure.month > month_of(today):
        add("period", "Le mois ne peut pas être dans le futur.")
    if figure.month in closed:
        add("period", MONTH_CLOSED.format(month=month_label(figure.month)))
    if figure.unit is not None and figure.unit.organisation_id != organisation.pk:
        add("unit", "L'unité doit appartenir à cette organisation.")
    if _bounds_errors(figure, add):
        return errors  # the rules below compare numbers, which must be finite
    for field in ("numerator", "denominator", "value"):
        number = getattr(figure, field)
        if number is not None and number < 0:
            add(field, "Un nombre négatif n'est pas accepté.")
    if indicator.takes_ratio:
        _ratio_errors(indicator, figure, add)
    else:
        _count_errors(figure, add)
    if not errors:
        _stored_value_errors(indicator, figure, add)
    return errors


def _bounds_errors(figure, add) -> bool:
    """Each number must fit its column (forms and the API check it too; imports rely on this)."""
    found = False
    for field in ("numerator", "denominator", "value"):
        number = getattr(figure, field)
        error = None if number is None else column_decimal_error(_column(field), number)
        if error:
            add(field, f"Ce nombre {error}")
            found = True
    return found


def _stored_value_errors(indicator, figure, add) -> None:
    """The value kept beside the parts must fit its column too: a count is stored as both
    numerator and value, and the value column keeps fewer digits before the point."""
    numerator = figure.numerator if indicator.takes_ratio else _count_of(figure)
    stored = indicator.value_of(numerator, figure.denominator if indicator.takes_ratio else None)
    error = None if stored is None else column_decimal_error(_column("value"), stored)
    if error:
        subject = "Ce rapport" if indicator.takes_ratio else "Ce nombre"
        add("numerator" if indicator.takes_ratio else "value", f"{subject} {error}")


def _column(name: str):
    return MonthlyMeasurement._meta.get_field(name)


def _count_of(figure):
    return figure.value if figure.value is not None else figure.numerator


def _ratio_errors(indicator, figure, add) -> None:
    if figure.numerator is None:
        add("numerator", f"Indiquez le numérateur ({indicator.numerator_label}).")
    if figure.denominator is None:
        add("denominator", f"Indiquez le dénominateur ({indicator.denominator_label}).")
    elif figure.denominator == 0:
        add("denominator", "Le dénominateur doit être supérieur à 0 (sinon : pas de données).")
    if figure.numerator is None or not figure.denominator:
        if figure.value is not None:
            add(
                "value",
                "Un taux ou un délai se saisit avec son numérateur et son dénominateur : "
                "le résultat d'une période est un rapport de sommes.",
            )
        return
    if indicator.unit == "percent" and figure.numerator > figure.denominator:
        add("numerator", "Le numérateur ne peut pas dépasser le dénominateur.")
    computed = indicator.value_of(figure.numerator, figure.denominator)
    if figure.value is not None and abs(figure.value - computed) > Decimal("0.005"):
        add(
            "value",
            f"La valeur ne correspond pas au numérateur et au dénominateur ({computed:.2f}).",
        )


def _count_errors(figure, add) -> None:
    count = _count_of(figure)
    if count is None:
        add("value", "Indiquez la valeur.")
    elif count != count.to_integral_value():
        add("value", "Un nombre entier est attendu.")
    if figure.denominator is not None:
        add("denominator", "Un comptage n'a pas de dénominateur.")


def measurement_key(organisation, figure: EnteredFigure) -> dict:
    return {
        "organisation": organisation,
        "indicator": figure.indicator,
        "month": figure.month,
        "unit": figure.unit,
        "line": figure.line,
    }


def apply_entered_figure(measurement, figure: EnteredFigure, *, source, user) -> None:
    indicator = figure.indicator
    if indicator.takes_ratio:
        numerator, denominator = figure.numerator, figure.denominator
    else:
        numerator = figure.value if figure.value is not None else figure.numerator
        denominator = None
    measurement.numerator = numerator
    measurement.denominator = denominator
    measurement.value = _stored_value(indicator, Figure(numerator, denominator))
    measurement.sampled = False
    measurement.source = source
    measurement.source_detail = figure.source_detail or indicator.source
    measurement.entered_by = user if user is not None and user.is_authenticated else None


@transaction.atomic
def record_entered_figure(
    organisation, figure: EnteredFigure, *, user, source=Source.ENTERED, today=None
) -> MonthlyMeasurement:
    """Creates or replaces the figure of that indicator, month (and unit or line)."""
    today = today or timezone.localdate()
    closed = closed_months(organisation, figure.month, figure.month)
    errors = entered_figure_errors(organisation, figure, today, closed)
    if errors:
        raise ValidationError(errors)
    measurement = (
        MonthlyMeasurement.objects.select_for_update()
        .filter(**measurement_key(organisation, figure))
        .first()
    ) or MonthlyMeasurement(**measurement_key(organisation, figure))
    apply_entered_figure(measurement, figure, source=source, user=user)
    measurement.save()
    return measurement


# --- Closing months -----------------------------------------------------------------------------


def missing_figures(organisation, months: Iterable[dt.date]) -> dict[dt.date, list[Indicator]]:
    """Entered indicators without an organisation-level figure, by month (months without any
    missing figure are left out). Computed indicators are never "missing": a month without
    records simply has no data."""
    months = sorted(set(months))
    if not months:
        return {}
    entered = list(Indicator.objects.active().monthly().entered().in_table_order())
    present = set(
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__in=entered, month__in=months)
        .values_list("indicator_id", "month")
    )
    missing = {}
    for month in months:
        absent = [indicator for indicator in entered if (indicator.pk, month) not in present]
        if absent:
            missing[month] = absent
    return missing


def _snapshot(organisation, month) -> list[dict]:
    measurements = (
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, month=month)
        .select_related("indicator")
    )
    return [
        {
            "code": m.indicator.code,
            "numerator": str(m.numerator) if m.numerator is not None else None,
            "denominator": str(m.denominator) if m.denominator is not None else None,
            "value": str(m.value) if m.value is not None else None,
            "sampled": m.sampled,
            "source": m.source,
            "source_detail": m.source_detail,
        }
        for m in measurements
    ]


@transaction.atomic
def close_month(organisation, month: dt.date, *, user, today: dt.date | None = None):
    """Freezes the month: computed figures are stored one last time, then kept as they are."""
    today = today or timezone.localdate()
    month = month_of(month)
    if month >= month_of(today):
        raise ValidationError({"month": "Seul un mois terminé peut être clôturé."})
    # A double click waits here until the first click's transaction ends, then sees the month closed.
    lock_organisations([organisation.pk])
    if MonthClosure.objects.in_force().filter(organisation=organisation, month=month).exists():
        raise ValidationError({"month": f"Le mois de {month_label(month)} est déjà clôturé."})
    refresh_months(organisation, [month], today=today)
    return MonthClosure.objects.create(
        organisation=organisation,
        month=month,
        closed_by=user,
        closed_at=timezone.now(),
        snapshot=_snapshot(organisation, month),
        missing=[i.code for i in missing_figures(organisation, [month]).get(month, [])],
    )


@transaction.atomic
def reopen_month(organisation, month: dt.date, *, user, reason: str, today=None):
    """Reopens a closed month with a reason; its stored figures are recomputed."""
    month = month_of(month)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif de la réouverture."})
    lock_organisations([organisation.pk])
    closure = (
        MonthClosure.objects.select_for_update()
        .in_force()
        .filter(organisation=organisation, month=month)
        .first()
    )
    if closure is None:
        raise ValidationError({"month": f"Le mois de {month_label(month)} n'est pas clôturé."})
    closure.reopened_by = user
    closure.reopened_at = timezone.now()
    closure.reopen_reason = reason
    closure.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    refresh_months(organisation, [month], today=today)
    return closure


def closable_months(today: dt.date, count: int = 12) -> list[dt.date]:
    """The last `count` finished months, most recent first."""
    current = month_of(today)
    return [add_months(current, -n) for n in range(1, count + 1)]
