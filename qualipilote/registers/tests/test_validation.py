"""Validation of register records: French messages next to the fields."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.deadlines import record_date_errors
from qualipilote.registers.models import Correspondence

D = dt.date
TODAY = D(2024, 6, 3)


def errors_of(record, today=TODAY):
    with pytest.raises(ValidationError) as error:
        record.clean(today=today)
    return error.value.message_dict


def test_an_answer_before_receipt_is_refused(organisation):
    record = Correspondence(
        organisation=organisation,
        channel="email",
        received_on=D(2024, 5, 6),
        answered_on=D(2024, 5, 3),
    )
    assert errors_of(record) == {
        "answered_on": ["La date de réponse ne peut pas précéder la date de réception."]
    }


def test_dates_in_the_future_are_refused(organisation):
    record = Correspondence(
        organisation=organisation,
        channel="email",
        received_on=D(2024, 6, 4),
        answered_on=D(2024, 6, 5),
    )
    assert errors_of(record) == {
        "received_on": ["La date de réception ne peut pas être dans le futur."],
        "answered_on": ["La date de réponse ne peut pas être dans le futur."],
    }


def test_an_acknowledgement_before_receipt_is_refused(organisation):
    record = Correspondence(
        organisation=organisation,
        channel="email",
        received_on=D(2024, 5, 6),
        acknowledged_on=D(2024, 5, 5),
        acknowledgement_mode="manual",
    )
    assert errors_of(record) == {
        "acknowledged_on": [
            "La date d'accusé de réception ne peut pas précéder la date de réception."
        ]
    }


def test_a_unit_of_another_organisation_is_refused(organisation, other_organisation):
    foreign_unit = UnitFactory(organisation=other_organisation)
    record = Correspondence(
        organisation=organisation, channel="email", received_on=D(2024, 5, 6), unit=foreign_unit
    )
    assert errors_of(record) == {"unit": ["L'unité doit appartenir à cette organisation."]}


def test_consistent_dates_pass(organisation):
    record = Correspondence(
        organisation=organisation,
        channel="letter",
        received_on=D(2024, 5, 6),
        answered_on=D(2024, 5, 6),
    )
    record.clean(today=TODAY)


def test_the_date_rules_are_shared_with_imports_without_a_model():
    assert record_date_errors(received_on=D(2014, 12, 31), today=TODAY) == {
        "received_on": ["La date de réception ne peut pas précéder le 1er janvier 2015."]
    }
    assert (
        record_date_errors(received_on=D(2024, 5, 6), answered_on=D(2024, 5, 7), today=TODAY) == {}
    )
