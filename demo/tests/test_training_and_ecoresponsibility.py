"""The demo training records and eco-responsibility figures (issue 13, items 2 and 3)."""

import datetime as dt

import pytest
import time_machine

from demo import ecoresponsibility, training
from demo.organisations import load_organisations_demo
from qualipilote.ecoresponsibility.models import BegesReport, EcoFigure
from qualipilote.ecoresponsibility.queue import beges_reminder
from qualipilote.training.models import TrainingSession, TutoringPair
from qualipilote.training.services import year_figures


@pytest.fixture
def demo_organisations(db):
    with time_machine.travel(dt.datetime(2026, 11, 29, 9, tzinfo=dt.UTC), tick=False):
        yield load_organisations_demo()


def test_the_demo_records_newcomers_tutoring_and_sessions(demo_organisations):
    training.load_demo(demo_organisations)
    training.load_demo(demo_organisations)  # again: nothing doubles
    for organisation in demo_organisations:
        assert (
            TrainingSession.objects.filter(organisation=organisation, kind="newcomers_day").count()
            == 2
        )
        assert TutoringPair.objects.filter(organisation=organisation).count() == 5
        total = year_figures(organisation, 2026)[-1]
        assert total.newcomers == 4
        assert (total.tutored.count, total.trained_on_reception.count, total.aware.count) == (
            3,
            1,
            3,
        )
        assert total.training_hours > 0


def test_the_demo_eco_figures_and_a_beges_due_soon(demo_organisations):
    ecoresponsibility.load_demo(demo_organisations)
    ecoresponsibility.load_demo(demo_organisations)  # again: nothing doubles
    for organisation in demo_organisations:
        assert EcoFigure.objects.filter(organisation=organisation, year=2025).count() == 11
        report = BegesReport.objects.get(organisation=organisation)
        assert report.reported_on == dt.date(2023, 12, 29)
        assert report.actions.count() == 5
        assert beges_reminder(organisation, dt.date(2026, 11, 29)) is not None
