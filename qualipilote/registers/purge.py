"""Anonymisation of the personal data of feedback authors after the retention period.

A feedback's retention period runs from the day its case closed: its answer date, or its date
of receipt when it was never answered. Once an organisation's `personal_data_retention_months`
have passed, the author's name, e-mail, phone and address are blanked, `anonymised_at` is set,
and the same fields are blanked in every historical copy simple_history kept of that author.
The feedback itself (dates, deadline, on time, kind, source) is untouched, so every figure
computed from the register stays the same.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateField
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from qualipilote.organisations.models import Organisation

from .models import FeedbackAuthor

ANONYMISATION_REASON = "Anonymisation : durée de conservation des données personnelles dépassée"


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(organisation: Organisation, today: dt.date) -> dt.date:
    """Cases closed before this day are past retention."""
    return months_before(today, organisation.personal_data_retention_months)


def authors_to_anonymise(organisation: Organisation, today: dt.date):
    return (
        FeedbackAuthor.objects.filter(
            feedback__organisation=organisation, anonymised_at__isnull=True
        )
        .annotate(
            closed_on=Coalesce(
                "feedback__answered_on", "feedback__received_on", output_field=DateField()
            )
        )
        .filter(closed_on__lt=retention_cutoff(organisation, today))
    )


@dataclass(frozen=True)
class PurgeResult:
    organisation: Organisation
    cutoff: dt.date
    anonymised: int


def purge_personal_data(
    organisations=None, *, today: dt.date | None = None, dry_run: bool = False
) -> list[PurgeResult]:
    """Anonymises authors past retention in each organisation (all when None)."""
    today = today or timezone.localdate()
    if organisations is None:
        organisations = Organisation.objects.all()
    results = []
    for organisation in organisations:
        authors = list(authors_to_anonymise(organisation, today))
        if authors and not dry_run:
            anonymise_authors(authors)
        results.append(
            PurgeResult(organisation, retention_cutoff(organisation, today), len(authors))
        )
    return results


@transaction.atomic
def anonymise_authors(authors: list[FeedbackAuthor]) -> None:
    now = timezone.now()
    blank = dict.fromkeys(FeedbackAuthor.PERSONAL_FIELDS, "")
    for author in authors:
        for field, value in blank.items():
            setattr(author, field, value)
        author.anonymised_at = now
    bulk_update_with_history(
        authors,
        FeedbackAuthor,
        [*FeedbackAuthor.PERSONAL_FIELDS, "anonymised_at"],
        batch_size=1000,
        default_change_reason=ANONYMISATION_REASON,
    )
    # simple_history keeps a full copy of each earlier version: blank those too.
    FeedbackAuthor.history.filter(id__in=[author.pk for author in authors]).update(**blank)
