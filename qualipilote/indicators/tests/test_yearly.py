"""Yearly indicators of the catalogue (frequency yearly, method module): counted live by the app
that holds the records — here emergency communication — shown on the dashboard and the
audit-readiness page with the number of events behind them, and never entered by hand."""

import datetime as dt
import html
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from qualipilote.crisis.enums import EventKind, Step
from qualipilote.crisis.services import record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.indicators.yearly import module_figures, yearly_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def event(organisation, start, *, kind=EventKind.EVENT, cell, cod=None, info=None):
    # Delays added in UTC: real elapsed time (wall-clock arithmetic would bend across DST).
    start = start.astimezone(dt.UTC)
    crisis = CrisisEventFactory(organisation=organisation, kind=kind, started_at=start)
    record_step(crisis, step=Step.CELL_ACTIVATED, at=start + dt.timedelta(minutes=cell))
    if cod is not None:
        cod_at = start + dt.timedelta(minutes=cod)
        record_step(crisis, step=Step.COD_ACTIVATED, at=cod_at)
        for step in (Step.OFFICIALS_INFORMED, Step.PUBLIC_INFORMED, Step.MEDIA_INFORMED):
            record_step(crisis, step=step, at=cod_at + dt.timedelta(minutes=info))
    return crisis


@pytest.fixture
def year_2025(organisation):
    # Two real events: the cell within the hour once (40 min), late once (75 min); the
    # information within the hour once (30 min), late once (90 min). An exercise that would
    # change every figure is left apart.
    event(organisation, dt.datetime(2025, 3, 30, 1, 30, tzinfo=PARIS), cell=40, cod=5, info=30)
    event(organisation, dt.datetime(2025, 10, 26, 2, 30, tzinfo=PARIS), cell=75, cod=5, info=90)
    event(
        organisation,
        dt.datetime(2025, 6, 1, 9, 0, tzinfo=PARIS),
        kind=EventKind.EXERCISE,
        cell=5,
        cod=1,
        info=5,
    )


def test_the_crisis_module_counts_the_catalogues_emergency_indicators(organisation, year_2025):
    figures = module_figures(organisation, 2025)

    assert figures["emergency_cell_within_hour_rate"].value == Decimal("50.0")
    assert figures["emergency_cell_within_hour_rate"].basis == 2
    assert figures["emergency_information_within_hour_rate"].value == Decimal("50.0")
    assert figures["emergency_cell_median_delay"].value == Decimal("57.5")
    assert figures["emergency_information_median_delay"].value == Decimal("60")
    assert figures["emergency_cell_median_delay"].basis_label == "2 événements"


def test_a_year_without_events_has_no_data_never_zero(organisation, year_2025):
    rows = {row.indicator.code: row for row in yearly_rows(organisation, [2024])}

    cell = rows["emergency_cell_within_hour_rate"].cells[0]
    assert cell.figure.value is None
    assert cell.formatted == "Pas de données"
    assert cell.status == "no_data"


def test_status_against_the_target_in_words(organisation, year_2025):
    rows = {row.indicator.code: row for row in yearly_rows(organisation, [2025])}

    assert rows["emergency_cell_within_hour_rate"].cells[0].status_label == "Non atteint"
    assert rows["emergency_information_median_delay"].cells[0].formatted == "60 min"
    assert rows["emergency_information_median_delay"].cells[0].status_label == "Atteint"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())))


def test_the_dashboard_shows_the_yearly_indicators_with_the_events_behind(
    quality_lead_client, organisation, year_2025
):
    page = text_of(
        quality_lead_client.get(
            reverse("indicators:dashboard", kwargs={"org_code": organisation.code}) + "?year=2025"
        )
    )

    assert "Indicateurs annuels" in page
    assert "Part des événements majeurs dont la cellule de communication d'urgence" in page
    yearly = page[page.index("Indicateurs annuels") :]
    assert "50,00 % sur 2 événements Non atteint" in yearly, yearly[:3000]


def test_a_yearly_indicator_is_never_entered_by_hand(client, organisation, bearer):
    response = client.post(
        f"/api/v1/organisations/{organisation.code}/indicators/"
        "emergency_cell_within_hour_rate/measurements/",
        {"period": "2026-02", "numerator": 1, "denominator": 1},
        content_type="application/json",
        headers=bearer,
    )

    assert response.status_code == 400
    assert "indicateur annuel" in str(response.json())
