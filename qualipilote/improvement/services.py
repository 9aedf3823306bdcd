"""The action plan's work: every path (pages, API, import, admin) creates and changes actions
here. Each function checks its rules first and raises ValidationError with French messages by
field, then writes in one transaction: nothing is half-saved."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from qualipilote.organisations.models import Membership

from .enums import ActionSource, ActionStatus
from .models import Action, ActionNote, ActionReferenceCounter

EDITABLE_FIELDS = (
    "title",
    "description",
    "description",
    "kind",
    "source",
    "source_detail",
    "owner",
    "owner_unit",
    "due_on",
)

# --- References ---------------------------------------------------------------------------------
#
# PA-74-2026-00015, allocated like the complaints' references (registers.models): one counter row
# per organisation and year, incremented by an UPDATE inside the transaction that saves the
# action, so that simultaneous creations wait for each other instead of taking the same number,
# and a failed save gives its number back.


def action_reference_prefix(organisation) -> str:
    return f"PA-{organisation.short_code}"


def allocate_action_references(organisation, year: int, count: int = 1) -> list[str]:
    """The next `count` references; call it inside the transaction that stores the actions."""
    if count < 1:
        return []
    counter = ActionReferenceCounter.objects.filter(organisation=organisation, year=year)
    with transaction.atomic():
        if not counter.update(last_number=F("last_number") + count):
            try:
                with transaction.atomic():  # a savepoint: a lost race leaves us usable
                    ActionReferenceCounter.objects.create(
                        organisation=organisation,
                        year=year,
                        last_number=_highest_number(organisation, year) + count,
                    )
            except IntegrityError:
                counter.update(last_number=F("last_number") + count)
        last = counter.values_list("last_number", flat=True).get()
    prefix = action_reference_prefix(organisation)
    return [f"{prefix}-{year}-{n:05d}" for n in range(last - count + 1, last + 1)]


def _highest_number(organisation, year: int) -> int:
    head = f"{action_reference_prefix(organisation)}-{year}-"
    tails = (
        reference.removeprefix(head)
        for reference in Action.objects.filter(reference__startswith=head).values_list(
            "reference", flat=True
        )
    )
    return max((int(tail) for tail in tails if tail.isdigit()), default=0)


# --- Checks -------------------------------------------------------------------------------------


def action_errors(organisation, values: dict, *, created_on: dt.date) -> dict[str, list[str]]:
    """The rules of an action's fields, by field (empty: acceptable)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not (values.get("title") or "").strip():
        add("title", "Indiquez l'intitulé de l'action.")
    owner = values.get("owner")
    if owner is None:
        add("owner", "Indiquez le pilote de l'action (un membre de l'organisation).")
    elif not Membership.objects.active().filter(organisation=organisation, user=owner).exists():
        add("owner", f"« {owner} » n'est pas membre actif de {organisation.name}.")
    unit = values.get("owner_unit")
    if unit is not None and unit.organisation_id != organisation.pk:
        add("owner_unit", "Cette unité n'appartient pas à l'organisation.")
    due_on = values.get("due_on")
    if due_on is None:
        add("due_on", "Indiquez l'échéance de l'action.")
    elif due_on < created_on:
        add(
            "due_on",
            f"L'échéance ({due_on:%d/%m/%Y}) ne peut pas précéder la création de l'action "
            f"({created_on:%d/%m/%Y}).",
        )
    if not values.get("kind"):
        add("kind", "Indiquez la nature de l'action (corrective, préventive, d'amélioration).")
    source = values.get("source")
    if not source:
        add("source", "Indiquez l'origine de l'action.")
    for field, origin in (
        ("self_assessment", values.get("self_assessment")),
        ("feedback", values.get("feedback")),
    ):
        if origin is not None and origin.organisation_id != organisation.pk:
            add(field, "Cet enregistrement n'appartient pas à l'organisation.")
    finding = values.get("finding")
    if finding is not None:
        if finding.audit.organisation_id != organisation.pk:
            add("finding", "Ce constat n'appartient pas à l'organisation.")
        elif source and source != ActionSource.AUDIT_FINDING:
            add(
                "source", "Une action liée à un constat d'audit a pour origine « Constat d'audit »."
            )
    elif source == ActionSource.AUDIT_FINDING:
        add("finding", "Indiquez le constat d'audit dont l'action découle.")
    if (
        source == ActionSource.SELF_ASSESSMENT
        and values.get("self_assessment") is None
        and not values.get("commitments")
    ):
        add("commitments", "Indiquez l'engagement de l'auto-diagnostic concerné.")
    return errors


def _raise(errors):
    if errors:
        raise ValidationError(errors)


# --- Creating and changing ----------------------------------------------------------------------


def create_action(organisation, *, user, today: dt.date | None = None, reason="", **values):
    """Creates an action; `values` are the model's fields plus `commitments` and `indicators`.
    An action from a finding or a self-assessment is linked to its commitment."""
    today = today or timezone.localdate()
    if values.get("finding") is not None and not values.get("source"):
        values["source"] = ActionSource.AUDIT_FINDING
    if values.get("self_assessment") is not None and not values.get("source"):
        values["source"] = ActionSource.SELF_ASSESSMENT
    _raise(action_errors(organisation, values, created_on=today))
    commitments = list(values.pop("commitments", None) or ())
    indicators = list(values.pop("indicators", None) or ())
    for origin in (values.get("finding"), values.get("self_assessment")):
        if origin is not None and origin.commitment not in commitments:
            commitments.append(origin.commitment)
    with transaction.atomic():
        action = Action(
            organisation=organisation,
            created_at=timezone.now(),
            created_by=user,
            **values,
        )
        action.reference = allocate_action_references(organisation, today.year)[0]
        action._change_reason = reason or "Création"
        action._history_user = user
        action.save()
        action.commitments.set(commitments)
        action.indicators.set(indicators)
    return action


def _locked(action) -> Action:
    return Action.objects.select_for_update(of=("self",)).get(pk=action.pk)


def update_action(action, *, user, reason="", **values) -> Action:
    """Changes the editable fields (and `commitments`, `indicators`, `status`…) of an action."""
    commitments = values.pop("commitments", None)
    indicators = values.pop("indicators", None)
    status = values.pop("status", None)
    abandon_reason = values.pop("abandon_reason", None)
    completed_on = values.pop("completed_on", None)
    effectiveness = values.pop("effectiveness", None)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    current = {name: getattr(action, name) for name in EDITABLE_FIELDS}
    current.update(
        self_assessment=action.self_assessment,
        finding=action.finding,
        feedback=action.feedback,
        commitments=list(action.commitments.all()) if commitments is None else commitments,
    )
    current.update(values)
    created_on = timezone.localtime(action.created_at).date()
    errors = action_errors(action.organisation, current, created_on=created_on)
    # Only what changes is judged: an unchanged due date or a since-suspended owner stays.
    judged = set(values) | ({"finding"} if "source" in values else set())
    if commitments is not None:
        judged.add("commitments")
    _raise({field: messages for field, messages in errors.items() if field in judged})
    with transaction.atomic():
        fresh = _locked(action)
        for name, value in values.items():
            setattr(fresh, name, value)
        if values:
            fresh._change_reason = reason or "Modification"
            fresh._history_user = user
            fresh.save()
        if commitments is not None:
            fresh.commitments.set(commitments)
        if indicators is not None:
            fresh.indicators.set(indicators)
        if status is not None and status != fresh.status:
            fresh = set_status(
                fresh,
                status,
                user=user,
                abandon_reason=abandon_reason or "",
                completed_on=completed_on,
                reason=reason,
            )
        if effectiveness is not None and effectiveness != fresh.effectiveness:
            fresh = record_effectiveness(fresh, effectiveness, user=user, reason=reason)
    return fresh


def set_status(
    action, status, *, user, abandon_reason="", completed_on=None, today=None, reason=""
) -> Action:
    """Moves an action to `status`. Done needs a completion date (today by default, never in
    the future), abandoned a reason; reopening a done action withdraws its verdict. Setting the
    status it already has changes nothing (a double click closes once)."""
    today = today or timezone.localdate()
    if status not in ActionStatus.values:
        raise ValidationError({"status": f"État « {status} » inconnu."})
    with transaction.atomic():
        fresh = _locked(action)
        if fresh.status == status:
            return fresh
        if status == ActionStatus.ABANDONED and not (abandon_reason or "").strip():
            raise ValidationError({"abandon_reason": "Indiquez pourquoi l'action est abandonnée."})
        if status == ActionStatus.DONE:
            completed_on = completed_on or today
            if completed_on > today:
                raise ValidationError(
                    {"completed_on": "La date de réalisation ne peut pas être dans le futur."}
                )
            fresh.completed_on = completed_on
        else:
            fresh.completed_on = None
            fresh.effectiveness = ""
            fresh.effectiveness_checked_at = None
            fresh.effectiveness_checked_by = None
        fresh.abandon_reason = abandon_reason.strip() if status == ActionStatus.ABANDONED else ""
        fresh.status = status
        fresh._change_reason = reason or f"État : {ActionStatus(status).label}"
        fresh._history_user = user
        fresh.save()
    return fresh


def record_effectiveness(action, verdict: str, *, user, reason="") -> Action:
    """The written verdict on the action's effectiveness, once it is done."""
    verdict = (verdict or "").strip()
    with transaction.atomic():
        fresh = _locked(action)
        if fresh.status != ActionStatus.DONE:
            raise ValidationError(
                {
                    "effectiveness": "L'efficacité se vérifie une fois l'action réalisée : "
                    "passez-la d'abord à l'état « Réalisée »."
                }
            )
        if not verdict:
            raise ValidationError({"effectiveness": "Rédigez le constat d'efficacité."})
        fresh.effectiveness = verdict
        fresh.effectiveness_checked_at = timezone.now()
        fresh.effectiveness_checked_by = user
        fresh._change_reason = reason or "Vérification de l'efficacité"
        fresh._history_user = user
        fresh.save()
    return fresh


def add_note(action, text: str, *, user) -> ActionNote:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "La note est vide."})
    note = ActionNote(action=action, text=text, written_at=timezone.now(), written_by=user)
    note._history_user = user
    note.save()
    return note


def departure_summary(membership) -> list:
    """What the confirmation page shows before a member leaves: the open actions they own,
    with the filtered list where they can be handed over (organisations.hooks)."""
    from django.urls import reverse

    from qualipilote.organisations.hooks import DepartureItem

    count = (
        Action.objects.open()
        .filter(organisation=membership.organisation_id, owner=membership.user_id)
        .count()
    )
    if not count:
        return []
    url = reverse("improvement:actions", kwargs={"org_code": membership.organisation.code})
    return [
        DepartureItem(
            text=f"{count} action{'s' if count > 1 else ''} ouverte{'s' if count > 1 else ''} "
            f"du plan d'actions {'ont' if count > 1 else 'a'} cette personne pour pilote.",
            url=f"{url}?owner={membership.user_id}&status=",
            link_text="Changer de pilote",
        )
    ]
