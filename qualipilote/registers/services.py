"""Named, atomic actions on the registers: deadline rules, sampling plans, calendar changes
(with the recompute of the deadlines and sample flags they move), and the overview figures.

Recompute policy (calendar changes): the département (its public holidays) changes every working
day, so every record is recomputed. A closure day or the Whit Monday setting changes the
working days from a date D on. Every record of the organisation whose counting window reaches
D or later — `due_on >= D` (its deadline window covers D) or `answered_on >= D` (its working days
taken may include D) — is recomputed, answered or not, so that the figures always follow the
calendar the organisation declares. Records whose window closed before D cannot change and are
not read. Deadline *rules*, unlike the calendar, are never retroactive for records received
before the new rule's start date (see `change_deadline`). A sampling plan set or stopped from a
month recomputes the records of that register received from that month to the end of the
period it changes (see `set_sampling_plan`).

Every change of those settings renews the organisation's calendar version
(organisations.calendar.invalidate), so that every process builds its copy again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import dateformat
from simple_history.utils import bulk_update_with_history

from qualipilote.organisations.calendar import FIRST_YEAR, invalidate, whit_monday
from qualipilote.organisations.models import ClosureDay, Organisation, validate_departement

from .deadlines import DeadlineComputer
from .enums import CorrespondenceChannel, RegisterKind, SampledRegister, UpdateTarget
from .hooks import announce_records_changed
from .models import (
    PLAN_STARTS_ON_FIRST,
    Correspondence,
    DeadlineRule,
    DeadlineTrackedRecord,
    Feedback,
    SamplingPlan,
    UpdateRequest,
)

RECOMPUTE_BATCH = 2000

# Which rows of which model belong to each register.
REGISTER_ROWS: dict[str, tuple[type[DeadlineTrackedRecord], dict]] = {
    RegisterKind.EMAIL: (Correspondence, {"channel": CorrespondenceChannel.EMAIL}),
    RegisterKind.LETTER: (Correspondence, {"channel": CorrespondenceChannel.LETTER}),
    RegisterKind.FEEDBACK: (Feedback, {}),
    RegisterKind.WEBSITE_UPDATE: (UpdateRequest, {"target": UpdateTarget.WEBSITE}),
    RegisterKind.IVR_UPDATE: (UpdateRequest, {"target": UpdateTarget.IVR}),
}
REGISTER_MODELS = (Correspondence, Feedback, UpdateRequest)


def register_records(organisation: Organisation, register: str):
    model, filters = REGISTER_ROWS[register]
    return model.objects.filter(organisation=organisation, **filters)


# --- Deadline rules ---------------------------------------------------------------------------


@transaction.atomic
def change_deadline(
    organisation: Organisation, *, register: str, working_days: int, valid_from: dt.date, note=""
) -> DeadlineRule:
    """Sets the delay of `register` from `valid_from` on.

    The rule in force that day is closed the day before and a new rule opens; it ends where the
    old one ended (or where the next rule starts). Records received before `valid_from` keep
    their deadline; records already received on or after it (a start date in the past) are
    recomputed with the new delay.
    """
    rules = DeadlineRule.objects.select_for_update().filter(
        organisation=organisation, register=register
    )
    if rules.filter(valid_from=valid_from).exists():
        raise ValidationError(
            {"valid_from": "Un délai de ce registre commence déjà à cette date : modifiez-le."}
        )
    current = (
        rules.filter(valid_from__lt=valid_from)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        .first()
    )
    next_rule = rules.filter(valid_from__gt=valid_from).order_by("valid_from").first()
    if current is not None:
        valid_until = current.valid_until
        current.valid_until = valid_from - dt.timedelta(days=1)
        current.save(update_fields=["valid_until"])
    else:
        valid_until = next_rule.valid_from - dt.timedelta(days=1) if next_rule else None
    rule = DeadlineRule(
        organisation=organisation,
        register=register,
        working_days=working_days,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note,
    )
    rule.full_clean()
    rule.save()
    invalidate(organisation)
    recompute_records(
        register_records(organisation, register).filter(received_on__gte=valid_from),
        computer=DeadlineComputer.for_organisation(organisation),
    )
    return rule


# --- Sampling plans ---------------------------------------------------------------------------


def _month_name(day: dt.date) -> str:
    return dateformat.format(day, "F Y")  # "mars 2024" in the interface's language


def _lock_and_check_sampling_request(organisation, register: str, valid_from: dt.date) -> None:
    # Plan changes of one organisation run one at a time: two overlapping plans saved at once
    # would each pass the overlap check (the row lock is held until the transaction ends).
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))
    errors = {}
    if register not in SampledRegister.values:
        errors["register"] = "Seuls les courriels et les courriers peuvent être échantillonnés."
    if valid_from.day != 1:
        errors["valid_from"] = PLAN_STARTS_ON_FIRST
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_sampling_plan(
    organisation: Organisation, *, register: str, week: str, valid_from: dt.date, note: str = ""
) -> SamplingPlan:
    """Samples `week` of each month of `register` from the month starting `valid_from` on.

    Like a deadline change: the plan in force that month ends the month before, and the new one
    ends where it ended (or the month before the next plan, or never). A plan starting the same
    month gets the new week. The records of the register received in the months it covers are
    recomputed (a start in the past flags the records already there)."""
    _lock_and_check_sampling_request(organisation, register, valid_from)
    plans = SamplingPlan.objects.select_for_update().filter(
        organisation=organisation, register=register
    )
    plan = plans.filter(valid_from=valid_from).first()
    if plan is None:
        current = (
            plans.filter(valid_from__lt=valid_from)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
            .first()
        )
        next_plan = plans.filter(valid_from__gt=valid_from).order_by("valid_from").first()
        if current is not None:
            valid_until = current.valid_until
            current.valid_until = valid_from - dt.timedelta(days=1)
            current.save(update_fields=["valid_until"])
        else:
            valid_until = next_plan.valid_from - dt.timedelta(days=1) if next_plan else None
        plan = SamplingPlan(
            organisation=organisation,
            register=register,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    plan.week, plan.note = week, note
    plan.full_clean()
    plan.save()
    _recompute_sample(organisation, register, valid_from, plan.valid_until)
    return plan


@transaction.atomic
def stop_sampling(organisation: Organisation, *, register: str, valid_from: dt.date) -> None:
    """Every record of `register` counts again from the month starting `valid_from` on, until
    the next plan if there is one: the plan in force that month ends the month before (or goes,
    when it started that month)."""
    _lock_and_check_sampling_request(organisation, register, valid_from)
    plan = (
        SamplingPlan.objects.select_for_update()
        .filter(organisation=organisation, register=register, valid_from__lte=valid_from)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        .first()
    )
    if plan is None:
        raise ValidationError(
            f"Aucun plan d'échantillonnage de ce registre n'est en vigueur en "
            f"{_month_name(valid_from)}."
        )
    valid_until = plan.valid_until
    if plan.valid_from == valid_from:
        plan.delete()
    else:
        plan.valid_until = valid_from - dt.timedelta(days=1)
        plan.save(update_fields=["valid_until"])
    _recompute_sample(organisation, register, valid_from, valid_until)


@dataclass(frozen=True)
class SampledWeekOfMonth:
    register_label: str
    month: dt.date
    monday: dt.date
    sunday: dt.date


def sampled_weeks(organisation: Organisation, months: list[dt.date]) -> list[SampledWeekOfMonth]:
    """The sampled week of each month given (first days) for each register under a plan then:
    what the agents must record in full."""
    plans = list(SamplingPlan.objects.filter(organisation=organisation).order_by("register"))
    weeks = []
    for month in months:
        for plan in plans:
            if plan.valid_from <= month and (plan.valid_until is None or month <= plan.valid_until):
                monday, sunday = plan.week_of(month)
                weeks.append(SampledWeekOfMonth(plan.get_register_display(), month, monday, sunday))
    return weeks


def _recompute_sample(organisation, register, start: dt.date, end: dt.date | None) -> int:
    """Recomputes (in batches, with their history, announcing their months) the records of
    `register` received from `start` to `end` (or later), with the plans just saved."""
    invalidate(organisation)
    records = register_records(organisation, register).filter(received_on__gte=start)
    if end is not None:
        records = records.filter(received_on__lte=end)
    return recompute_records(records, computer=DeadlineComputer.for_organisation(organisation))


# --- Calendar ----------------------------------------------------------------------------------


@transaction.atomic
def add_closure_day(organisation: Organisation, *, date: dt.date, label: str) -> ClosureDay:
    closure = ClosureDay(organisation=organisation, date=date, label=label)
    closure.full_clean()
    closure.save()
    invalidate(organisation)
    recompute_deadlines_from(organisation, date)
    return closure


@transaction.atomic
def remove_closure_day(organisation: Organisation, closure: ClosureDay) -> None:
    if closure.organisation_id != organisation.pk:
        raise ValueError("Ce jour de fermeture appartient à une autre organisation.")
    day = closure.date
    closure.delete()
    invalidate(organisation)
    recompute_deadlines_from(organisation, day)


@transaction.atomic
def set_whit_monday_worked(organisation: Organisation, worked: bool) -> None:
    if organisation.whit_monday_worked == worked:
        return
    organisation.whit_monday_worked = worked
    organisation.save(update_fields=["whit_monday_worked"])
    invalidate(organisation)
    recompute_deadlines_from(organisation, whit_monday(FIRST_YEAR))


@transaction.atomic
def change_departement(organisation: Organisation, departement: str) -> None:
    """The département decides the public holidays (Alsace-Moselle and overseas have their own):
    every record of the organisation, answered or not, is recomputed with the new calendar."""
    try:
        validate_departement(departement)
    except ValidationError as error:
        raise ValidationError({"departement": error.messages}) from None
    if organisation.departement == departement:
        return
    organisation.departement = departement
    organisation.save(update_fields=["departement"])
    recompute_deadlines_from(organisation, dt.date(FIRST_YEAR, 1, 1))


def delete_records(records) -> int:
    """Deletes register records (one model, any organisations) and tells the apps computed from
    them which months changed. Returns how many records went."""
    with transaction.atomic():
        months = defaultdict(set)
        for organisation_id, received_on in records.values_list("organisation_id", "received_on"):
            months[organisation_id].add(received_on)
        deleted, _by_model = records.delete()
        for organisation in Organisation.objects.filter(pk__in=months):
            announce_records_changed(organisation, months[organisation.pk])
    return deleted


def recompute_deadlines_from(organisation: Organisation, day: dt.date) -> int:
    """Recomputes every record whose counting window reaches `day` (see the module docstring)."""
    computer = DeadlineComputer.for_organisation(organisation)
    changed = 0
    for model in REGISTER_MODELS:
        records = model.objects.filter(organisation=organisation).filter(
            Q(due_on__gte=day) | Q(answered_on__gte=day)
        )
        changed += recompute_records(records, computer=computer)
    return changed


def recompute_records(records, computer: DeadlineComputer | None = None) -> int:
    """Applies the deadline rules, sampling plans and calendar again to `records` (one
    organisation); saves the rows whose computed columns changed with bulk_update (and their
    history). Returns how many changed."""
    fields = list(DeadlineTrackedRecord.COMPUTED_FIELDS)
    batch: list[DeadlineTrackedRecord] = []
    changed = 0
    for record in records.order_by("pk").iterator(chunk_size=RECOMPUTE_BATCH):
        if computer is None:
            computer = DeadlineComputer.for_organisation(record.organisation)
        before = tuple(getattr(record, name) for name in fields)
        computer.apply(record)
        if tuple(getattr(record, name) for name in fields) != before:
            batch.append(record)
        if len(batch) >= RECOMPUTE_BATCH:
            changed += _save_recomputed(batch, fields)
            batch = []
    if batch:
        changed += _save_recomputed(batch, fields)
    return changed


def _save_recomputed(records, fields) -> int:
    announce_records_changed(records[0].organisation, {record.received_on for record in records})
    bulk_update_with_history(
        records,
        type(records[0]),
        fields,
        batch_size=RECOMPUTE_BATCH,
        default_change_reason=(
            "Échéance recalculée (calendrier, délai ou plan d'échantillonnage modifié)"
        ),
    )
    return len(records)


# --- Overview ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFigures:
    register: str
    label: str
    due_today: int
    due_within: int
    overdue: int
    total: int

    COUNTS = ("due_today", "due_within", "overdue", "total")


def overview(organisation: Organisation, today: dt.date, calendar=None) -> list[RegisterFigures]:
    """Per register: unanswered records due today, due within 1 working day (not late yet),
    overdue, and all records.

    One aggregate query per register *model* (e-mails and letters together, website and IVR
    updates together), counting on `received_on`, which the registers' covering index holds
    with the due date and the answer date: the registers index and the home page read it at
    every visit (issue 7)."""
    computer_calendar = calendar or DeadlineComputer.for_organisation(organisation).calendar
    next_working_day = computer_calendar.add_working_days(today, 1)
    unanswered = Q(answered_on__isnull=True)
    by_model: dict[type, dict] = {}
    for register, _label in RegisterKind.choices:
        model, filters = REGISTER_ROWS[register]
        mine = Q(**filters)
        by_model.setdefault(model, {}).update(
            {
                f"{register}_due_today": Count(
                    "received_on", filter=mine & unanswered & Q(due_on=today)
                ),
                f"{register}_due_within": Count(
                    "received_on",
                    filter=mine & unanswered & Q(due_on__gte=today, due_on__lte=next_working_day),
                ),
                f"{register}_overdue": Count(
                    "received_on", filter=mine & unanswered & Q(due_on__lt=today)
                ),
                f"{register}_total": Count("received_on", filter=mine)
                if filters
                else Count("received_on"),
            }
        )
    counts = {}
    for model, aggregates in by_model.items():
        counts.update(model.objects.filter(organisation=organisation).aggregate(**aggregates))
    return [
        RegisterFigures(
            register=register,
            label=label,
            **{name: counts[f"{register}_{name}"] for name in RegisterFigures.COUNTS},
        )
        for register, label in RegisterKind.choices
    ]


def home_panel(request):
    from django.utils import timezone

    organisation = request.organisation
    figures = overview(organisation, timezone.localdate())
    return {
        "title": "Registres",
        "url": reverse("registers:index", kwargs={"org_code": organisation.code}),
        "template": "registers/home_panel.html",
        "due_within": sum(f.due_within for f in figures),
        "overdue": sum(f.overdue for f in figures),
    }
