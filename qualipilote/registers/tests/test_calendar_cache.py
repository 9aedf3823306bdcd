"""The working calendar and the register settings of an organisation are built once per process
and version (issue 7: 15 years of holidays were rebuilt on every save and page), and every
change of those settings invalidates them for every process.

A process knows its copy is stale from the organisation's row alone: each settings change stamps
a new `calendar_version` on it. Below, the change is made through one instance of the
organisation and the check through a freshly loaded one, as another request or another server
would load it; the process memo is not cleared in between.
"""

import datetime as dt

import pytest

from qualipilote.organisations.calendar import WorkingCalendar, invalidate
from qualipilote.organisations.models import ClosureDay, Organisation
from qualipilote.registers.deadlines import DeadlineComputer
from qualipilote.registers.enums import SampledWeek
from qualipilote.registers.models import DeadlineRule, SamplingPlan
from qualipilote.registers.services import (
    add_closure_day,
    change_deadline,
    remove_closure_day,
    set_sampling_plan,
    set_whit_monday_worked,
    stop_sampling,
)

D = dt.date
# Friday 17 May 2024; Monday 20 May is Whit Monday.
FRIDAY = D(2024, 5, 17)


def fresh(organisation) -> Organisation:
    return Organisation.objects.get(pk=organisation.pk)


def computer(organisation) -> DeadlineComputer:
    return DeadlineComputer.for_organisation(fresh(organisation))


def next_working_day(organisation) -> dt.date:
    return computer(organisation).calendar.add_working_days(FRIDAY, 1)


def test_the_calendar_and_rules_are_built_once_and_reused_without_a_query(
    organisation, django_assert_num_queries
):
    first = computer(organisation)
    again = fresh(organisation)
    with django_assert_num_queries(0):
        second = DeadlineComputer.for_organisation(again)
        calendar = WorkingCalendar.for_organisation(again)
    assert second is first
    assert calendar is first.calendar


def test_each_organisation_has_its_own_calendar(organisation, other_organisation):
    assert computer(organisation) is not computer(other_organisation)


def test_a_closure_day_invalidates_the_calendar(organisation):
    assert next_working_day(organisation) == D(2024, 5, 21)
    closure = add_closure_day(fresh(organisation), date=D(2024, 5, 21), label="Pont")
    assert next_working_day(organisation) == D(2024, 5, 22)
    remove_closure_day(fresh(organisation), closure)
    assert next_working_day(organisation) == D(2024, 5, 21)


def test_a_closure_day_saved_or_deleted_on_any_path_invalidates_the_calendar(organisation):
    """The Django admin, the shell or a data fix: the models tell, not only the services."""
    assert next_working_day(organisation) == D(2024, 5, 21)
    closure = ClosureDay.objects.create(
        organisation=fresh(organisation), date=D(2024, 5, 21), label="Pont"
    )
    assert next_working_day(organisation) == D(2024, 5, 22)
    ClosureDay.objects.filter(pk=closure.pk).delete()
    assert next_working_day(organisation) == D(2024, 5, 21)


def test_the_whit_monday_setting_invalidates_the_calendar(organisation):
    assert next_working_day(organisation) == D(2024, 5, 21)
    set_whit_monday_worked(fresh(organisation), True)
    assert next_working_day(organisation) == D(2024, 5, 20)
    # Even written without the service (an update of the row), the setting is part of the key.
    Organisation.objects.filter(pk=organisation.pk).update(whit_monday_worked=False)
    assert next_working_day(organisation) == D(2024, 5, 21)


def test_a_change_of_departement_invalidates_the_calendar(organisation):
    # Good Friday (29 March 2024) is a holiday in Moselle, not in Haute-Savoie.
    thursday = D(2024, 3, 28)
    assert computer(organisation).calendar.add_working_days(thursday, 1) == D(2024, 3, 29)
    moved = fresh(organisation)
    moved.departement = "57"
    moved.save()
    assert computer(organisation).calendar.add_working_days(thursday, 1) == D(2024, 4, 2)


def test_a_deadline_rule_change_invalidates_the_rules(organisation):
    assert computer(organisation).rule_book.working_days("email", D(2026, 3, 2)) == 5
    change_deadline(fresh(organisation), register="email", working_days=3, valid_from=D(2026, 3, 1))
    assert computer(organisation).rule_book.working_days("email", D(2026, 3, 2)) == 3
    new_rule = DeadlineRule.objects.filter(organisation=organisation, valid_from=D(2026, 3, 1))
    new_rule.update(working_days=4)
    invalidate(fresh(organisation))  # a bulk update says so itself
    assert computer(organisation).rule_book.working_days("email", D(2026, 3, 2)) == 4
    rule = new_rule.get()
    rule.working_days = 2
    rule.save()  # a model save (the admin) tells without help
    assert computer(organisation).rule_book.working_days("email", D(2026, 3, 2)) == 2


def test_a_sampling_plan_invalidates_the_sampling(organisation):
    monday = D(2024, 3, 4)  # first full week of March 2024
    assert computer(organisation).sampling.status("email", monday) is None
    set_sampling_plan(
        fresh(organisation), register="email", week=SampledWeek.FIRST, valid_from=D(2024, 1, 1)
    )
    assert computer(organisation).sampling.status("email", monday) is True
    stop_sampling(fresh(organisation), register="email", valid_from=D(2024, 1, 1))
    assert computer(organisation).sampling.status("email", monday) is None
    SamplingPlan.objects.create(
        organisation=fresh(organisation),
        register="email",
        week=SampledWeek.SECOND,
        valid_from=D(2024, 1, 1),
    )
    assert computer(organisation).sampling.status("email", monday) is False


def test_a_change_rolled_back_leaves_no_stale_copy(organisation):
    """The version is a random stamp, never a counter: a stamp written by a transaction that
    rolled back can never come back with other settings behind it."""
    from django.db import transaction

    before = computer(organisation)
    with pytest.raises(RuntimeError), transaction.atomic():
        add_closure_day(fresh(organisation), date=D(2024, 5, 21), label="Pont")
        assert next_working_day(organisation) == D(2024, 5, 22)
        raise RuntimeError("rolled back")
    assert computer(organisation) is before
    assert next_working_day(organisation) == D(2024, 5, 21)
