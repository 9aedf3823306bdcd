"""The rules of eco-responsibility. Every path (pages, import, demo) goes through these functions;
they raise ValidationError with French messages keyed by field and save nothing when they refuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from qualipilote.common.validation import decimal_bounds_error
from qualipilote.organisations.models import Membership, Organisation

from .enums import INDICATOR_BY_CODE, ActionStatus, Area, InitiativeStatus
from .models import BegesReport, EcoAction, EcoFigure, StaffInitiative

FIRST_YEAR = 2000
LAST_YEAR = 2100
BEGES_EVERY_YEARS = 3
BEGES_REMINDER_MONTHS = 6


def _error(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_date(errors: dict, field: str, value, label: str) -> None:
    if value is None:
        _error(errors, field, f"Indiquez {label}.")
    elif not FIRST_YEAR <= value.year <= LAST_YEAR:
        _error(errors, field, f"La date doit se situer entre {FIRST_YEAR} et {LAST_YEAR}.")


def _is_member(organisation, user) -> bool:
    return (
        user is not None
        and Membership.objects.active().filter(organisation=organisation, user=user).exists()
    )


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- Actions -------------------------------------------------------------------------------------


def action_errors(organisation, values: dict) -> dict:
    errors: dict = {}
    if not (values.get("title") or "").strip():
        _error(errors, "title", "Indiquez l'intitulé de l'action.")
    if values.get("area") not in Area.values:
        _error(
            errors, "area", "Domaine inconnu (énergie, déchets, achats, biodiversité, mobilité)."
        )
    if not _is_member(organisation, values.get("owner")):
        _error(errors, "owner", "Le pilote doit être membre de l'organisation.")
    _check_date(errors, "due_on", values.get("due_on"), "l'échéance de l'action")
    report = values.get("beges_report")
    if report is not None and report.organisation_id != organisation.pk:
        _error(errors, "beges_report", "Le BEGES doit être celui de l'organisation.")
    status = values.get("status") or ActionStatus.PLANNED
    if status not in ActionStatus.values:
        _error(errors, "status", "État inconnu.")
    return errors


def create_action(organisation, *, user=None, **values) -> EcoAction:
    _raise(action_errors(organisation, values))
    action = EcoAction(
        organisation=organisation,
        area=values["area"],
        title=values["title"].strip(),
        description=(values.get("description") or "").strip(),
        owner=values["owner"],
        due_on=values["due_on"],
        status=values.get("status") or ActionStatus.PLANNED,
        beges_report=values.get("beges_report"),
    )
    action._history_user = user
    action.save()
    return action


@transaction.atomic
def set_action_status(action: EcoAction, status: str, *, user=None) -> EcoAction:
    if status not in ActionStatus.values:
        raise ValidationError({"status": "État inconnu."})
    action = EcoAction.objects.select_for_update().get(pk=action.pk)
    action.status = status
    action._history_user = user
    action.save(update_fields=["status"])
    return action


# --- Yearly figures ------------------------------------------------------------------------------


def figure_errors(values: dict) -> dict:
    """What is wrong with one yearly figure (year, indicator, value, optional area that must be
    the indicator's)."""
    errors: dict = {}
    year = values.get("year")
    if year is None:
        _error(errors, "year", "Indiquez l'année.")
    elif not FIRST_YEAR <= year <= LAST_YEAR:
        _error(errors, "year", f"L'année doit être comprise entre {FIRST_YEAR} et {LAST_YEAR}.")
    spec = INDICATOR_BY_CODE.get(values.get("indicator") or "")
    if spec is None:
        _error(errors, "indicator", "Indicateur inconnu.")
    area = values.get("area")
    if spec is not None and area and area != spec.area:
        _error(
            errors,
            "area",
            f"L'indicateur « {spec.label} » relève du domaine « {Area(spec.area).label} ».",
        )
    value = values.get("value")
    if value is None:
        _error(errors, "value", "Indiquez la valeur.")
    else:
        bounds = decimal_bounds_error(value, max_digits=12, decimal_places=2)
        value = Decimal(str(value)) if not bounds else value
        if bounds:
            _error(errors, "value", f"La valeur {bounds}")
        elif value < 0:
            _error(errors, "value", "La valeur ne peut pas être négative.")
        elif spec is not None and value > spec.maximum:
            _error(
                errors,
                "value",
                f"La valeur dépasse le maximum de {spec.maximum} {spec.unit} pour « {spec.label} ».",
            )
        elif value != value.quantize(Decimal("0.01")):
            _error(errors, "value", "La valeur a au plus 2 décimales.")
    return errors


def _lock(organisation) -> None:
    """Figures of an organisation are written one writer at a time: two simultaneous entries of
    the same figure then update it instead of colliding on the uniqueness constraint."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _save_figure(organisation, values: dict, user) -> EcoFigure:
    spec = INDICATOR_BY_CODE[values["indicator"]]
    figure = (
        EcoFigure.objects.filter(
            organisation=organisation,
            area=spec.area,
            indicator=spec.code,
            year=values["year"],
        ).first()
    ) or EcoFigure(
        organisation=organisation, area=spec.area, indicator=spec.code, year=values["year"]
    )
    figure.value = Decimal(values["value"])
    figure.source = (values.get("source") or "").strip()
    figure._history_user = user
    figure.save()
    return figure


@transaction.atomic
def record_figure(organisation, *, user=None, **values) -> EcoFigure:
    """Records the figure of the year, replacing the one already there for the same
    organisation, area, indicator and year (one figure each)."""
    _raise(figure_errors(values))
    _lock(organisation)
    return _save_figure(organisation, values, user)


@transaction.atomic
def record_figures(organisation, rows: list[dict], *, user=None) -> list[EcoFigure]:
    """All the figures, or none (the import checks each line before)."""
    _lock(organisation)
    return [_save_figure(organisation, values, user) for values in rows]


# --- BEGES ---------------------------------------------------------------------------------------


def record_beges(organisation, *, reported_on, emissions_tco2e=None, summary="", today, user=None):
    errors: dict = {}
    _check_date(errors, "reported_on", reported_on, "la date du bilan")
    if reported_on and reported_on > today:
        _error(errors, "reported_on", "La date du bilan ne peut pas être dans le futur.")
    if emissions_tco2e is not None and emissions_tco2e < 0:
        _error(errors, "emissions_tco2e", "Les émissions ne peuvent pas être négatives.")
    if (
        reported_on
        and BegesReport.objects.filter(organisation=organisation, reported_on=reported_on).exists()
    ):
        _error(errors, "reported_on", "Un BEGES est déjà enregistré à cette date.")
    _raise(errors)
    report = BegesReport(
        organisation=organisation,
        reported_on=reported_on,
        emissions_tco2e=emissions_tco2e,
        summary=(summary or "").strip(),
    )
    report._history_user = user
    report.full_clean()
    report.save()
    return report


def latest_beges(organisation) -> BegesReport | None:
    return BegesReport.objects.filter(organisation=organisation).order_by("-reported_on").first()


def next_beges_due(organisation) -> dt.date | None:
    """The next BEGES is due three years after the last one (None: no report yet)."""
    latest = latest_beges(organisation)
    return add_years(latest.reported_on, BEGES_EVERY_YEARS) if latest else None


def beges_reminder_from(due: dt.date) -> dt.date:
    return add_months(due, -BEGES_REMINDER_MONTHS)


# --- Staff initiatives ---------------------------------------------------------------------------


def propose_initiative(organisation, *, proposed_by, description, proposed_on, area="", user=None):
    errors: dict = {}
    if not _is_member(organisation, proposed_by):
        _error(
            errors,
            "proposed_by",
            "L'initiative doit être proposée par un membre de l'organisation.",
        )
    if not (description or "").strip():
        _error(errors, "description", "Décrivez l'initiative.")
    if area and area not in Area.values:
        _error(errors, "area", "Domaine inconnu.")
    _check_date(errors, "proposed_on", proposed_on, "la date de la proposition")
    _raise(errors)
    initiative = StaffInitiative(
        organisation=organisation,
        proposed_by=proposed_by,
        description=description.strip(),
        proposed_on=proposed_on,
        area=area or "",
    )
    initiative._history_user = user
    initiative.save()
    return initiative


@transaction.atomic
def set_initiative_status(initiative: StaffInitiative, status: str, *, user=None):
    if status not in InitiativeStatus.values:
        raise ValidationError({"status": "État inconnu."})
    initiative = StaffInitiative.objects.select_for_update().get(pk=initiative.pk)
    initiative.status = status
    initiative._history_user = user
    initiative.save(update_fields=["status"])
    return initiative
