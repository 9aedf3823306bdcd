import datetime as dt

import pytest

from qualipilote.organisations.calendar import WorkingCalendar
from qualipilote.organisations.models import ClosureDay

D = dt.date


def test_whit_monday_is_a_holiday_unless_the_organisation_works_it():
    # Whit Monday 2024 is 20 May; received Friday 17 May, one working day later:
    assert WorkingCalendar("74").add_working_days(D(2024, 5, 17), 1) == D(2024, 5, 21)
    worked = WorkingCalendar("74", whit_monday_worked=True)
    assert worked.add_working_days(D(2024, 5, 17), 1) == D(2024, 5, 20)


def test_alsace_moselle_adds_good_friday_and_saint_stephen():
    # Good Friday 2024 is 29 March; 26 December is St Stephen's day in 57, 67 and 68.
    for departement in ("57", "67", "68"):
        calendar = WorkingCalendar(departement)
        assert not calendar.is_working_day(D(2024, 3, 29))
        assert not calendar.is_working_day(D(2024, 12, 26))
    assert WorkingCalendar("74").is_working_day(D(2024, 3, 29))


@pytest.mark.parametrize(
    ("departement", "abolition_day"),
    [
        ("971", D(2024, 5, 27)),
        ("972", D(2024, 5, 22)),
        ("973", D(2024, 6, 10)),
        ("974", D(2024, 12, 20)),
        ("976", D(2024, 4, 27)),
    ],
)
def test_overseas_departements_add_their_abolition_of_slavery_day(departement, abolition_day):
    assert abolition_day in WorkingCalendar(departement).holidays
    assert abolition_day not in WorkingCalendar("75").holidays


def test_closure_days_of_the_organisation_are_not_worked(organisation):
    ClosureDay.objects.create(
        organisation=organisation, date=D(2024, 5, 10), label="Pont de l'Ascension"
    )
    calendar = WorkingCalendar.for_organisation(organisation)
    # Ascension Thursday 9 May, bridge Friday 10 May: Wednesday's request is due on Monday.
    assert calendar.add_working_days(D(2024, 5, 8), 1) == D(2024, 5, 13)


def test_working_days_between_counts_the_answer_day_not_the_receipt_day():
    calendar = WorkingCalendar("74")
    assert calendar.working_days_between(D(2024, 12, 23), D(2025, 1, 2)) == 6
    assert calendar.working_days_between(D(2024, 12, 23), D(2024, 12, 23)) == 0


def test_dates_far_in_the_future_extend_the_calendar():
    calendar = WorkingCalendar("74", last_year=2025)
    assert calendar.add_working_days(D(2031, 12, 24), 1) == D(2031, 12, 26)
