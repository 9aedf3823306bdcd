"""Who works on which record: assigning records (one or many), marking many answered at once,
handing a person's open work to someone else (a person leaving or changing unit), and each
person's work queue.

Every change saves each record through its model (deadlines computed again, the indicators told
through registers.hooks, a history row with its author and reason), all or nothing: a bad
assignee or a bad date refuses the whole batch with a French message before anything is
written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from qualipilote.organisations.models import Membership, Organisation, Unit

from .deadlines import record_date_errors
from .models import (
    UNKNOWN_ASSIGNEE,
    Correspondence,
    Feedback,
    UpdateRequest,
    assignee_errors,
)

ASSIGNED_MODELS = (Correspondence, Feedback, UpdateRequest)
PERSON, UNIT = "personne", "unite"


@dataclass(frozen=True)
class Assignee:
    """A person or a unit of one organisation (both None: nobody, the record is unassigned)."""

    user: object = None
    unit: Unit | None = None

    @property
    def value(self) -> str:
        """How the assignee is written in forms and query strings: personne-12, unite-3."""
        if self.user is not None:
            return f"{PERSON}-{self.user.pk}"
        if self.unit is not None:
            return f"{UNIT}-{self.unit.pk}"
        return ""

    @property
    def label(self) -> str:
        if self.user is not None:
            return str(self.user)
        if self.unit is not None:
            return f"Unité : {self.unit.name}"
        return "Personne"

    @property
    def fields(self) -> dict:
        return {"assigned_to": self.user, "assigned_unit": self.unit}


def assignee_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The people (active members) then the units of the organisation, for a select."""
    members = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    units = Unit.objects.filter(organisation=organisation).order_by("name")
    return [(Assignee(user=m.user).value, Assignee(user=m.user).label) for m in members] + [
        (Assignee(unit=u).value, Assignee(unit=u).label) for u in units
    ]


def parse_assignee(organisation: Organisation, value: str) -> Assignee:
    """`personne-<user id>` (an active member) or `unite-<unit id>` of `organisation`; anything
    else, another organisation's person or unit included, is refused with UNKNOWN_ASSIGNEE."""
    kind, _sep, key = (value or "").partition("-")
    if not key.isdigit() or len(key) > 18:
        raise ValidationError(UNKNOWN_ASSIGNEE, code="unknown_assignee")
    if kind == PERSON:
        membership = (
            Membership.objects.active()
            .filter(organisation=organisation, user_id=int(key))
            .select_related("user")
            .first()
        )
        if membership is not None:
            return Assignee(user=membership.user)
    elif kind == UNIT:
        unit = Unit.objects.filter(organisation=organisation, pk=int(key)).first()
        if unit is not None:
            return Assignee(unit=unit)
    raise ValidationError(UNKNOWN_ASSIGNEE, code="unknown_assignee")


def _save(record, *, by, reason: str) -> None:
    record._history_user = by
    record._change_reason = reason
    record.save()


def _locked(records):
    return list(records.select_for_update(of=("self",)).order_by("pk"))


@transaction.atomic
def assign_records(records, assignee: Assignee, *, by, reason: str = "") -> int:
    """Assigns `records` (one model, one organisation) to `assignee`; returns how many changed."""
    changed = 0
    locked = _locked(records)
    for organisation_id in {record.organisation_id for record in locked}:
        errors = assignee_errors(
            organisation_id, getattr(assignee.user, "pk", None), getattr(assignee.unit, "pk", None)
        )
        if errors:
            raise ValidationError(errors)
    for record in locked:
        if record.assigned_to_id == getattr(assignee.user, "pk", None) and (
            record.assigned_unit_id == getattr(assignee.unit, "pk", None)
        ):
            continue
        record.assigned_to, record.assigned_unit = assignee.user, assignee.unit
        _save(record, by=by, reason=reason or f"Attribué à {assignee.label}")
        changed += 1
    return changed


@transaction.atomic
def mark_answered(records, *, answered_on: dt.date, by, today: dt.date) -> int:
    """Records the answer date of the unanswered `records`; those already answered keep theirs.
    A date before a record's receipt, or in the future, refuses the whole batch."""
    pending = [record for record in _locked(records) if record.answered_on is None]
    refused = []
    for record in pending:
        errors = record_date_errors(
            received_on=record.received_on,
            answered_on=answered_on,
            acknowledged_on=record.acknowledgement_date(),
            today=today,
        )
        for messages in errors.values():
            refused += [f"{describe_briefly(record)} : {message}" for message in messages]
    if refused:
        raise ValidationError({"answered_on": refused[:10]})
    for record in pending:
        record.answered_on = answered_on
        _save(record, by=by, reason=f"Réponse enregistrée le {answered_on:%d/%m/%Y} (par lot)")
    return len(pending)


def describe_briefly(record) -> str:
    if isinstance(record, Feedback):
        return record.reference
    return f"{record._meta.verbose_name.capitalize()} n° {record.pk} reçu le {record.received_on:%d/%m/%Y}"


# --- A person's open work -----------------------------------------------------------------------


def open_records_of(model, organisation, user):
    return model.objects.filter(organisation=organisation, assigned_to=user).unanswered()


def open_work_count(organisation, user) -> int:
    return sum(open_records_of(m, organisation, user).count() for m in ASSIGNED_MODELS)


@transaction.atomic
def reassign_open_work(organisation, *, from_user, to: Assignee, by, reason: str = "") -> int:
    """Hands every unanswered record of `organisation` assigned to `from_user` to `to` (a
    person or a unit of the organisation) in one step; returns how many records moved."""
    if to.user is None and to.unit is None:
        raise ValidationError({"to": "Choisissez à qui confier les dossiers."})
    if to.user is not None and to.user.pk == from_user.pk:
        raise ValidationError({"to": "Choisissez une autre personne que celle qui part."})
    # The assignee is checked again inside the transaction (it may have left meanwhile).
    parse_assignee(organisation, to.value)
    reason = reason or f"Dossiers de {from_user} confiés à {to.label}"
    return sum(
        assign_records(open_records_of(model, organisation, from_user), to, by=by, reason=reason)
        for model in ASSIGNED_MODELS
    )


def find_user(identifier: str):
    """A user by e-mail or user name (the command's arguments)."""
    users = (
        get_user_model()
        .objects.filter(Q(email__iexact=identifier) | Q(username=identifier))
        .order_by("pk")
    )
    found = list(users[:2])
    if len(found) != 1:
        return None
    return found[0]
