"""Purge of the personal data of complaints and suggestions after the retention period.

A feedback's retention period runs from the day its case closed: its answer date, or its date
of receipt when it was never answered. Once an organisation's `personal_data_retention_months`
have passed:

- the author's name, e-mail, phone and address are blanked and `anonymised_at` is set;
- the free text of the feedback (description, answer, actions noted), where citizens and agents
  type names, e-mails and phone numbers too, is replaced by a dated marker, and
  `personal_data_purged_on` is set, which the record's page and the list show;
- every historical copy simple_history kept of the feedback and of its author is scrubbed the
  same way (the history would otherwise keep what the record no longer says).

The record itself stays: reference, dates, deadline, on time, kind, source, theme, unit and
scope are untouched, so every figure computed from the register stays the same. A purged
feedback is never selected again: running the purge twice changes nothing.
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

from .models import Feedback, FeedbackAuthor, search_text_of

ANONYMISATION_REASON = "Anonymisation : durée de conservation des données personnelles dépassée"
PURGE_BATCH = 1000


def purge_marker(day: dt.date) -> str:
    return f"[texte retiré le {day:%d/%m/%Y} : données personnelles]"


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(organisation: Organisation, today: dt.date) -> dt.date:
    """Cases closed before this day are past retention."""
    return months_before(today, organisation.personal_data_retention_months)


def feedbacks_to_purge(organisation: Organisation, today: dt.date):
    return (
        Feedback.objects.filter(organisation=organisation, personal_data_purged_on__isnull=True)
        .annotate(closed_on=Coalesce("answered_on", "received_on", output_field=DateField()))
        .filter(closed_on__lt=retention_cutoff(organisation, today))
        .order_by("pk")
    )


def authors_to_anonymise(feedback_ids) -> list[FeedbackAuthor]:
    return list(
        FeedbackAuthor.objects.filter(feedback_id__in=feedback_ids, anonymised_at__isnull=True)
    )


@dataclass(frozen=True)
class PurgeResult:
    organisation: Organisation
    cutoff: dt.date
    purged: int  # feedbacks whose free text was replaced
    anonymised: int  # of which authors blanked


def purge_personal_data(
    organisations=None, *, today: dt.date | None = None, dry_run: bool = False
) -> list[PurgeResult]:
    """Purges the feedbacks past retention in each organisation (all when None)."""
    today = today or timezone.localdate()
    if organisations is None:
        organisations = Organisation.objects.all()
    results = []
    for organisation in organisations:
        purged = anonymised = 0
        ids = list(feedbacks_to_purge(organisation, today).values_list("pk", flat=True))
        for start in range(0, len(ids), PURGE_BATCH):
            batch = ids[start : start + PURGE_BATCH]
            authors = authors_to_anonymise(batch)
            if not dry_run:
                purge_feedbacks(batch, authors, today)
            purged += len(batch)
            anonymised += len(authors)
        results.append(
            PurgeResult(organisation, retention_cutoff(organisation, today), purged, anonymised)
        )
    return results


@transaction.atomic
def purge_feedbacks(feedback_ids: list[int], authors: list[FeedbackAuthor], today) -> None:
    """Replaces the free text of these feedbacks, in the records and in all their history,
    and anonymises their authors (records and history)."""
    marker = purge_marker(today)
    feedbacks = list(Feedback.objects.filter(pk__in=feedback_ids))
    for feedback in feedbacks:
        for name in Feedback.FREE_TEXT_FIELDS:
            if getattr(feedback, name):
                setattr(feedback, name, marker)
        feedback.personal_data_purged_on = today
        feedback.search_text = search_text_of(feedback)
    # Only text changes: no figure moves, so the indicators are not told (no hook announced).
    bulk_update_with_history(
        feedbacks,
        Feedback,
        [*Feedback.FREE_TEXT_FIELDS, "personal_data_purged_on", "search_text"],
        batch_size=PURGE_BATCH,
        default_change_reason=ANONYMISATION_REASON,
    )
    history = Feedback.history.filter(id__in=feedback_ids)
    for name in Feedback.FREE_TEXT_FIELDS:
        history.exclude(**{name: ""}).update(**{name: marker})
    anonymise_authors(authors)


def anonymise_authors(authors: list[FeedbackAuthor]) -> None:
    if not authors:
        return
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
        batch_size=PURGE_BATCH,
        default_change_reason=ANONYMISATION_REASON,
    )
    # simple_history keeps a full copy of each earlier version: blank those too.
    FeedbackAuthor.history.filter(id__in=[author.pk for author in authors]).update(**blank)
