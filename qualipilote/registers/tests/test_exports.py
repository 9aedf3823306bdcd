"""Exports: the same records as the filtered list, with the computed columns, in CSV and XLSX,
for every member; the authors' contact details only for the quality roles."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.models import Correspondence, Feedback, FeedbackAuthor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


def export_url(organisation, register, **query):
    url = reverse(
        "registers_io:export", kwargs={"org_code": organisation.code, "register": register}
    )
    return url, query


def csv_lines(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [line.split(";") for line in text.strip().splitlines()]


def save(record):
    record.save()
    return record


@pytest.fixture
def records(organisation, other_organisation):
    unit = UnitFactory(organisation=organisation, code="bae")
    save(
        Correspondence(
            organisation=organisation,
            channel="email",
            received_on=dt.date(2026, 2, 16),
            answered_on=dt.date(2026, 2, 18),
            unit=unit,
        )
    )
    save(
        Correspondence(organisation=organisation, channel="email", received_on=dt.date(2026, 2, 13))
    )
    save(
        Correspondence(
            organisation=organisation, channel="letter", received_on=dt.date(2026, 2, 20)
        )
    )
    save(
        Correspondence(
            organisation=other_organisation, channel="email", received_on=dt.date(2026, 2, 16)
        )
    )


def test_csv_export_has_the_computed_columns(quality_lead_client, organisation, records):
    url, query = export_url(organisation, "correspondence", format="csv", channel="email")
    lines = csv_lines(quality_lead_client.get(url, query))
    header, *rows = lines
    assert header[:2] == ["recu_le", "canal"]
    assert header[-5:] == [
        "echeance",
        "delai_jours_ouvres",
        "jours_ouvres_pour_repondre",
        "dans_les_delais",
        "en_retard",
    ]
    assert len(rows) == 2
    by_received = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    answered = by_received["16/02/2026"]
    assert answered["unite"] == "bae"
    assert answered["echeance"] == "23/02/2026"
    assert answered["jours_ouvres_pour_repondre"] == "2"
    assert answered["dans_les_delais"] == "oui"
    assert answered["en_retard"] == "non"
    late = by_received["13/02/2026"]
    assert late["jours_ouvres_pour_repondre"] == ""
    assert late["en_retard"] == "oui"


def test_the_overdue_view_is_exported_as_listed(quality_lead_client, organisation, records):
    url, query = export_url(organisation, "correspondence", format="csv", vue="en-retard")
    _header, *rows = csv_lines(quality_lead_client.get(url, query))
    assert [row[0] for row in rows] == ["13/02/2026"]


def test_xlsx_export_is_a_real_workbook(member_client, organisation, records):
    client = member_client(Role.VIEWER)  # every member may export
    url, query = export_url(
        organisation, "correspondence", format="xlsx", received_from="2026-02-15"
    )
    response = client.get(url, query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[0][0] == "recu_le"


def test_export_page_offers_both_formats_with_the_filters(quality_lead_client, organisation):
    url, query = export_url(organisation, "feedback", kind="complaint")
    content = quality_lead_client.get(url, query).content.decode()
    assert "?kind=complaint&amp;format=csv" in content
    assert "?kind=complaint&amp;format=xlsx" in content


def test_an_agents_feedback_export_never_carries_the_authors_personal_data(
    member_client, organisation
):
    """Only the quality roles export contact details (test_contact_details.py)."""
    feedback = save(
        Feedback(
            organisation=organisation,
            kind="complaint",
            source="letter",
            received_on=dt.date(2026, 2, 16),
            description="Dossier perdu",
        )
    )
    FeedbackAuthor.objects.create(
        feedback=feedback,
        name="Camille Martin",
        email="camille@example.fr",
        phone="0600000000",
        consent_given=True,
    )
    url, query = export_url(organisation, "feedback", format="csv")
    response = member_client(Role.AGENT).get(url, query)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert feedback.reference in text
    assert "Dossier perdu" in text
    assert "Camille" not in text
    assert "camille@example.fr" not in text
    assert "0600000000" not in text
