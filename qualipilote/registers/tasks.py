"""Daily work of the registers (Huey periodic tasks): reminders of the deadlines, and the purge
of personal data past retention (registers.purge).

Each unit's contact receives its unanswered items due within 1 working day and those already
overdue; items without a unit, or whose unit has no contact e-mail, go to the organisation's
quality leads. The task only calls `send_deadline_reminders(today)`, which tests call directly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from huey import crontab

from qualipilote.common.tasks import periodic_task
from qualipilote.organisations.calendar import WorkingCalendar
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership, Organisation

from .filters import not_taken_public_feedback
from .import_jobs import run_import_job  # noqa: F401 - the consumers find the task here
from .models import Correspondence, Feedback, UpdateRequest
from .purge import purge_personal_data

REMINDED_MODELS = (Correspondence, Feedback, UpdateRequest)


@dataclass(frozen=True)
class ReminderLine:
    due_on: dt.date
    text: str
    overdue: bool


def describe(record) -> str:
    """How a record is named in a reminder: its reference and what it is about."""
    received = f"reçu le {record.received_on:%d/%m/%Y}"
    if isinstance(record, Feedback):
        theme = f" — {record.theme}" if record.theme else ""
        return f"{record.get_kind_display()} {record.reference}, {received}{theme}"
    if isinstance(record, Correspondence):
        topic = f" — {record.topic}" if record.topic else ""
        return f"{record.get_channel_display()} n° {record.pk}, {received}{topic}"
    return f"Mise à jour ({record.get_target_display()}) n° {record.pk}, demandée le {record.received_on:%d/%m/%Y}"


def reminder_lines(organisation, today: dt.date, limit: dt.date) -> dict:
    """Unanswered records due by `limit`, grouped by unit (None: no unit)."""
    by_unit = defaultdict(list)
    for model in REMINDED_MODELS:
        records = (
            model.objects.filter(organisation=organisation)
            .unanswered()
            .filter(due_on__lte=limit)
            .select_related("unit")
            .order_by("due_on", "pk")
        )
        for record in records:
            by_unit[record.unit].append(
                ReminderLine(record.due_on, describe(record), record.due_on < today)
            )
    return by_unit


def reminder_body(organisation, recipient_label: str, lines, today: dt.date, limit: dt.date) -> str:
    overdue = sorted((line for line in lines if line.overdue), key=lambda line: line.due_on)
    due_soon = sorted((line for line in lines if not line.overdue), key=lambda line: line.due_on)
    parts = [
        "Bonjour,",
        "",
        f"Voici les dossiers sans réponse de {recipient_label} ({organisation.name}) "
        f"au {today:%d/%m/%Y}.",
    ]
    if overdue:
        parts += ["", f"EN RETARD ({len(overdue)}) :"]
        parts += [
            f"- {line.text} — échéance dépassée le {line.due_on:%d/%m/%Y}" for line in overdue
        ]
    if due_soon:
        parts += ["", f"À RÉPONDRE AU PLUS TARD LE {limit:%d/%m/%Y} ({len(due_soon)}) :"]
        parts += [f"- {line.text} — échéance le {line.due_on:%d/%m/%Y}" for line in due_soon]
    parts += [
        "",
        "Une fois la réponse envoyée, indiquez sa date dans Qualipilote : le dossier sortira de ce rappel.",
        "",
        "— Qualipilote (message automatique)",
    ]
    return "\n".join(parts)


def quality_lead_emails(organisation) -> list[str]:
    return sorted(
        email
        for email in Membership.objects.active()
        .filter(organisation=organisation, role=Role.QUALITY_LEAD)
        .values_list("user__email", flat=True)
        if email
    )


def organisation_reminders(organisation, today: dt.date) -> list[mail.EmailMessage]:
    limit = WorkingCalendar.for_organisation(organisation).add_working_days(today, 1)
    messages = []
    leftovers = []
    for unit, lines in reminder_lines(organisation, today, limit).items():
        if unit is not None and unit.contact_email:
            messages.append(
                _message(organisation, unit.name, lines, [unit.contact_email], today, limit)
            )
        else:
            leftovers += lines
    leads = quality_lead_emails(organisation)
    if leftovers and leads:
        label = "dossiers sans unité ou dont l'unité n'a pas de courriel de contact"
        messages.append(_message(organisation, label, leftovers, leads, today, limit))
    return messages


def _message(organisation, label, lines, recipients, today, limit) -> mail.EmailMessage:
    overdue = sum(line.overdue for line in lines)
    subject = (
        f"[Qualipilote] {organisation.name} — {label} : "
        f"{overdue} en retard, {len(lines) - overdue} à échéance"
    )
    return mail.EmailMessage(
        subject=subject,
        body=reminder_body(organisation, label, lines, today, limit),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )


def send_deadline_reminders(today: dt.date) -> int:
    """Sends every organisation's reminders for `today`; returns how many e-mails were sent."""
    messages = []
    for organisation in Organisation.objects.order_by("code"):
        messages += organisation_reminders(organisation, today)
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0


@periodic_task(crontab(hour="7", minute="30"))
def daily_deadline_reminders():
    send_deadline_reminders(timezone.localdate())


@periodic_task(crontab(hour="3", minute="0"))
def daily_personal_data_purge():
    """Every night, the complaints and suggestions whose retention period ended are purged of
    their personal data (registers.purge)."""
    return sum(result.purged for result in purge_personal_data(today=timezone.localdate()))


# --- Daily digest of new public feedback -----------------------------------------------------------


def feedback_digest(organisation, today: dt.date, base_url: str = "") -> mail.EmailMessage | None:
    """The message telling the quality leads which public feedback nobody took yet (the same
    list the home page's work queue counts), or None when there is none or no quality lead."""
    waiting = list(
        not_taken_public_feedback(Feedback.objects.filter(organisation=organisation)).order_by(
            "received_on", "pk"
        )
    )
    recipients = quality_lead_emails(organisation)
    if not waiting or not recipients:
        return None
    url = base_url + reverse("registers:feedback_list", kwargs={"org_code": organisation.code})
    lines = [f"- {describe(record)} — échéance le {record.due_on:%d/%m/%Y}" for record in waiting]
    body = "\n".join(
        [
            "Bonjour,",
            "",
            f"{len(waiting)} avis du public ({organisation.name}) attend"
            f"{'ent' if len(waiting) > 1 else ''} d'être pris en charge au {today:%d/%m/%Y} :",
            *lines,
            "",
            f"Attribuez-les à une personne ou à une unité : {url}?vue=a-prendre",
            "",
            "— Qualipilote (message automatique)",
        ]
    )
    return mail.EmailMessage(
        subject=f"[Qualipilote] {organisation.name} — {len(waiting)} avis du public à prendre en charge",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )


def send_feedback_digests(today: dt.date) -> int:
    """Sends each organisation's digest of public feedback not taken; returns how many."""
    base_url = getattr(settings, "SITE_URL", "") or ""
    messages = [
        message
        for organisation in Organisation.objects.order_by("code")
        if (message := feedback_digest(organisation, today, base_url.rstrip("/"))) is not None
    ]
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0


@periodic_task(crontab(hour="7", minute="45"))
def daily_feedback_digest():
    """Every morning, the quality leads receive the public feedback nobody took yet."""
    send_feedback_digests(timezone.localdate())
