"""Deadline rules as data: defaults, the 2020 letter change, edits that are never retroactive."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualipilote.registers.models import DeadlineRule
from qualipilote.registers.services import change_deadline

from .factories import CorrespondenceFactory

D = dt.date


def test_a_new_organisation_gets_the_default_delays(organisation):
    rules = {
        (rule.register, rule.working_days, rule.valid_from, rule.valid_until)
        for rule in organisation.deadline_rules.all()
    }
    assert rules == {
        ("email", 5, D(2015, 1, 1), None),
        ("letter", 15, D(2015, 1, 1), D(2019, 12, 31)),
        ("letter", 10, D(2020, 1, 1), None),
        ("feedback", 15, D(2015, 1, 1), None),
        ("website_update", 3, D(2015, 1, 1), None),
        ("ivr_update", 3, D(2015, 1, 1), None),
    }


def test_letter_received_on_31_december_2019_gets_15_days(organisation):
    letter = CorrespondenceFactory(
        organisation=organisation, channel="letter", received_on=D(2019, 12, 31)
    )
    # 2, 3, 6–10, 13–17, 20, 21, 22 January 2020.
    assert (letter.deadline_days, letter.due_on) == (15, D(2020, 1, 22))


def test_letter_received_on_2_january_2020_gets_10_days(organisation):
    letter = CorrespondenceFactory(
        organisation=organisation, channel="letter", received_on=D(2020, 1, 2)
    )
    # 3, 6–10, 13–16 January 2020.
    assert (letter.deadline_days, letter.due_on) == (10, D(2020, 1, 16))


def test_changing_a_delay_closes_the_current_rule_the_day_before(organisation):
    change_deadline(organisation, register="letter", working_days=8, valid_from=D(2026, 3, 1))
    letters = organisation.deadline_rules.filter(register="letter").order_by("valid_from")
    assert [(r.working_days, r.valid_from, r.valid_until) for r in letters] == [
        (15, D(2015, 1, 1), D(2019, 12, 31)),
        (10, D(2020, 1, 1), D(2026, 2, 28)),
        (8, D(2026, 3, 1), None),
    ]


def test_a_rule_edited_later_does_not_change_records_received_before(organisation):
    before = CorrespondenceFactory(
        organisation=organisation, channel="letter", received_on=D(2025, 6, 2)
    )
    due_before = before.due_on
    change_deadline(organisation, register="letter", working_days=8, valid_from=D(2025, 9, 1))
    before.refresh_from_db()
    after = CorrespondenceFactory(
        organisation=organisation, channel="letter", received_on=D(2025, 9, 1)
    )
    assert (before.deadline_days, before.due_on) == (10, due_before)
    # 2, 3, 4, 5, 8, 9, 10, 11 September 2025.
    assert (after.deadline_days, after.due_on) == (8, D(2025, 9, 11))


def test_a_rule_starting_in_the_past_recomputes_records_received_since(organisation):
    letter = CorrespondenceFactory(
        organisation=organisation, channel="letter", received_on=D(2025, 9, 1)
    )
    change_deadline(organisation, register="letter", working_days=8, valid_from=D(2025, 9, 1))
    letter.refresh_from_db()
    assert (letter.deadline_days, letter.due_on) == (8, D(2025, 9, 11))


def test_a_rule_starting_the_same_day_as_another_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        change_deadline(organisation, register="letter", working_days=8, valid_from=D(2020, 1, 1))
    assert "commence déjà à cette date" in str(error.value)


def test_overlapping_rules_are_refused_with_a_french_message(organisation):
    overlapping = DeadlineRule(
        organisation=organisation, register="email", working_days=3, valid_from=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "Un autre délai de ce registre est déjà en vigueur" in str(error.value)


def test_rules_of_another_organisation_do_not_overlap(organisation, other_organisation):
    organisation.deadline_rules.filter(register="email").delete()
    rule = DeadlineRule(
        organisation=organisation, register="email", working_days=3, valid_from=D(2024, 1, 1)
    )
    rule.full_clean()  # pref-73's own e-mail rule does not count


def test_the_computer_applies_deadlines_without_a_query_per_record(
    organisation, django_assert_num_queries
):
    from qualipilote.registers.deadlines import DeadlineComputer
    from qualipilote.registers.models import Correspondence

    computer = DeadlineComputer.for_organisation(organisation)
    records = [
        Correspondence(channel="letter", received_on=D(2019, 1, 2) + dt.timedelta(days=n))
        for n in range(2000)
    ]
    with django_assert_num_queries(0):
        for record in records:
            computer.apply(record)
    assert {record.deadline_days for record in records} == {15, 10}
