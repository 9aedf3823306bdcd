"""Queries shared by every register: statuses as of a given day, always passed explicitly."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When

from qualipilote.organisations.calendar import WorkingCalendar


class DeadlineTrackedQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_on__isnull=False)

    def unanswered(self):
        return self.filter(answered_on__isnull=True)

    def pending(self, today: dt.date):
        """Not answered yet and still within the deadline (due today or later)."""
        return self.unanswered().filter(due_on__gte=today)

    def overdue(self, today: dt.date):
        """Not answered and the due date has passed."""
        return self.unanswered().filter(due_on__lt=today)

    def due_within(self, today: dt.date, working_days: int = 1, calendar=None):
        """Not answered and due at the latest on the `working_days`-th working day after today.

        Overdue records are included (they are due "within" the window too); combine with
        `.pending(today)` for the ones that are not late yet.
        """
        calendar = calendar or self._single_organisation_calendar()
        limit = calendar.add_working_days(today, working_days)
        return self.unanswered().filter(due_on__lte=limit)

    def counted_for_rate(self, today: dt.date):
        """The denominator of an on-time rate: answered, or unanswered past the due date."""
        return self.filter(Q(answered_on__isnull=False) | Q(due_on__lt=today))

    def in_scope(self):
        return self.filter(in_scope=True)

    def answered_on_time(self):
        return self.filter(on_time=True)

    def answered_late(self):
        return self.filter(on_time=False)

    def with_overdue(self, today: dt.date):
        """Annotates `overdue` (bool, as of `today`)."""
        return self.annotate(
            overdue=Case(
                When(answered_on__isnull=True, due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def received_between(self, start: dt.date | None, end: dt.date | None):
        queryset = self
        if start:
            queryset = queryset.filter(received_on__gte=start)
        if end:
            queryset = queryset.filter(received_on__lte=end)
        return queryset

    def with_status(self, status: str, today: dt.date):
        """Filters by one of `enums.RecordStatus` values; an empty status filters nothing."""
        filters = {
            "pending": lambda qs: qs.pending(today),
            "answered": lambda qs: qs.answered(),
            "overdue": lambda qs: qs.overdue(today),
            "on_time": lambda qs: qs.answered_on_time(),
            "late": lambda qs: qs.answered_late(),
        }
        return filters[status](self) if status in filters else self

    def _single_organisation_calendar(self) -> WorkingCalendar:
        from qualipilote.organisations.models import Organisation

        organisation_ids = list(
            self.order_by().values_list("organisation", flat=True).distinct()[:2]
        )
        if len(organisation_ids) > 1:
            raise ValueError("due_within() needs a calendar when several organisations are mixed.")
        if not organisation_ids:
            return WorkingCalendar("75")  # empty queryset: any calendar gives the same answer
        return WorkingCalendar.for_organisation(Organisation.objects.get(pk=organisation_ids[0]))
