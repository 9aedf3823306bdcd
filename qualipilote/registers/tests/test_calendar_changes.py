"""Closure days and the Whit Monday setting move the deadlines they touch, and only those."""

import datetime as dt

from qualipilote.registers.services import (
    add_closure_day,
    remove_closure_day,
    set_whit_monday_worked,
)

from .factories import CorrespondenceFactory, UpdateRequestFactory

D = dt.date


def test_a_closure_day_postpones_the_deadlines_whose_window_covers_it(organisation):
    # e-mail received Mon 10 June 2024: 11, 12, 13, 14, 17 June.
    pending = CorrespondenceFactory(organisation=organisation, received_on=D(2024, 6, 10))
    # answered Fri 14 June, 4 working days: closing Thu 13 June makes it 3.
    answered = CorrespondenceFactory(
        organisation=organisation, received_on=D(2024, 6, 10), answered_on=D(2024, 6, 14)
    )
    # closed before: window (3 June, 10 June] does not reach 13 June.
    earlier = CorrespondenceFactory(organisation=organisation, received_on=D(2024, 6, 3))
    assert (pending.due_on, answered.working_days_taken, earlier.due_on) == (
        D(2024, 6, 17),
        4,
        D(2024, 6, 10),
    )

    closure = add_closure_day(organisation, date=D(2024, 6, 13), label="Pont local")

    for record in (pending, answered, earlier):
        record.refresh_from_db()
    assert pending.due_on == D(2024, 6, 18)
    assert answered.working_days_taken == 3
    assert earlier.due_on == D(2024, 6, 10)
    assert pending.history.first().history_change_reason.startswith("Échéance recalculée")

    remove_closure_day(organisation, closure)
    pending.refresh_from_db()
    assert pending.due_on == D(2024, 6, 17)


def test_working_whit_monday_recomputes_the_deadlines(organisation):
    # website update requested Fri 17 May 2024: 21, 22, 23 May while Whit Monday is off.
    update = UpdateRequestFactory(organisation=organisation, received_on=D(2024, 5, 17))
    assert update.due_on == D(2024, 5, 23)
    set_whit_monday_worked(organisation, True)
    update.refresh_from_db()
    assert update.due_on == D(2024, 5, 22)
    set_whit_monday_worked(organisation, False)
    update.refresh_from_db()
    assert update.due_on == D(2024, 5, 23)


def test_another_organisation_is_not_recomputed(organisation, other_organisation):
    other = CorrespondenceFactory(organisation=other_organisation, received_on=D(2024, 6, 10))
    add_closure_day(organisation, date=D(2024, 6, 13), label="Pont local")
    other.refresh_from_db()
    assert other.due_on == D(2024, 6, 17)
