"""Daily reminders of document reviews: the people who keep an organisation's documents
(MANAGE_DOCUMENTS) are told of the documents in force whose review is overdue or due within 30
days, once per document until its next approval (Document.review_reminded_on). The Huey task
(tasks.py) only calls `send_review_reminders(today)`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core import mail
from django.db import transaction

from qualipilote.organisations.models import Membership
from qualipilote.organisations.permissions import ABILITIES_BY_ROLE, MANAGE_DOCUMENTS

from .enums import VersionStatus
from .models import Document
from .queries import REVIEW_NOTICE_DAYS


def _keepers(organisation) -> list[str]:
    roles = [role for role, abilities in ABILITIES_BY_ROLE.items() if MANAGE_DOCUMENTS in abilities]
    return sorted(
        {
            email
            for email in Membership.objects.active()
            .filter(organisation=organisation, role__in=roles)
            .values_list("user__email", flat=True)
            if email
        }
    )


def send_review_reminders(today: dt.date) -> int:
    due = (
        Document.objects.filter(
            next_review_on__isnull=False,
            next_review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS),
            review_reminded_on__isnull=True,
            versions__status=VersionStatus.APPROVED,
        )
        .distinct()
        .select_related("organisation")
        .order_by("organisation_id", "next_review_on", "number")
    )
    by_organisation = defaultdict(list)
    for document in due:
        by_organisation[document.organisation].append(document)
    sent = 0
    for organisation, documents in by_organisation.items():
        recipients = _keepers(organisation)
        if not recipients:
            continue
        lines = ["Bonjour,", "", f"Documents de {organisation.name} à réviser :"]
        for document in documents:
            state = "dépassée depuis le" if document.next_review_on < today else "prévue le"
            lines.append(f"- {document} — revue {state} {document.next_review_on:%d/%m/%Y}")
        lines += ["", "— Qualipilote (message automatique)"]
        message = mail.EmailMessage(
            subject=f"[Qualipilote] {organisation.name} — {len(documents)} document(s) à réviser",
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )
        with transaction.atomic():
            Document.objects.filter(pk__in=[d.pk for d in documents]).update(
                review_reminded_on=today
            )
            sent += message.send() or 0
    return sent
