"""Statuses of register records as of a given day (always passed explicitly)."""

import datetime as dt

import pytest

from qualipilote.organisations.calendar import WorkingCalendar
from qualipilote.registers.models import Correspondence

from .factories import CorrespondenceFactory

D = dt.date
# Wednesday 15 May 2024; the next working day is Thursday 16 May.
TODAY = D(2024, 5, 15)


@pytest.fixture
def records(organisation):
    def email(received, answered=None):
        return CorrespondenceFactory(
            organisation=organisation, channel="email", received_on=received, answered_on=answered
        )

    return {
        # received Fri 3 May: 6, 7, (8 and 9 May off), 10, 13, 14 -> due Tue 14 May, overdue.
        "overdue": email(D(2024, 5, 3)),
        # received Mon 6 May: 7, 10, 13, 14, 15 -> due today, not late yet.
        "due_today": email(D(2024, 5, 6)),
        # received Tue 7 May: due Thu 16 May -> due within one working day.
        "due_tomorrow": email(D(2024, 5, 7)),
        # received Wed 8 May (holiday): due Thu 16 May as well.
        "due_tomorrow_too": email(D(2024, 5, 8)),
        # received Mon 13 May: due Mon 20 May... Whit Monday is off, so Tue 21 May.
        "pending_later": email(D(2024, 5, 13)),
        # answered: neither pending nor overdue.
        "answered": email(D(2024, 5, 2), answered=D(2024, 5, 6)),
    }


def names(queryset, records):
    by_pk = {record.pk: name for name, record in records.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


def test_overdue_are_unanswered_past_their_due_date(records):
    assert records["pending_later"].due_on == D(2024, 5, 21)
    assert names(Correspondence.objects.overdue(TODAY), records) == {"overdue"}


def test_pending_are_unanswered_and_not_late(records):
    assert names(Correspondence.objects.pending(TODAY), records) == {
        "due_today",
        "due_tomorrow",
        "due_tomorrow_too",
        "pending_later",
    }


def test_due_within_one_working_day(records, organisation):
    calendar = WorkingCalendar.for_organisation(organisation)
    due = Correspondence.objects.due_within(TODAY, 1, calendar=calendar)
    assert names(due, records) == {"overdue", "due_today", "due_tomorrow", "due_tomorrow_too"}
    assert names(due.pending(TODAY), records) == {
        "due_today",
        "due_tomorrow",
        "due_tomorrow_too",
    }


def test_due_within_finds_the_calendar_of_a_single_organisation(records):
    due = Correspondence.objects.filter(organisation=records["overdue"].organisation)
    assert names(due.due_within(TODAY).pending(TODAY), records) == {
        "due_today",
        "due_tomorrow",
        "due_tomorrow_too",
    }


def test_counted_for_rate_is_answered_or_past_due(records):
    assert names(Correspondence.objects.counted_for_rate(TODAY), records) == {"overdue", "answered"}


def test_overdue_annotation(records):
    flags = dict(Correspondence.objects.with_overdue(TODAY).values_list("pk", "overdue"))
    assert [name for name, record in records.items() if flags[record.pk]] == ["overdue"]


def test_in_scope(organisation):
    CorrespondenceFactory(organisation=organisation, in_scope=False)
    kept = CorrespondenceFactory(organisation=organisation)
    assert list(Correspondence.objects.in_scope()) == [kept]
