"""A figure already in the database that its column cannot hold (written around the application:
by hand, by an older version, by a restore) never breaks a page: it reads as "no data" and a
warning names the column, while the organisation's other figures still show.

On SQLite a 1e15 in a numeric(16, 2) column was stored, then every indicator page and API call
of the organisation answered 500 (Django's SQLite converter quantizes to the column's precision
and raised decimal.InvalidOperation). PostgreSQL refuses 1e15 in that column but keeps 'NaN',
which made every comparison of the table raise the same error."""

import datetime as dt
import logging
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from qualipilote.api.models import ApiToken
from qualipilote.indicators.models import MonthlyMeasurement
from qualipilote.indicators.services import close_month

from .factories import MonthlyMeasurementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today", "catalogue")]

JANUARY, FEBRUARY = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC), tick=False):
        yield


# What each database lets through: SQLite any number, PostgreSQL 'NaN' (numeric keeps it).
UNREADABLE = {"sqlite": "1e15", "postgresql": "'NaN'"}


def write_around_the_application(measurement, *columns):
    """Writes an out-of-bounds number with raw SQL, as nothing in the application can."""
    number = UNREADABLE[connection.vendor]
    assignments = ", ".join(f"{column} = {number}" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MonthlyMeasurement._meta.db_table} SET {assignments} WHERE id = %s",
            [measurement.pk],
        )


@pytest.fixture
def broken_figures(organisation, catalogue):
    """February's figures of two entered indicators are unreadable; January's are fine."""
    visitors, rate = catalogue["digital_point_visitors"], catalogue["phone_answer_rate"]
    for month in (JANUARY, FEBRUARY):
        MonthlyMeasurementFactory(
            organisation=organisation, indicator=visitors, month=month, numerator=Decimal(40)
        )
        MonthlyMeasurementFactory(
            organisation=organisation,
            indicator=rate,
            month=month,
            numerator=Decimal(9),
            denominator=Decimal(10),
        )
    write_around_the_application(
        MonthlyMeasurement.objects.get(indicator=visitors, month=FEBRUARY), "numerator", "value"
    )
    write_around_the_application(
        MonthlyMeasurement.objects.get(indicator=rate, month=FEBRUARY), "denominator"
    )


def org_url(name, **kwargs):
    return reverse(f"indicators:{name}", kwargs={"org_code": "pref-74", **kwargs})


PERIOD = {"start": "2026-01", "end": "2026-02"}


@pytest.mark.parametrize(
    ("name", "kwargs", "query"),
    [
        ("dashboard", {}, PERIOD),
        ("dashboard", {}, {"year": "2026"}),
        ("figures", {}, {}),
        ("export", {"fmt": "csv"}, PERIOD),
        ("export", {"fmt": "xlsx"}, PERIOD),
    ],
)
def test_the_indicator_pages_still_answer_and_a_warning_names_the_column(
    quality_lead_client, broken_figures, caplog, name, kwargs, query
):
    with caplog.at_level(logging.WARNING, logger="qualipilote"):
        response = quality_lead_client.get(org_url(name, **kwargs), query)

    assert response.status_code == 200
    assert "indicators.MonthlyMeasurement.numerator" in caplog.text


def test_the_unreadable_month_shows_no_data_and_the_others_their_figures(
    quality_lead_client, broken_figures
):
    table = quality_lead_client.get(org_url("dashboard"), PERIOD).context["table"]
    visitors = next(r for r in table.rows if r.indicator.code == "digital_point_visitors")
    rate = next(r for r in table.rows if r.indicator.code == "phone_answer_rate")

    assert [cell.value for cell in visitors.cells] == [Decimal(40), None]
    assert [cell.value for cell in rate.cells] == [Decimal(90), None]


def test_the_api_still_answers(client, organisation, broken_figures):
    _token, raw = ApiToken.issue(organisation, "Tableau de bord")

    response = client.get(
        f"/api/v1/organisations/{organisation.code}/indicators/?from=2026-01&to=2026-02",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 200
    visitors = next(row for row in response.json() if row["code"] == "digital_point_visitors")
    assert [month["value"] for month in visitors["months"]] == [40, None]


def test_the_national_view_still_answers(national_client, broken_figures):
    for code in ("digital_point_visitors", "phone_answer_rate"):
        response = national_client.get("/national/", {"indicator": code, **PERIOD})
        assert response.status_code == 200
        response = national_client.get("/national/export.csv", {"indicator": code, **PERIOD})
        assert response.status_code == 200


def test_closing_the_month_still_works(organisation, broken_figures):
    closure = close_month(organisation, FEBRUARY, user=None)

    frozen = {row["code"]: row for row in closure.snapshot}
    assert frozen["digital_point_visitors"]["numerator"] is None
