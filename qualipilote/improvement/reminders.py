"""Daily reminders of the action plan and the audits: each owner receives their open actions
overdue or due within DUE_SOON_DAYS; each organisation's quality leads receive the audits of the
next AUDIT_NOTICE_DAYS. The Huey task (tasks.py) only calls `send_improvement_reminders(today)`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core import mail

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership

from .models import Action, Audit

DUE_SOON_DAYS = 14
AUDIT_NOTICE_DAYS = 30


def action_messages(today: dt.date) -> list[mail.EmailMessage]:
    limit = today + dt.timedelta(days=DUE_SOON_DAYS)
    by_owner = defaultdict(list)
    for action in (
        Action.objects.open()
        .filter(due_on__lte=limit)
        .select_related("owner", "organisation")
        .order_by("owner_id", "due_on", "reference")
    ):
        by_owner[action.owner].append(action)
    messages = []
    for owner, actions in by_owner.items():
        if not owner.email:
            continue
        overdue = [a for a in actions if a.due_on < today]
        soon = [a for a in actions if a.due_on >= today]
        lines = ["Bonjour,", "", f"Voici vos actions du plan d'actions au {today:%d/%m/%Y}."]
        if overdue:
            lines += ["", f"EN RETARD ({len(overdue)}) :"]
            lines += [
                f"- {a.reference} {a.title} ({a.organisation.name}) — échéance dépassée le "
                f"{a.due_on:%d/%m/%Y}"
                for a in overdue
            ]
        if soon:
            lines += ["", f"À ÉCHÉANCE DANS LES {DUE_SOON_DAYS} JOURS ({len(soon)}) :"]
            lines += [f"- {a.reference} {a.title} — échéance le {a.due_on:%d/%m/%Y}" for a in soon]
        lines += ["", "— Qualipilote (message automatique)"]
        messages.append(
            mail.EmailMessage(
                subject=f"[Qualipilote] Plan d'actions : {len(overdue)} en retard, "
                f"{len(soon)} à échéance",
                body="\n".join(lines),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[owner.email],
            )
        )
    return messages


def audit_messages(today: dt.date) -> list[mail.EmailMessage]:
    """Quality leads are told once a week (Mondays) of the audits of the next 30 days."""
    if today.weekday() != 0:
        return []
    upcoming = defaultdict(list)
    for audit in Audit.objects.filter(
        starts_on__gte=today, starts_on__lte=today + dt.timedelta(days=AUDIT_NOTICE_DAYS)
    ).select_related("organisation"):
        upcoming[audit.organisation].append(audit)
    messages = []
    for organisation, found in upcoming.items():
        leads = sorted(
            email
            for email in Membership.objects.active()
            .filter(organisation=organisation, role=Role.QUALITY_LEAD)
            .values_list("user__email", flat=True)
            if email
        )
        if not leads:
            continue
        body = "\n".join(
            ["Bonjour,", "", f"Audits à venir de {organisation.name} :"]
            + [f"- {audit} ({audit.auditors or 'auditeurs à préciser'})" for audit in found]
            + ["", "Préparez le dossier de preuves dans Qualipilote (Préparation de l'audit)."]
        )
        messages.append(
            mail.EmailMessage(
                subject=f"[Qualipilote] {organisation.name} — {len(found)} audit(s) à venir",
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=leads,
            )
        )
    return messages


def send_improvement_reminders(today: dt.date) -> int:
    messages = action_messages(today) + audit_messages(today)
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
