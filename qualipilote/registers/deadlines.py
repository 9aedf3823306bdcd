"""Deadlines of register records, in working days of the organisation's calendar.

`DeadlineComputer.for_organisation(org)` loads the organisation's working calendar, its
deadline rules and its sampling plans once (and keeps them in the process until they change,
see organisations.calendar.remember); `.apply(record)` then fills the computed columns of any
register record (`due_on`, `deadline_days`, `working_days_taken`, `on_time`, `sampled`) without
a query, so the same code serves one form save and a 100,000-row import.

`record_date_errors` holds the date rules shared by the models' `clean()` and the imports.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from django.utils import timezone

from qualipilote.organisations.calendar import FIRST_YEAR, WorkingCalendar, remember

from .sampling import SamplingBook

ANSWER_BEFORE_RECEIPT = "La date de réponse ne peut pas précéder la date de réception."
ACKNOWLEDGEMENT_BEFORE_RECEIPT = (
    "La date d'accusé de réception ne peut pas précéder la date de réception."
)
RECEIVED_TOO_EARLY = f"La date de réception ne peut pas précéder le 1er janvier {FIRST_YEAR}."
RECEIVED_IN_FUTURE = "La date de réception ne peut pas être dans le futur."
ANSWERED_IN_FUTURE = "La date de réponse ne peut pas être dans le futur."
ACKNOWLEDGED_IN_FUTURE = "La date d'accusé de réception ne peut pas être dans le futur."


class NoDeadlineRule(ValueError):
    """No rule of the organisation covers the day of receipt for that register."""


def record_date_errors(
    *,
    received_on: dt.date | None,
    answered_on: dt.date | None = None,
    acknowledged_on: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """Errors by field name (empty when the dates are consistent)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = defaultdict(list)
    if received_on and received_on > today:
        errors["received_on"].append(RECEIVED_IN_FUTURE)
    if received_on and received_on.year < FIRST_YEAR:
        errors["received_on"].append(RECEIVED_TOO_EARLY)
    if answered_on:
        if answered_on > today:
            errors["answered_on"].append(ANSWERED_IN_FUTURE)
        if received_on and answered_on < received_on:
            errors["answered_on"].append(ANSWER_BEFORE_RECEIPT)
    if acknowledged_on:
        if acknowledged_on > today:
            errors["acknowledged_on"].append(ACKNOWLEDGED_IN_FUTURE)
        if received_on and acknowledged_on < received_on:
            errors["acknowledged_on"].append(ACKNOWLEDGEMENT_BEFORE_RECEIPT)
    return dict(errors)


class RuleBook:
    """The deadline rules of one organisation, by register, sorted by start date."""

    def __init__(self, rules):
        self._by_register: dict[str, list[tuple[dt.date, dt.date | None, int]]] = defaultdict(list)
        for rule in sorted(rules, key=lambda r: r.valid_from):
            self._by_register[rule.register].append(
                (rule.valid_from, rule.valid_until, rule.working_days)
            )
        self._starts = {
            register: [start for start, _end, _days in periods]
            for register, periods in self._by_register.items()
        }

    def working_days(self, register: str, received_on: dt.date) -> int:
        """The delay of the rule in force on the day of receipt."""
        periods = self._by_register.get(register, [])
        index = bisect.bisect_right(self._starts.get(register, []), received_on) - 1
        if index >= 0:
            _start, end, days = periods[index]
            if end is None or received_on <= end:
                return days
        raise NoDeadlineRule(
            f"Aucun délai n'est défini pour ce registre à la date du {received_on:%d/%m/%Y}."
        )


class DeadlineComputer:
    """Never modified once built: one instance serves every thread of the process."""

    def __init__(
        self, calendar: WorkingCalendar, rule_book: RuleBook, sampling: SamplingBook | None = None
    ):
        self.calendar = calendar
        self.rule_book = rule_book
        self.sampling = sampling or SamplingBook([])

    @classmethod
    def for_organisation(cls, organisation) -> DeadlineComputer:
        """Built once per process until the organisation's settings change (a new
        calendar_version, renewed by every change of its rules, plans or calendar)."""
        return remember(
            organisation,
            "deadline_computer",
            lambda: cls(
                WorkingCalendar.for_organisation(organisation),
                RuleBook(organisation.deadline_rules.all()),
                SamplingBook(organisation.sampling_plans.all()),
            ),
        )

    def apply(self, record):
        """Fills the computed columns of `record` (not saved) and returns it."""
        record.sampled = self.sampling.status(record.register_kind, record.received_on)
        days = self.rule_book.working_days(record.register_kind, record.received_on)
        record.deadline_days = days
        record.due_on = self.calendar.add_working_days(record.received_on, days)
        if record.answered_on is None:
            record.working_days_taken = None
            record.on_time = None
        else:
            record.working_days_taken = self.calendar.working_days_between(
                record.received_on, record.answered_on
            )
            record.on_time = record.answered_on <= record.due_on
        return record
