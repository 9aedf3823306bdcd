"""Business rules of emergency communication: opening an event, recording its steps, and the
one-hour checks of Quali-ATE 2024 commitments 39–40 (Qual-e-pref 2019 commitments 47–48).

Every path (live page, API, admin, demo) records through `open_event` and `record_step`.

Checks (`event_checks`), on real elapsed time (timing.elapsed_seconds, in UTC):
- the emergency communication cell is active within one hour of the start of the event;
- elected officials, the public and the media are each informed within one hour of the COD
  activation; the information delay is the longest of the three (first message to each);
- while a step is missing and the event is not over, the check is null (not yet known); once
  the event is over, a missing step fails it. Without a COD activation the information check
  does not apply (null).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from qualipilote.common.files import check_evidence_file, safe_filename

from .enums import AUDIENCE_STEPS, SINGLE_STEPS, EventKind, Step
from .models import CrisisEvent, CrisisStep
from .timing import elapsed_seconds, minutes_up, shown

HOUR = 3600
# A phone's clock may be a little ahead of the server's.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


def _require_aware(value: dt.datetime, field_name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            {field_name: "L'instant doit préciser son fuseau horaire (par exemple +01:00)."}
        )


def _not_in_future(value: dt.datetime, field_name: str, now: dt.datetime) -> None:
    if value > now + FUTURE_TOLERANCE:
        raise ValidationError({field_name: f"L'instant {shown(value)} est dans le futur."})


def open_event(
    organisation,
    *,
    title: str,
    kind: str,
    started_at: dt.datetime,
    scenario: str = "",
    participants: str = "",
    user=None,
):
    """A new event or exercise of `organisation`."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Donnez un intitulé à l'événement."})
    if kind not in EventKind.values:
        raise ValidationError(
            {"kind": f"« {kind} » n'est pas une nature connue (event ou exercise)."}
        )
    _require_aware(started_at, "started_at")
    if kind != EventKind.EXERCISE:
        # An exercise may be planned ahead (steps wait for its start); a real event may not.
        _not_in_future(started_at, "started_at", timezone.now())
    return CrisisEvent.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        started_at=started_at,
        scenario=(scenario or "").strip(),
        participants=(participants or "").strip(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


@dataclass
class Recorded:
    step: CrisisStep
    created: bool  # False: the same client key was already recorded (a retry)


def record_step(
    event: CrisisEvent,
    *,
    step: str,
    at: dt.datetime,
    channel: str = "",
    text: str = "",
    synergi_reference: str = "",
    cip_number: str = "",
    client_key: str | None = None,
    user=None,
) -> Recorded:
    """Records one step of `event`'s timeline; nothing is saved when a rule refuses it.

    A step whose `client_key` was already recorded for this event is not recorded again: the
    first one is returned (`created` False), so a step sent again after a lost answer counts
    once."""
    client_key = (client_key or "").strip() or None
    if client_key is not None and len(client_key) > 64:
        raise ValidationError({"client_key": "La clé du client dépasse 64 caractères."})
    if step not in Step.values:
        raise ValidationError({"step": f"« {step} » n'est pas une étape connue."})
    _require_aware(at, "at")
    with transaction.atomic():
        # One step at a time per event: the rules below read the other steps.
        locked = CrisisEvent.objects.select_for_update().get(pk=event.pk)
        if client_key is not None:
            existing = locked.steps.filter(client_key=client_key).first()
            if existing is not None:
                return Recorded(existing, created=False)
        _check_step(locked, step=step, at=at, channel=channel, cip_number=cip_number)
        try:
            with transaction.atomic():
                recorded = CrisisStep.objects.create(
                    event=locked,
                    step=step,
                    at=at,
                    channel=channel or "",
                    text=(text or "").strip(),
                    synergi_reference=(synergi_reference or "").strip(),
                    cip_number=(cip_number or "").strip(),
                    client_key=client_key,
                    recorded_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # Only reachable without the lock (another database session inserted first).
            raise ValidationError(
                {"step": f"« {Step(step).label} » est déjà enregistrée pour cet événement."}
            ) from None
        store_checks(locked)
    return Recorded(recorded, created=True)


def _check_step(event, *, step, at, channel, cip_number) -> None:
    steps = {
        recorded.step: recorded for recorded in event.steps.all() if recorded.step in SINGLE_STEPS
    }
    label = Step(step).label
    if at < event.started_at:
        raise ValidationError(
            {
                "at": f"{label} : l'instant {shown(at)} précède le début de l'événement "
                f"({shown(event.started_at)})."
            }
        )
    _not_in_future(at, "at", timezone.now())
    if step in SINGLE_STEPS and step in steps:
        raise ValidationError({"step": f"« {label} » est déjà enregistrée pour cet événement."})
    ended = steps.get(Step.ENDED)
    if ended is not None and at > ended.at:
        raise ValidationError(
            {
                "at": f"{label} : l'instant {shown(at)} suit la fin de l'événement ({shown(ended.at)})."
            }
        )
    if step == Step.ENDED:
        last = event.steps.order_by("-at").first()
        if last is not None and last.at > at:
            raise ValidationError(
                {
                    "at": f"La fin ({shown(at)}) précède l'étape « {last.get_step_display()} » "
                    f"déjà enregistrée à {shown(last.at)}."
                }
            )
    if step == Step.CIP_CLOSED:
        opened = steps.get(Step.CIP_ACTIVATED)
        if opened is None:
            raise ValidationError({"step": "La CIP ne peut être fermée avant d'avoir été activée."})
        if at < opened.at:
            raise ValidationError(
                {"at": f"La fermeture de la CIP précède son activation ({shown(opened.at)})."}
            )
    if step == Step.CIP_ACTIVATED:
        closed = steps.get(Step.CIP_CLOSED)
        if closed is not None and at > closed.at:
            raise ValidationError(
                {"at": f"L'activation de la CIP suit sa fermeture ({shown(closed.at)})."}
            )
    if channel and step not in AUDIENCE_STEPS:
        raise ValidationError({"channel": f"Un canal ne s'indique que pour un message ({label})."})
    if cip_number and step != Step.CIP_ACTIVATED:
        raise ValidationError({"cip_number": "Le numéro se saisit à l'activation de la CIP."})


@dataclass
class Deadline:
    label: str
    due_at: dt.datetime | None  # None: not started yet (no COD activation)
    done_at: dt.datetime | None
    within: bool | None
    delay_minutes: int | None
    missing: list[str] = field(default_factory=list)

    def seconds_left(self, now: dt.datetime) -> int | None:
        if self.due_at is None or self.done_at is not None:
            return None
        return int(elapsed_seconds(now, self.due_at))


@dataclass
class Checks:
    cell_delay_minutes: int | None
    cell_within_hour: bool | None
    information_delay_minutes: int | None
    information_within_hour: bool | None
    deadlines: list[Deadline]
    over: bool

    def as_dict(self) -> dict:
        return {
            "cell_delay_minutes": self.cell_delay_minutes,
            "cell_within_hour": self.cell_within_hour,
            "information_delay_minutes": self.information_delay_minutes,
            "information_within_hour": self.information_within_hour,
        }


def first_steps(event: CrisisEvent) -> dict[str, CrisisStep]:
    """The first step of each code (steps ordered by instant)."""
    first: dict[str, CrisisStep] = {}
    for recorded in sorted(event.steps.all(), key=lambda s: (s.at, s.pk)):
        first.setdefault(recorded.step, recorded)
    return first


def event_checks(event: CrisisEvent) -> Checks:
    first = first_steps(event)
    over = Step.ENDED in first
    hour = dt.timedelta(hours=1)

    cell = first.get(Step.CELL_ACTIVATED)
    if cell is not None:
        seconds = elapsed_seconds(event.started_at, cell.at)
        cell_delay, cell_within = minutes_up(seconds), seconds <= HOUR
    else:
        cell_delay, cell_within = None, (False if over else None)
    cell_deadline = Deadline(
        label="Cellule de communication d'urgence active",
        due_at=event.started_at + hour,
        done_at=cell.at if cell else None,
        within=cell_within,
        delay_minutes=cell_delay,
        missing=[] if cell else [Step.CELL_ACTIVATED.label],
    )

    cod = first.get(Step.COD_ACTIVATED)
    audiences = {code: first.get(code) for code in AUDIENCE_STEPS}
    missing = [Step(code).label for code, message in audiences.items() if message is None]
    info_delay = info_within = None
    done_at = None
    if cod is not None:
        if not missing:
            # A message sent before the COD activation counts as immediate.
            seconds = max(
                max(elapsed_seconds(cod.at, message.at), 0) for message in audiences.values()
            )
            info_delay, info_within = minutes_up(seconds), seconds <= HOUR
            done_at = max(message.at for message in audiences.values())
        elif over:
            info_within = False
    information_deadline = Deadline(
        label="Élus, grand public et médias informés",
        due_at=cod.at + hour if cod else None,
        done_at=done_at,
        within=info_within,
        delay_minutes=info_delay,
        missing=missing,
    )
    return Checks(
        cell_delay_minutes=cell_delay,
        cell_within_hour=cell_within,
        information_delay_minutes=info_delay,
        information_within_hour=info_within,
        deadlines=[cell_deadline, information_deadline],
        over=over,
    )


def store_checks(event: CrisisEvent) -> None:
    """Keeps the event's stored checks equal to what event_checks computes from its steps."""
    checks = event_checks(event)
    ended = first_steps(event).get(Step.ENDED)
    CrisisEvent.objects.filter(pk=event.pk).update(
        ended_at=ended.at if ended else None,
        cell_delay_minutes=checks.cell_delay_minutes,
        cell_within_hour=checks.cell_within_hour,
        information_delay_minutes=checks.information_delay_minutes,
        information_within_hour=checks.information_within_hour,
    )


def organisation_events(organisation):
    from django.db.models import Exists, OuterRef

    from .models import LessonsLearned

    return (
        CrisisEvent.objects.filter(organisation=organisation)
        .annotate(lessons_written=Exists(LessonsLearned.objects.filter(event=OuterRef("pk"))))
        .prefetch_related("steps")
    )


def write_lessons(event: CrisisEvent, *, what_happened: str, user=None):
    """The RETEX of an event or exercise (one per event; writing again updates it)."""
    from .models import LessonsLearned

    what_happened = (what_happened or "").strip()
    if not what_happened:
        raise ValidationError({"what_happened": "Décrivez ce qui s'est passé."})
    lessons, created = LessonsLearned.objects.get_or_create(
        event=event,
        defaults={
            "what_happened": what_happened,
            "written_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    if not created and lessons.what_happened != what_happened:
        lessons.what_happened = what_happened
        lessons.save(update_fields=["what_happened"])
    return lessons


def add_lesson_item(lessons, *, theme: str, outcome: str, text: str):
    """One finding of a RETEX; one that did not work is announced to the action plan
    (hooks.announce_lesson_item) in the same transaction."""
    from .hooks import announce_lesson_item
    from .models import LessonItem, LessonOutcome, LessonTheme

    errors = {}
    if theme not in LessonTheme.values:
        errors["theme"] = f"« {theme} » n'est pas un thème connu."
    if outcome not in LessonOutcome.values:
        errors["outcome"] = f"« {outcome} » n'est pas un constat connu."
    if not (text or "").strip():
        errors["text"] = "Décrivez le constat."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = LessonItem.objects.create(
            lessons=lessons, theme=theme, outcome=outcome, text=text.strip()
        )
        if outcome == LessonOutcome.DID_NOT_WORK:
            announce_lesson_item(item)
    return item


def link_action(item, reference: str) -> None:
    """The action plan writes back the reference of the action an item became."""
    type(item).objects.filter(pk=item.pk).update(action_reference=reference[:60])


def attach_message_file(step: CrisisStep, upload) -> CrisisStep:
    """Attaches the file of a message (information of officials, public or media) to its step,
    replacing an earlier one. The file is checked (type by its content, size) before anything is
    stored; the replaced file is deleted once the change is committed, and a new file whose row
    fails is deleted at once, so no orphan stays in the storage."""
    if step.step not in AUDIENCE_STEPS:
        raise ValidationError(
            {"file": "Seul un message (élus, grand public, médias) porte un fichier."}
        )
    file_type = check_evidence_file(upload)
    name = safe_filename(upload.name)
    storage = step.attachment.storage
    previous = step.attachment.name
    step.attachment.save(name, upload, save=False)
    stored = step.attachment.name
    step.attachment_name = name
    step.attachment_type = file_type.content_type
    step.attachment_size = upload.size
    try:
        with transaction.atomic():
            step.save(
                update_fields=[
                    "attachment",
                    "attachment_name",
                    "attachment_type",
                    "attachment_size",
                ]
            )
            if previous:
                transaction.on_commit(lambda: storage.delete(previous))
    except Exception:
        storage.delete(stored)
        raise
    return step
