"""The benchmark's parts on a tiny data set: the generator writes rows whose deadlines are the
registers' own, and the hand-written SQL floor gives exactly the ORM's figures. No timing here."""

import datetime as dt
import random

import pytest

from bench.indicators.data import (
    SHARES,
    Plan,
    create_organisations,
    generate_entered_figures,
    generate_registers,
)
from bench.indicators.floor import FLOOR_CODES, as_triples, floor_figures
from bench.indicators.run import Benchmark
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.computation import computed_figures
from qualipilote.indicators.models import Indicator, MonthlyMeasurement
from qualipilote.registers.deadlines import DeadlineComputer
from qualipilote.registers.models import Correspondence, Feedback, UpdateRequest

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)
PLAN = Plan(organisations=4, rows=3000, months=4, today=TODAY, seed=7)


@pytest.fixture
def data_set(db):
    load_catalogue()
    rng = random.Random(PLAN.seed)
    profiles = create_organisations(PLAN, rng)
    written = generate_registers(PLAN, profiles, rng)
    entered = generate_entered_figures(PLAN, profiles, rng)
    return {"profiles": profiles, "written": written, "entered": entered}


def test_the_generator_writes_about_the_rows_asked_in_the_registers_proportions(data_set):
    counts = {
        "email": Correspondence.objects.filter(channel="email").count(),
        "letter": Correspondence.objects.filter(channel="letter").count(),
        "feedback": Feedback.objects.count(),
        "update": UpdateRequest.objects.count(),
    }
    total = sum(counts.values())
    assert total == data_set["written"]
    assert 0.8 * PLAN.rows < total < 1.2 * PLAN.rows
    assert counts["email"] > counts["letter"] > counts["feedback"] > counts["update"] > 0
    assert abs(counts["email"] / total - SHARES["email"]) < 0.05
    assert not Correspondence.objects.filter(received_on__gt=TODAY).exists()
    assert not Correspondence.objects.filter(answered_on__gt=TODAY).exists()
    assert Correspondence.objects.filter(received_on__lt=PLAN.first_month).count() == 0


def test_the_generated_deadlines_are_those_the_registers_compute(data_set):
    for model in (Correspondence, Feedback, UpdateRequest):
        keys = list(model.objects.order_by("pk").values_list("pk", flat=True))
        sample = keys[:: max(1, len(keys) // 40)]
        for record in model.objects.select_related("organisation").filter(pk__in=sample):
            stored = (
                record.due_on,
                record.deadline_days,
                record.working_days_taken,
                record.on_time,
                record.sampled,
            )
            DeadlineComputer.for_organisation(record.organisation).apply(record)
            recomputed = (
                record.due_on,
                record.deadline_days,
                record.working_days_taken,
                record.on_time,
                record.sampled,
            )
            assert stored == recomputed, record


def test_the_sql_floor_gives_exactly_the_orm_figures(data_set):
    indicators = list(Indicator.objects.active().computed())
    assert {indicator.code for indicator in indicators} == FLOOR_CODES
    orm = computed_figures(indicators, start=PLAN.first_month, end=dt.date(2026, 3, 1), today=TODAY)
    floor = floor_figures(PLAN.first_month, dt.date(2026, 4, 1), TODAY)
    assert as_triples(orm) == floor
    assert all(floor[code] for code in FLOOR_CODES - {"ivr_update_on_time_rate"})
    # Both flag a figure "sampled" only when it rests on the sampled week alone: the months of
    # the organisations that sample that register (n° 0 and 2 their e-mails, n° 0 its letters).
    profiles = data_set["profiles"]
    sampling = {profiles[0].organisation.pk, profiles[2].organisation.pk}
    for code, samplers in (
        ("email_answered_on_time_rate", sampling),
        ("email_average_response_days", sampling),
        ("letter_average_response_days", {profiles[0].organisation.pk}),
        ("feedback_answered_on_time_rate", set()),
    ):
        flagged = {key[0] for key, (_n, _d, sampled) in floor[code].items() if sampled}
        counted = {key[0] for key in floor[code]}
        assert flagged == samplers & counted, code
    # A sampling organisation's e-mail figures count its sampled week only.
    sampled_week = Correspondence.objects.filter(
        organisation=profiles[0].organisation, channel="email", sampled=True
    ).count()
    assert (
        0
        < sampled_week
        < Correspondence.objects.filter(
            organisation=profiles[0].organisation, channel="email"
        ).count()
    )


def test_entered_figures_are_generated_for_past_months_with_their_value(data_set):
    assert data_set["entered"] == MonthlyMeasurement.objects.count() > 0
    assert not MonthlyMeasurement.objects.filter(month=dt.date(2026, 3, 1)).exists()
    for measurement in MonthlyMeasurement.objects.select_related("indicator")[:50]:
        value = measurement.indicator.value_of(measurement.numerator, measurement.denominator)
        assert measurement.value == round(value, 4)


def test_the_benchmark_reports_that_orm_and_floor_agree(data_set):
    lines = []
    benchmark = Benchmark(PLAN, repeat=1, requests=2, write=lines.append)
    benchmark.computation()
    agreement = next(
        line for line in benchmark.report.lines if line.label.startswith("mêmes chiffres")
    )
    assert agreement.verdict == "vérifié"
    assert not any(line.startswith("ÉCART") for line in lines)
    assert "rapport ORM / plancher" in benchmark.report.table()
