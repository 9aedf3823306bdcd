"""The rules of training and tutoring. Every path (pages, demo, admin) goes through these
functions; they raise ValidationError with French messages keyed by field, and save nothing when
they refuse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse

from qualipilote.organisations.models import Membership, Unit
from qualipilote.organisations.services import set_arrival_date

from .enums import NeedStatus, SessionKind, Theme
from .models import Attendance, QualityAwareness, TrainingNeed, TrainingSession, TutoringPair

FIRST_YEAR = 2000
LAST_YEAR = 2100


def _check_date(errors: dict, field: str, value, label: str) -> None:
    if value is None:
        errors.setdefault(field, []).append(f"Indiquez {label}.")
    elif not FIRST_YEAR <= value.year <= LAST_YEAR:
        errors.setdefault(field, []).append(
            f"La date doit se situer entre {FIRST_YEAR} et {LAST_YEAR}."
        )


def _check_member(errors: dict, field: str, organisation, member, label: str) -> None:
    if member is None:
        errors.setdefault(field, []).append(f"Indiquez {label}.")
    elif member.organisation_id != organisation.pk:
        errors.setdefault(field, []).append(
            f"{label.capitalize()} doit être membre de l'organisation."
        )


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def members(organisation):
    """The organisation's active members, by name (the choices of the forms)."""
    return (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user", "unit")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# --- Training needs ------------------------------------------------------------------------------


def record_need(
    organisation, *, member, origin, theme, description, expressed_on, unit=None, user=None
) -> TrainingNeed:
    errors: dict = {}
    _check_member(errors, "member", organisation, member, "l'agent")
    _check_date(errors, "expressed_on", expressed_on, "la date d'expression du besoin")
    if not (description or "").strip():
        errors.setdefault("description", []).append("Décrivez le besoin de formation.")
    if unit is not None and unit.organisation_id != organisation.pk:
        errors.setdefault("unit", []).append("L'unité doit être de l'organisation.")
    _raise(errors)
    need = TrainingNeed(
        organisation=organisation,
        member=member,
        unit=unit or member.unit,
        origin=origin,
        theme=theme,
        description=description.strip(),
        expressed_on=expressed_on,
    )
    need._history_user = user
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def set_need_status(need: TrainingNeed, status: str, *, user=None) -> TrainingNeed:
    if status not in NeedStatus.values:
        raise ValidationError({"status": "État inconnu."})
    need = TrainingNeed.objects.select_for_update().get(pk=need.pk)
    need.status = status
    need._history_user = user
    need.save(update_fields=["status"])
    return need


# --- Sessions and attendance ---------------------------------------------------------------------


@transaction.atomic
def create_session(
    organisation,
    *,
    title,
    theme,
    held_on,
    duration_hours,
    trainer="",
    kind=SessionKind.TRAINING,
    attendees=(),
    user=None,
) -> TrainingSession:
    errors: dict = {}
    if not (title or "").strip():
        errors.setdefault("title", []).append("Indiquez l'intitulé de la session.")
    _check_date(errors, "held_on", held_on, "la date de la session")
    if duration_hours is None or not Decimal("0.5") <= Decimal(duration_hours) <= 100:
        errors.setdefault("duration_hours", []).append(
            "La durée doit être comprise entre 0,5 et 100 heures."
        )
    outsiders = [m for m in attendees if m.organisation_id != organisation.pk]
    if outsiders:
        errors.setdefault("attendees", []).append(
            "Les participants doivent être membres de l'organisation."
        )
    _raise(errors)
    session = TrainingSession(
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        theme=theme,
        held_on=held_on,
        duration_hours=duration_hours,
        trainer=(trainer or "").strip(),
    )
    session._history_user = user
    session.full_clean()
    session.save()
    Attendance.objects.bulk_create(Attendance(session=session, member=m) for m in attendees)
    return session


@transaction.atomic
def record_attendance(session: TrainingSession, present_members, *, user=None) -> int:
    """Marks the session's registered attendees present (those listed) or absent (the others).
    Returns the number present."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    present_ids = {m.pk for m in present_members}
    registered = set(session.attendances.values_list("member_id", flat=True))
    unknown = present_ids - registered
    if unknown:
        raise ValidationError({"present": "Seuls les inscrits à la session peuvent être présents."})
    session.attendances.filter(member_id__in=present_ids).update(present=True)
    session.attendances.exclude(member_id__in=present_ids).update(present=False)
    return len(present_ids)


# --- Tutoring ------------------------------------------------------------------------------------


@transaction.atomic
def create_tutoring(organisation, *, tutor, newcomer, starts_on, ends_on=None, user=None):
    errors: dict = {}
    _check_member(errors, "tutor", organisation, tutor, "le tuteur ou la tutrice")
    _check_member(errors, "newcomer", organisation, newcomer, "le nouvel arrivant")
    _check_date(errors, "starts_on", starts_on, "la date de début du tutorat")
    if ends_on is not None:
        _check_date(errors, "ends_on", ends_on, "la date de fin du tutorat")
    if tutor is not None and newcomer is not None and tutor.pk == newcomer.pk:
        errors.setdefault("tutor", []).append(
            "Un agent ne peut pas être son propre tuteur : choisissez une autre personne."
        )
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault("ends_on", []).append("La fin du tutorat ne peut pas précéder son début.")
    arrived = newcomer.arrival_date if newcomer is not None else None
    if starts_on and arrived and starts_on < arrived:
        errors.setdefault("starts_on", []).append(
            f"Le tutorat ne peut pas commencer avant l'arrivée de l'agent ({arrived:%d/%m/%Y})."
        )
    _raise(errors)
    # One tutor at a time: the newcomer's membership is locked (two simultaneous pairs for the
    # same newcomer wait for each other), then periods are compared.
    Membership.objects.select_for_update().filter(pk=newcomer.pk).first()
    existing = TutoringPair.objects.filter(newcomer=newcomer)
    far = dt.date(LAST_YEAR, 12, 31)
    overlapping = existing.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)).filter(
        starts_on__lte=ends_on or far
    )
    if overlapping.exists():
        raise ValidationError(
            {"starts_on": "Ce nouvel arrivant a déjà un tuteur ou une tutrice sur cette période."}
        )
    pair = TutoringPair(
        organisation=organisation,
        tutor=tutor,
        newcomer=newcomer,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    pair._history_user = user
    pair.save()
    return pair


# --- Newcomers -----------------------------------------------------------------------------------


def record_arrival(organisation, member, arrival_date, *, user=None) -> Membership:
    errors: dict = {}
    _check_member(errors, "member", organisation, member, "l'agent")
    _check_date(errors, "arrival_date", arrival_date, "la date d'arrivée")
    _raise(errors)
    return set_arrival_date(member, arrival_date, by=user)


@transaction.atomic
def record_awareness(organisation, *, member, on, user=None) -> QualityAwareness:
    errors: dict = {}
    _check_member(errors, "member", organisation, member, "le nouvel arrivant")
    _check_date(errors, "on", on, "la date de la sensibilisation")
    if member is not None and on and member.arrival_date and on < member.arrival_date:
        errors.setdefault("on", []).append(
            "La sensibilisation ne peut pas précéder l'arrivée de l'agent "
            f"({member.arrival_date:%d/%m/%Y})."
        )
    _raise(errors)
    Membership.objects.select_for_update().filter(pk=member.pk).first()
    if QualityAwareness.objects.filter(member=member).exists():
        raise ValidationError({"member": "La sensibilisation de cet agent est déjà enregistrée."})
    awareness = QualityAwareness(organisation=organisation, member=member, on=on, recorded_by=user)
    awareness._history_user = user
    awareness.save()
    return awareness


def newcomers(organisation, year: int):
    return Membership.objects.filter(organisation=organisation, arrival_date__year=year)


# --- Figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    count: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(100) * self.count / self.total).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int | None
    unit_name: str
    newcomers: int
    tutored: Share
    trained_on_reception: Share
    aware: Share
    training_hours: Decimal


def _has_tutor():
    return Exists(TutoringPair.objects.filter(newcomer=OuterRef("pk")))


def _trained_on_reception():
    return Exists(
        Attendance.objects.filter(member=OuterRef("pk"), present=True, session__theme=Theme.ACCUEIL)
    )


def _aware():
    return Exists(QualityAwareness.objects.filter(member=OuterRef("pk")))


def year_figures(organisation, year: int) -> list[UnitFigures]:
    """Per unit, then a last row for the whole organisation: the year's newcomers, the share of
    them with a tutor, trained on reception (present at a session of theme accueil), aware of the
    quality programme; the hours of training attended in the year (present × duration). All
    counted by the database."""
    newcomer_rows = (
        newcomers(organisation, year)
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            tutored=Count("pk", filter=Q(_has_tutor())),
            trained=Count("pk", filter=Q(_trained_on_reception())),
            aware=Count("pk", filter=Q(_aware())),
        )
        .order_by()
    )
    hours_rows = (
        Attendance.objects.filter(
            session__organisation=organisation, session__held_on__year=year, present=True
        )
        .values("member__unit_id")
        .annotate(hours=Sum("session__duration_hours"))
        .order_by()
    )
    by_unit: dict = {}
    for row in newcomer_rows:
        by_unit[row["unit_id"]] = row
    hours = {row["member__unit_id"]: row["hours"] or Decimal(0) for row in hours_rows}
    names = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "name"))
    unit_ids = sorted(set(by_unit) | set(hours), key=lambda pk: (pk is None, names.get(pk, "")))
    result = []
    totals = {"total": 0, "tutored": 0, "trained": 0, "aware": 0, "hours": Decimal(0)}
    for unit_id in unit_ids:
        row = by_unit.get(unit_id, {"total": 0, "tutored": 0, "trained": 0, "aware": 0})
        unit_hours = hours.get(unit_id, Decimal(0))
        for key in ("total", "tutored", "trained", "aware"):
            totals[key] += row[key]
        totals["hours"] += unit_hours
        result.append(_figures(unit_id, names.get(unit_id, "Sans unité"), row, unit_hours))
    result.append(_figures(None, "Toute l'organisation", totals, totals["hours"]))
    return result


def _figures(unit_id, name, row, hours) -> UnitFigures:
    return UnitFigures(
        unit_id=unit_id,
        unit_name=name,
        newcomers=row["total"],
        tutored=Share(row["tutored"], row["total"]),
        trained_on_reception=Share(row["trained"], row["total"]),
        aware=Share(row["aware"], row["total"]),
        training_hours=Decimal(hours),
    )


# --- Calendar ------------------------------------------------------------------------------------


def session_milestones(organisation, start: dt.date, end: dt.date) -> list[dict]:
    sessions = TrainingSession.objects.filter(
        organisation=organisation, held_on__gte=start, held_on__lte=end
    )
    return [
        {
            "uid": f"formation-{session.pk}",
            "category": session.get_kind_display(),
            "title": session.title,
            "date": session.held_on,
            "end": None,
            "url": reverse(
                "training:session", kwargs={"org_code": organisation.code, "pk": session.pk}
            ),
        }
        for session in sessions.only("pk", "kind", "title", "held_on")
    ]
