"""A citizen's contact details (name, e-mail, phone, address) are read and corrected only by the
quality lead and the quality correspondents; every other member sees that they exist, not what
they are. The same rule holds on the record's page, its edit form, the exports and the API."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from qualipilote.api.models import ApiToken
from qualipilote.organisations.enums import Role
from qualipilote.organisations.permissions import VIEW_CONTACT_DETAILS, can_see_contact_details
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers.models import FeedbackAuthor

from .factories import FeedbackAuthorFactory, FeedbackFactory

pytestmark = pytest.mark.django_db

ALLOWED = [Role.QUALITY_LEAD, Role.QUALITY_CORRESPONDENT]
NOT_ALLOWED = [Role.AGENT, Role.DIRECTOR, Role.AUDITOR, Role.VIEWER]
HIDDEN = "Coordonnées enregistrées — visibles par le référent qualité"
CONTACT = ("Camille Martin", "camille.martin@example.org", "06 12 34 56 78")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def complaint(organisation):
    feedback = FeedbackFactory(
        organisation=organisation, received_on=dt.date(2026, 2, 16), description="Dossier perdu"
    )
    FeedbackAuthorFactory(
        feedback=feedback,
        name=CONTACT[0],
        email=CONTACT[1],
        phone=CONTACT[2],
        address="3 rue du Lac, Annecy",
    )
    return feedback


def page(client, organisation, name, **kwargs) -> str:
    url = reverse(f"registers:{name}", kwargs={"org_code": organisation.code, **kwargs})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- The rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_the_quality_roles_hold_the_ability(organisation, complaint, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    assert membership.can(VIEW_CONTACT_DETAILS)
    assert can_see_contact_details(membership, complaint)


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_the_other_roles_do_not(organisation, complaint, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    assert not can_see_contact_details(membership, complaint)


def test_nobody_sees_the_contact_of_another_organisations_record(
    organisation, other_organisation, complaint
):
    elsewhere = MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD)
    assert not can_see_contact_details(elsewhere, complaint)
    assert not can_see_contact_details(None, complaint)


# --- Pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_the_quality_roles_read_the_contact_on_the_record(
    member_client, organisation, complaint, role
):
    content = page(member_client(role), organisation, "feedback_detail", pk=complaint.pk)
    for value in CONTACT:
        assert value in content
    assert HIDDEN not in content


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_the_other_roles_only_learn_that_a_contact_exists(
    member_client, organisation, complaint, role
):
    content = page(member_client(role), organisation, "feedback_detail", pk=complaint.pk)
    assert HIDDEN in content
    for value in CONTACT:
        assert value not in content
    assert "3 rue du Lac" not in content


def test_an_anonymous_feedback_says_so_to_everyone(member_client, organisation):
    feedback = FeedbackFactory(organisation=organisation, received_on=dt.date(2026, 2, 16))
    content = page(member_client(Role.AGENT), organisation, "feedback_detail", pk=feedback.pk)
    assert "Avis anonyme." in content
    assert HIDDEN not in content


def test_an_agent_edits_the_record_but_neither_sees_nor_changes_the_contact(
    member_client, organisation, complaint
):
    client = member_client(Role.AGENT)
    form = page(client, organisation, "feedback_edit", pk=complaint.pk)
    assert HIDDEN in form
    assert 'name="auteur-name"' not in form
    for value in CONTACT:
        assert value not in form

    url = reverse(
        "registers:feedback_edit", kwargs={"org_code": organisation.code, "pk": complaint.pk}
    )
    response = client.post(
        url,
        {
            "kind": "complaint",
            "source": "box",
            "received_on": "16/02/2026",
            "in_scope": "on",
            "description": "Dossier perdu",
            "answered_on": "20/02/2026",
            "auteur-name": "Quelqu'un d'autre",
            "auteur-email": "autre@example.org",
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.answered_on == dt.date(2026, 2, 20)
    author = FeedbackAuthor.objects.get(feedback=complaint)
    assert (author.name, author.email) == CONTACT[:2]


def test_the_quality_lead_corrects_the_contact(member_client, organisation, complaint):
    client = member_client(Role.QUALITY_LEAD)
    assert 'name="auteur-email"' in page(client, organisation, "feedback_edit", pk=complaint.pk)
    url = reverse(
        "registers:feedback_edit", kwargs={"org_code": organisation.code, "pk": complaint.pk}
    )
    client.post(
        url,
        {
            "kind": "complaint",
            "source": "box",
            "received_on": "16/02/2026",
            "in_scope": "on",
            "auteur-name": CONTACT[0],
            "auteur-email": "camille@example.fr",
            "auteur-consent_given": "on",
        },
    )
    assert FeedbackAuthor.objects.get(feedback=complaint).email == "camille@example.fr"


# --- Exports -----------------------------------------------------------------------------------


def export(client, organisation, file_format) -> list[dict]:
    url = reverse(
        "registers_io:export", kwargs={"org_code": organisation.code, "register": "feedback"}
    )
    response = client.get(url, {"format": file_format})
    if file_format == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        header, *rows = [line.split(";") for line in text.strip().splitlines()]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header, *rows = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_quality_lead_exports_the_contact(member_client, organisation, complaint, file_format):
    [row] = export(member_client(Role.QUALITY_LEAD), organisation, file_format)
    assert row["coordonnees"] == "enregistrées"
    assert (row["auteur_nom"], row["auteur_courriel"], row["auteur_telephone"]) == CONTACT


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_other_members_export_only_that_a_contact_exists(
    member_client, organisation, complaint, role, file_format
):
    [row] = export(member_client(role), organisation, file_format)
    assert row["coordonnees"] == "enregistrées"
    assert (row["auteur_nom"], row["auteur_courriel"], row["auteur_telephone"]) == ("", "", "")
    assert not set(row.values()) & set(CONTACT)


# --- API ---------------------------------------------------------------------------------------


def api_record(client, organisation, complaint) -> dict:
    response = client.get(f"/api/v1/organisations/{organisation.code}/feedback/{complaint.pk}/")
    assert response.status_code == 200
    return response.json()


def test_a_quality_correspondent_reads_the_contact_through_the_api(organisation, complaint):
    client = APIClient()
    client.force_login(
        MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user
    )
    data = api_record(client, organisation, complaint)
    assert data["contact_details"] == "recorded"
    assert (data["author_name"], data["author_email"], data["author_phone"]) == CONTACT


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_other_members_get_no_contact_through_the_api(organisation, complaint, role):
    client = APIClient()
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    data = api_record(client, organisation, complaint)
    assert data["contact_details"] == "recorded"
    assert (data["author_name"], data["author_email"], data["author_phone"]) == (None, None, None)
    listed = client.get(f"/api/v1/organisations/{organisation.code}/feedback/").json()
    assert CONTACT[1] not in str(listed)


def test_an_integration_token_gets_no_contact(organisation, complaint):
    _token, raw = ApiToken.issue(organisation, "CMS")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    data = api_record(client, organisation, complaint)
    assert data["contact_details"] == "recorded"
    assert data["author_email"] is None
