"""Demo figures: Haute-Savoie's 2019 table reproduces the report's percentages to 2 decimals,
monthly and over the period (a ratio of sums), and loading twice changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from demo.indicators import load_demo
from demo.organisations import load_organisations_demo
from demo.registers import load_demo as load_registers_demo
from qualipilote.indicators.models import MonthClosure, MonthlyMeasurement
from qualipilote.indicators.table import build_table

D = dt.date
TODAY = D(2025, 11, 20)

# The report's table (shared/seeds/002_…, "Les indicateurs de qualité", January–July 2019).
REPORT_2019 = {
    "phone_answer_rate": (
        ["92.32", "93.50", "92.97", "93.90", "93.91", "93.98", "94.07"],
        "93.54",
    ),
    "website_visit_share": (["8.83", "7.26", "8.16", "13.12", "8.05", "9.40", "10.82"], "9.38"),
    "social_engagement_rate": (["2.15", "1.78", "2.43", "2.27", "2.15", "2.58", "2.75"], "2.32"),
    "digital_point_visitors": (["223", "196", "306", "188", "194", "193", "248"], "1548"),
}


@pytest.fixture
def demo(db):
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        organisations = load_organisations_demo()
        load_registers_demo(organisations)
        load_demo(organisations)
        yield organisations


def two_decimals(value):
    return None if value is None else value.quantize(Decimal("0.01"))


def test_the_2019_table_reproduces_the_reports_figures(demo):
    haute_savoie = demo[0]
    table = build_table(haute_savoie, D(2019, 1, 1), D(2019, 7, 1), today=TODAY)
    rows = {row.indicator.code: row for row in table.rows}

    for code, (months, result) in REPORT_2019.items():
        row = rows[code]
        assert [two_decimals(cell.value) for cell in row.cells] == [Decimal(v) for v in months], (
            code
        )
        assert two_decimals(row.result_value) == Decimal(result), code
    satisfaction = rows["digital_point_satisfaction_rate"]
    assert [cell.value for cell in satisfaction.cells][-1] == 100
    assert satisfaction.status_label == "Atteint"
    assert rows["phone_answer_rate"].cells[0].source_detail.startswith("Bilan Qual-e-pref 2019")


# The computed rows of the same table, from the demo registers: e-mails of the sampled week only
# (Haute-Savoie samples one week a month from January 2019), every letter. (numerator,
# denominator) per month, January to July 2019.
REGISTERS_2019 = {
    "email_answered_on_time_rate": [(6, 7), (11, 12), (8, 12), (9, 9), (8, 8), (8, 8), (6, 9)],
    "email_average_response_days": [
        (17, 7),
        (30, 12),
        (43, 12),
        (11, 9),
        (14, 8),
        (13, 8),
        (28, 9),
    ],
    "letter_average_response_days": [(53, 6), (50, 6), (54, 6), (52, 6), (58, 6), (41, 6), (40, 6)],
}


def test_the_2019_register_figures_rest_on_the_sampled_week_for_e_mails(demo):
    haute_savoie = demo[0]
    table = build_table(haute_savoie, D(2019, 1, 1), D(2019, 7, 1), today=TODAY)
    rows = {row.indicator.code: row for row in table.rows}

    for code, months in REGISTERS_2019.items():
        cells = rows[code].cells
        assert [(cell.figure.numerator, cell.figure.denominator) for cell in cells] == months
        assert all(cell.figure.sampled == code.startswith("email") for cell in cells), code


def test_the_demo_closes_january_to_june_2019_and_gives_recent_months_to_both(demo, client):
    """One test for the rest of the demo: loading it is slow (users, registers)."""
    from qualipilote.accounts.models import User

    haute_savoie = demo[0]
    closed = set(
        MonthClosure.objects.in_force()
        .filter(organisation=haute_savoie, month__year=2019)
        .values_list("month", flat=True)
    )
    closure = MonthClosure.objects.get(organisation=haute_savoie, month=D(2019, 1, 1))
    assert closed == {D(2019, m, 1) for m in range(1, 7)}
    assert closure.closed_by.username == "referent.74"
    assert {"phone_answer_rate", "feedback_answered_on_time_rate"} <= {
        item["code"] for item in closure.snapshot
    }

    for organisation in demo:
        months = set(
            MonthlyMeasurement.objects.filter(
                organisation=organisation, indicator__code="phone_answer_rate"
            ).values_list("month", flat=True)
        )
        assert {D(2025, m, 1) for m in (7, 8, 9, 10)} <= months
        assert not MonthlyMeasurement.objects.filter(
            organisation=organisation,
            indicator__code="digital_point_visitors",
            month=D(2025, 10, 1),
        ).exists()

    client.force_login(User.objects.get(username="referent.74"))
    before = (MonthlyMeasurement.objects.count(), MonthClosure.objects.count())
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        load_demo(demo)
        response = client.get(reverse("organisations:home", kwargs={"org_code": "pref-74"}))
    assert (MonthlyMeasurement.objects.count(), MonthClosure.objects.count()) == before

    [panel] = [
        p for p in response.context["home_panels"] if p["title"] == "Indicateurs du mois dernier"
    ]
    assert panel["month"] == D(2025, 10, 1)
    assert panel["met"] + panel["not_met"] + panel["no_data"] == 13
    # The digital access point figures are missing; no survey wave closed in October.
    assert panel["no_data"] == 3
    assert "Octobre 2025 :" in response.content.decode()
