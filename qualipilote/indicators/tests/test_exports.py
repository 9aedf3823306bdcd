"""Exports of the dashboard table: a real XLSX workbook (opened with openpyxl) and a CSV that
Excel reads (UTF-8 with BOM, semicolons, French decimals)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from qualipilote.indicators.services import close_month
from qualipilote.registers.tests.factories import UpdateRequestFactory

from .factories import MonthlyMeasurementFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen_today", "figures")


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2024, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def figures(catalogue, organisation):
    for month, (answered, received) in enumerate([(4699, 5090), (4616, 4937)], 1):
        MonthlyMeasurementFactory(
            organisation=organisation,
            indicator=catalogue["phone_answer_rate"],
            month=D(2024, month, 1),
            numerator=Decimal(answered),
            denominator=Decimal(received),
        )
    UpdateRequestFactory(
        organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6)
    )
    close_month(organisation, D(2024, 1, 1), user=None, today=D(2024, 3, 15))


def export(client, fmt):
    path = reverse("indicators:export", kwargs={"org_code": "pref-74", "fmt": fmt})
    return client.get(path, {"start": "2024-01", "end": "2024-02"})


def test_the_xlsx_export_is_a_real_workbook_of_the_table(quality_lead_client):
    response = export(quality_lead_client, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Indicateurs"].iter_rows(values_only=True))
    by_code = {row[1]: row for row in rows[1:]}

    assert response["Content-Disposition"] == (
        'attachment; filename="indicateurs-pref-74-2024-01-2024-02.xlsx"'
    )
    assert rows[0] == (
        "Domaine", "Code", "Indicateur", "Unité", "janv. 2024 (clôturé)", "févr. 2024",
        "Résultat de la période", "Numérateur", "Dénominateur", "Semaine échantillonnée",
        "Objectif", "Statut",
    )  # fmt: skip
    phone = by_code["phone_answer_rate"]
    assert phone[4:9] == (92.32, 93.5, 92.9, 9315, 10027)
    assert phone[10:] == ("> 90,00 %", "Atteint")
    assert by_code["website_update_on_time_rate"][4:7] == ("Pas de données", 100, 100)
    assert by_code["digital_point_visitors"][6:9] == ("Pas de données", None, None)
    assert by_code["digital_point_visitors"][-1] == "Pas de données"


def test_the_csv_export_reads_in_excel(quality_lead_client):
    response = export(quality_lead_client, "csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    phone = next(row for row in rows if row[1] == "phone_answer_rate")

    assert content.startswith("\ufeffDomaine;Code;Indicateur")
    assert phone[4:9] == ["92,32", "93,50", "92,90", "9315,00", "10027,00"]
    assert phone[-2:] == ["> 90,00 %", "Atteint"]


def test_an_unknown_export_format_is_not_found(quality_lead_client):
    assert export(quality_lead_client, "pdf").status_code == 404
