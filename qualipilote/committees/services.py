"""The committees' work: every path (pages, admin, demo) creates and changes committees,
meetings, attendees, agendas, minutes and decisions here. Each function checks its rules first
and raises ValidationError with French messages by field, then writes in one transaction:
nothing is half-saved. A decision becomes an action through the improvement app's services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from qualipilote.assessments.files import check_evidence_file, safe_filename
from qualipilote.common.validation import control_character_error
from qualipilote.improvement import services as improvement
from qualipilote.improvement.enums import ActionKind, ActionSource
from qualipilote.organisations.models import Membership

from .enums import CommitteeKind, MeetingStatus
from .models import AgendaItem, Attendee, Committee, Decision, Meeting

# A meeting lies within this many years of today: enough for a past COPIL typed in afterwards,
# near enough to refuse a mistyped year.
MEETING_YEARS_RANGE = 5
MAX_AGENDA_ITEMS = 100
AGENDA_ITEM_MAX_LENGTH = 500
DECISION_WITHOUT_RESPONSIBLE = (
    "Une décision de comité sans responsable ne peut pas être enregistrée : indiquez la "
    "personne chargée de la mettre en œuvre."
)
DECISION_WITHOUT_DUE_DATE = "Indiquez l'échéance de la décision."


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _add(errors, field, message):
    errors.setdefault(field, []).append(message)


def _is_active_member(organisation, user) -> bool:
    return Membership.objects.active().filter(organisation=organisation, user=user).exists()


def _member_errors(organisation, user, field, errors, what):
    if user is not None and not _is_active_member(organisation, user):
        _add(errors, field, f"{what} « {user} » n'est pas membre actif de {organisation.name}.")


def _text_errors(value, field, label, max_length, errors, *, required=True):
    value = value or ""
    if required and not value.strip():
        _add(errors, field, f"Indiquez {label}.")
    elif len(value) > max_length:
        _add(errors, field, f"{label[0].upper()}{label[1:]} dépasse {max_length} caractères.")
    else:
        problem = control_character_error(value)
        if problem:
            _add(errors, field, f"{label[0].upper()}{label[1:]} {problem}")


# --- Committees ---------------------------------------------------------------------------------


def committee_errors(organisation, *, name, kind, chair, members, exclude_pk=None) -> dict:
    errors: dict[str, list[str]] = {}
    _text_errors(name, "name", "le nom du comité", 200, errors)
    if kind not in CommitteeKind.values:
        _add(
            errors, "kind", "Indiquez la nature du comité (COPIL, usagers, CSA, groupe de travail)."
        )
    _member_errors(organisation, chair, "chair", errors, "La présidence")
    for member in members or ():
        _member_errors(organisation, member, "members", errors, "Le membre")
    if "name" in errors:  # a name with a NUL byte cannot even be looked up on PostgreSQL
        return errors
    same_name = Committee.objects.filter(organisation=organisation, name=name.strip())
    if exclude_pk is not None:
        same_name = same_name.exclude(pk=exclude_pk)
    if same_name.exists():
        _add(errors, "name", f"Un comité s'appelle déjà « {name.strip()} ».")
    return errors


def create_committee(organisation, *, name, kind, chair=None, members=(), user=None) -> Committee:
    _raise(committee_errors(organisation, name=name, kind=kind, chair=chair, members=members))
    with transaction.atomic():
        committee = Committee(organisation=organisation, name=name.strip(), kind=kind, chair=chair)
        committee._history_user = user
        committee.save()
        committee.members.set(members)
    return committee


def update_committee(committee, *, name, kind, chair=None, members=(), user=None) -> Committee:
    _raise(
        committee_errors(
            committee.organisation,
            name=name,
            kind=kind,
            chair=chair,
            members=members,
            exclude_pk=committee.pk,
        )
    )
    with transaction.atomic():
        committee.name, committee.kind, committee.chair = name.strip(), kind, chair
        committee._history_user = user
        committee.save()
        committee.members.set(members)
    return committee


# --- Meetings -----------------------------------------------------------------------------------


def _date_errors(held_on, today, errors):
    if held_on is None:
        _add(errors, "held_on", "Indiquez la date de la réunion.")
        return
    low = today.replace(year=today.year - MEETING_YEARS_RANGE, day=1)
    high = today.replace(year=today.year + MEETING_YEARS_RANGE, day=1)
    if not low <= held_on <= high:
        _add(
            errors,
            "held_on",
            f"La date de la réunion doit se situer entre le {low:%d/%m/%Y} et le {high:%d/%m/%Y}.",
        )


def plan_meeting(committee, *, held_on, chair=None, user=None, today=None) -> Meeting:
    """A meeting of the committee; its usual members are its first attendees, its chair the
    committee's unless another is given."""
    today = today or timezone.localdate()
    organisation = committee.organisation
    errors: dict[str, list[str]] = {}
    _date_errors(held_on, today, errors)
    chair = chair or committee.chair
    _member_errors(organisation, chair, "chair", errors, "La présidence")
    _raise(errors)
    with transaction.atomic():
        meeting = Meeting(committee=committee, held_on=held_on, chair=chair)
        meeting._history_user = user
        meeting.save()
        active = Membership.objects.active().filter(organisation=organisation)
        for member in committee.members.filter(memberships__in=active).distinct():
            attendee = Attendee(meeting=meeting, user=member)
            attendee._history_user = user
            attendee.save()
    return meeting


def update_meeting(meeting, *, held_on, chair=None, user=None, today=None) -> Meeting:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if held_on != meeting.held_on:
        _date_errors(held_on, today, errors)
        if meeting.status == MeetingStatus.HELD and held_on is not None and held_on > today:
            _add(errors, "held_on", "Une réunion tenue ne peut pas être datée dans le futur.")
    if chair != meeting.chair:
        _member_errors(meeting.committee.organisation, chair, "chair", errors, "La présidence")
    _raise(errors)
    with transaction.atomic():
        fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
        fresh.held_on, fresh.chair = held_on, chair
        fresh._history_user = user
        fresh.save()
    return fresh


def mark_held(meeting, *, user=None, today=None) -> Meeting:
    """A meeting is marked held once its date has come; marking it twice changes nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if fresh.status == MeetingStatus.HELD:
            return fresh
        if fresh.held_on > today:
            raise ValidationError(
                {
                    "status": f"La réunion est prévue le {fresh.held_on:%d/%m/%Y} : elle ne peut "
                    "pas être déclarée tenue avant cette date."
                }
            )
        fresh.status = MeetingStatus.HELD
        fresh._history_user = user
        fresh._change_reason = "Réunion tenue"
        fresh.save()
    return fresh


# --- Attendees ----------------------------------------------------------------------------------


def add_attendee(meeting, *, member=None, name="", quality="", user=None) -> Attendee:
    """A member of the organisation, or an external person with their quality (a user
    representative, an association…)."""
    organisation = meeting.committee.organisation
    errors: dict[str, list[str]] = {}
    name, quality = (name or "").strip(), (quality or "").strip()
    if member is not None:
        if name or quality:
            _add(
                errors,
                "name",
                "Choisissez un membre ou indiquez une personne extérieure, pas les deux.",
            )
        _member_errors(organisation, member, "member", errors, "La personne")
        if meeting.attendees.filter(user=member).exists():
            _add(errors, "member", f"« {member} » figure déjà parmi les participants.")
    else:
        if not name:
            _add(
                errors, "name", "Choisissez un membre ou indiquez le nom de la personne extérieure."
            )
        else:
            _text_errors(name, "name", "le nom", 200, errors)
        _text_errors(quality, "quality", "la qualité de la personne extérieure", 200, errors)
    _raise(errors)
    attendee = Attendee(meeting=meeting, user=member, name=name, quality=quality)
    attendee._history_user = user
    try:
        with transaction.atomic():
            attendee.save()
    except IntegrityError as error:  # the same member added twice at once
        raise ValidationError(
            {"member": "Cette personne figure déjà parmi les participants."}
        ) from error
    return attendee


def remove_attendee(meeting, pk: int, *, user=None) -> None:
    """Idempotent: removing someone already removed does nothing."""
    attendee = meeting.attendees.filter(pk=pk).first()
    if attendee is not None:
        attendee._history_user = user
        attendee.delete()


# --- Agenda -------------------------------------------------------------------------------------


def save_agenda(meeting, items, *, user=None) -> list[AgendaItem]:
    """Replaces the meeting's agenda by `items` ((section, title) pairs, in order): a copy of
    their text, which later changes of the data do not alter."""
    errors: dict[str, list[str]] = {}
    cleaned = []
    for rank, (section, title) in enumerate(items, start=1):
        section, title = (section or "").strip(), (title or "").strip()
        if not title:
            continue
        if len(title) > AGENDA_ITEM_MAX_LENGTH:
            _add(
                errors, "items", f"Le point n° {rank} dépasse {AGENDA_ITEM_MAX_LENGTH} caractères."
            )
        elif len(section) > 100:
            _add(errors, "items", f"La rubrique du point n° {rank} dépasse 100 caractères.")
        elif control_character_error(title + section):
            _add(errors, "items", f"Le point n° {rank} {control_character_error(title + section)}")
        cleaned.append((section, title))
    if not cleaned:
        _add(errors, "items", "L'ordre du jour est vide : gardez ou ajoutez au moins un point.")
    elif len(cleaned) > MAX_AGENDA_ITEMS:
        _add(errors, "items", f"Un ordre du jour compte au plus {MAX_AGENDA_ITEMS} points.")
    _raise(errors)
    with transaction.atomic():
        fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
        for item in fresh.agenda.all():
            item._history_user = user
            item.delete()
        saved = []
        for position, (section, title) in enumerate(cleaned, start=1):
            item = AgendaItem(meeting=fresh, position=position, section=section, title=title)
            item._history_user = user
            item.save()
            saved.append(item)
        fresh.agenda_saved_at = timezone.now()
        fresh._history_user = user
        fresh._change_reason = "Ordre du jour enregistré"
        fresh.save()
    return saved


# --- Minutes ------------------------------------------------------------------------------------


def record_minutes(meeting, *, text="", file=None, user=None, today=None) -> Meeting:
    """The minutes of a meeting that took place: text and/or a file (checked like evidence:
    type and size). Recording them marks the meeting held."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if meeting.held_on > today:
        _add(
            errors,
            "minutes",
            f"La réunion est prévue le {meeting.held_on:%d/%m/%Y} : son compte rendu s'enregistre "
            "une fois qu'elle a eu lieu.",
        )
    if not text and file is None and not meeting.minutes_file:
        _add(errors, "minutes", "Rédigez le compte rendu ou joignez son fichier.")
    problem = control_character_error(text)
    if problem:
        _add(errors, "minutes", f"Le compte rendu {problem}")
    file_type = None
    if file is not None:
        try:
            file_type = check_evidence_file(file)
        except ValidationError as error:
            errors.setdefault("minutes_file", []).extend(error.messages)
    _raise(errors)
    with transaction.atomic():
        fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
        fresh.minutes = text
        if file is not None:
            fresh.minutes_filename = safe_filename(file.name)
            fresh.minutes_content_type = file_type.content_type
            fresh.minutes_file.save(fresh.minutes_filename, file, save=False)
        fresh.status = MeetingStatus.HELD
        fresh._history_user = user
        fresh._change_reason = "Compte rendu"
        fresh.save()
    return fresh


# --- Decisions ----------------------------------------------------------------------------------


def record_decision(
    meeting, *, text, responsible, due_on, kind=ActionKind.IMPROVEMENT, user=None, today=None
) -> Decision:
    """A decision of the meeting, carried out as an action of the action plan (source
    "committee", linked back to the meeting through the decision). The responsible person and
    the due date are required; the decision and its action are saved together or not at all."""
    today = today or timezone.localdate()
    organisation = meeting.committee.organisation
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    _text_errors(text, "text", "la décision prise", 2000, errors)
    if responsible is None:
        _add(errors, "responsible", DECISION_WITHOUT_RESPONSIBLE)
    if due_on is None:
        _add(errors, "due_on", DECISION_WITHOUT_DUE_DATE)
    if meeting.held_on > today:
        _add(
            errors,
            "text",
            f"La réunion est prévue le {meeting.held_on:%d/%m/%Y} : ses décisions s'enregistrent "
            "une fois qu'elle a eu lieu.",
        )
    _raise(errors)
    title = text if len(text) <= 300 else text[:299] + "…"
    with transaction.atomic():
        try:
            action = improvement.create_action(
                organisation,
                user=user,
                today=today,
                reason=f"Décision : {meeting}",
                title=title,
                description=text,
                kind=kind,
                source=ActionSource.COMMITTEE,
                source_detail=str(meeting)[:300],
                owner=responsible,
                due_on=due_on,
            )
        except ValidationError as error:
            messages = error.message_dict
            if "owner" in messages:
                messages["responsible"] = messages.pop("owner")
            if "title" in messages:
                messages["text"] = messages.pop("title")
            raise ValidationError(messages) from error
        decision = Decision(
            meeting=meeting, text=text, action=action, recorded_at=timezone.now(), recorded_by=user
        )
        decision._history_user = user
        decision.save()
    return decision
