"""The registers' REST API through a real HTTP client: names, computed fields, every error case."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from qualipilote.api.models import ApiToken
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory
from qualipilote.registers.models import Correspondence, Feedback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# Monday 2 March 2026; an e-mail received Monday 23 February is due 5 working days later,
# Monday 2 March; one received Friday 20 February was due Friday 27 February.
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def api(organisation):
    _token, raw = ApiToken.issue(organisation, "CMS")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def base(organisation):
    return f"/api/v1/organisations/{organisation.code}"


def correspondence(organisation, **fields):
    record = Correspondence(
        organisation=organisation,
        channel=fields.pop("channel", "email"),
        received_on=fields.pop("received_on", dt.date(2026, 2, 23)),
        **fields,
    )
    record.save()
    return record


def feedback(organisation, **fields):
    record = Feedback(
        organisation=organisation,
        kind=fields.pop("kind", "complaint"),
        source=fields.pop("source", "letter"),
        received_on=fields.pop("received_on", dt.date(2026, 2, 23)),
        **fields,
    )
    record.save()
    return record


# --- Correspondence -----------------------------------------------------------------------------


def test_post_correspondence_computes_the_deadline(api, organisation):
    unit = UnitFactory(organisation=organisation, code="bae")
    response = api.post(
        f"{base(organisation)}/correspondences/",
        {"channel": "email", "received_on": "2026-02-23", "unit": "bae", "in_scope": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["due_on"] == "2026-03-02"
    assert body["working_days_taken"] is None
    assert body["on_time"] is None
    assert body["overdue"] is False
    assert body["unit"] == "bae"
    record = Correspondence.objects.get(pk=body["id"])
    assert record.organisation == organisation
    assert record.unit == unit


def test_letter_uses_the_letter_delay(api, organisation):
    response = api.post(
        f"{base(organisation)}/correspondences/",
        {"channel": "letter", "received_on": "2026-02-16"},
        format="json",
    )
    assert response.json()["due_on"] == "2026-03-02"  # 10 working days


def test_get_lists_the_organisations_records_with_computed_fields(
    api, organisation, other_organisation
):
    correspondence(organisation, received_on=dt.date(2026, 2, 20))
    correspondence(other_organisation)
    response = api.get(f"{base(organisation)}/correspondences/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert set(row) >= {
        "id",
        "channel",
        "received_on",
        "acknowledged_on",
        "answered_on",
        "unit",
        "in_scope",
        "due_on",
        "working_days_taken",
        "on_time",
        "overdue",
    }
    assert row["due_on"] == "2026-02-27"
    assert row["overdue"] is True


def test_list_filters_by_period_and_channel(api, organisation):
    correspondence(organisation, received_on=dt.date(2026, 1, 5))
    correspondence(organisation, received_on=dt.date(2026, 2, 10))
    correspondence(organisation, received_on=dt.date(2026, 2, 11), channel="letter")
    url = f"{base(organisation)}/correspondences/"
    response = api.get(url, {"received_from": "2026-02-01", "channel": "email"})
    assert [row["received_on"] for row in response.json()["results"]] == ["2026-02-10"]
    assert api.get(url, {"received_to": "2026-01-31"}).json()["count"] == 1


def test_a_bad_filter_answers_400(api, organisation):
    response = api.get(f"{base(organisation)}/correspondences/", {"received_from": "hier"})
    assert response.status_code == 400
    assert "received_from" in response.json()


def test_get_one_record(api, organisation):
    record = correspondence(organisation, answered_on=dt.date(2026, 2, 25))
    body = api.get(f"{base(organisation)}/correspondences/{record.pk}/").json()
    assert body["working_days_taken"] == 2
    assert body["on_time"] is True


def test_patch_sets_the_answer_later(api, organisation):
    record = correspondence(organisation, received_on=dt.date(2026, 2, 16))
    response = api.patch(
        f"{base(organisation)}/correspondences/{record.pk}/",
        {"answered_on": "2026-02-27", "acknowledged_on": "2026-02-16"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["on_time"] is False  # due on 23 February
    assert response.json()["working_days_taken"] == 9
    record.refresh_from_db()
    assert record.answered_on == dt.date(2026, 2, 27)
    assert record.acknowledged_on == dt.date(2026, 2, 16)
    assert record.acknowledgement_mode == "manual"
    assert record.on_time is False
    assert record.history.first().history_change_reason == "API, jeton « CMS »"


def test_put_and_delete_are_not_offered(api, organisation):
    record = correspondence(organisation)
    url = f"{base(organisation)}/correspondences/{record.pk}/"
    assert api.put(url, {}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert Correspondence.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"received_on": "2026-02-23"}, "channel", "obligatoire"),
        ({"channel": "fax", "received_on": "2026-02-23"}, "channel", "choix valide"),
        ({"channel": "email", "received_on": "23 février"}, "received_on", "format"),
        ({"channel": "email", "received_on": "2026-03-10"}, "received_on", "futur"),
        (
            {"channel": "email", "received_on": "2026-02-23", "answered_on": "2026-02-20"},
            "answered_on",
            "précéder la date de réception",
        ),
        (
            {"channel": "email", "received_on": "2026-02-23", "acknowledged_on": "2026-02-01"},
            "acknowledged_on",
            "précéder",
        ),
        (
            {"channel": "email", "received_on": "2026-02-23", "unit": "inconnue"},
            "unit",
            "Aucune unité de cette organisation ne porte le code « inconnue »",
        ),
        (
            {"channel": "email", "received_on": "2026-02-23", "in_scope": "peut-être"},
            "in_scope",
            "booléen",
        ),
    ],
)
def test_invalid_input_answers_400_with_french_field_errors(
    api, organisation, payload, field, message
):
    response = api.post(f"{base(organisation)}/correspondences/", payload, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Correspondence.objects.exists()


def test_unit_of_another_organisation_is_refused(api, organisation, other_organisation):
    UnitFactory(organisation=other_organisation, code="bae")
    response = api.post(
        f"{base(organisation)}/correspondences/",
        {"channel": "email", "received_on": "2026-02-23", "unit": "bae"},
        format="json",
    )
    assert response.status_code == 400
    assert "unit" in response.json()


def test_patch_checks_the_answer_against_the_stored_receipt(api, organisation):
    record = correspondence(organisation, received_on=dt.date(2026, 2, 23))
    response = api.patch(
        f"{base(organisation)}/correspondences/{record.pk}/",
        {"answered_on": "2026-02-02"},
        format="json",
    )
    assert response.status_code == 400
    assert "answered_on" in response.json()
    record.refresh_from_db()
    assert record.answered_on is None


# --- Feedback -----------------------------------------------------------------------------------


def test_post_feedback_gets_a_reference_and_its_deadline(api, organisation):
    response = api.post(
        f"{base(organisation)}/feedback/",
        {"kind": "suggestion", "source": "public_review", "received_on": "2026-02-16"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "AV-74-2026-00001"
    assert body["due_on"] == "2026-03-09"  # 15 working days
    assert body["overdue"] is False
    assert Feedback.objects.get().source == "public_review"


def test_feedback_list_detail_and_patch(api, organisation):
    record = feedback(organisation, received_on=dt.date(2026, 2, 2))
    feedback(organisation, kind="suggestion")
    url = f"{base(organisation)}/feedback/"
    assert api.get(url).json()["count"] == 2
    assert api.get(url, {"kind": "complaint"}).json()["count"] == 1
    assert api.get(f"{url}{record.pk}/").json()["overdue"] is True
    response = api.patch(f"{url}{record.pk}/", {"answered_on": "2026-02-27"}, format="json")
    assert response.status_code == 200
    assert response.json()["on_time"] is False
    assert response.json()["overdue"] is False
    assert response.json()["working_days_taken"] == 19


def test_feedback_with_a_wrong_kind_answers_400(api, organisation):
    response = api.post(
        f"{base(organisation)}/feedback/",
        {"kind": "compliment", "source": "box", "received_on": "2026-02-02"},
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.json()


# --- Who may call -------------------------------------------------------------------------------


def test_no_token_answers_401(organisation):
    response = APIClient().get(f"{base(organisation)}/correspondences/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_unknown_token_answers_401(organisation):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer qp_faux")
    assert client.get(f"{base(organisation)}/feedback/").status_code == 401


def test_revoked_token_answers_401(organisation):
    token, raw = ApiToken.issue(organisation, "Ancien")
    token.revoke()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(f"{base(organisation)}/feedback/").status_code == 401


def test_another_organisations_token_is_refused(organisation, other_organisation):
    _token, raw = ApiToken.issue(other_organisation, "Savoie")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"{base(organisation)}/correspondences/"
    assert client.get(url).status_code in {403, 404}
    response = client.post(url, {"channel": "email", "received_on": "2026-02-23"}, format="json")
    assert response.status_code in {403, 404}
    assert not Correspondence.objects.exists()


def test_a_record_of_another_organisation_answers_404(api, organisation, other_organisation):
    theirs = correspondence(other_organisation)
    url = f"{base(organisation)}/correspondences/{theirs.pk}/"
    assert api.get(url).status_code == 404
    assert api.patch(url, {"answered_on": "2026-02-24"}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.answered_on is None


def test_token_use_is_recorded(api, organisation):
    api.get(f"{base(organisation)}/feedback/")
    assert ApiToken.objects.get().last_used_at is not None


def test_a_member_reads_with_a_session_but_a_reader_cannot_write(client, organisation):
    viewer = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    client.force_login(viewer)
    url = f"{base(organisation)}/correspondences/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"channel": "email", "received_on": "2026-02-23"}, content_type="application/json"
    )
    assert response.status_code == 403


# --- Schema -------------------------------------------------------------------------------------


def test_openapi_schema_describes_the_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    prefix = "/api/v1/organisations/{org_code}"
    assert set(paths[f"{prefix}/correspondences/"]) >= {"get", "post"}
    assert set(paths[f"{prefix}/correspondences/{{id}}/"]) >= {"get", "patch"}
    assert set(paths[f"{prefix}/feedback/"]) >= {"get", "post"}
    assert set(paths[f"{prefix}/feedback/{{id}}/"]) >= {"get", "patch"}
    correspondence_schema = schema["components"]["schemas"]["Correspondence"]["properties"]
    assert correspondence_schema["overdue"]["readOnly"] is True
    assert correspondence_schema["due_on"]["readOnly"] is True


# --- Control characters -------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1b"])
@pytest.mark.parametrize(
    ("path", "field", "data"),
    [
        ("correspondences", "topic", {"channel": "email", "received_on": "2026-02-23"}),
        ("correspondences", "unit", {"channel": "email", "received_on": "2026-02-23"}),
        ("correspondences", "channel", {"received_on": "2026-02-23"}),
        (
            "feedback",
            "description",
            {"kind": "complaint", "source": "letter", "received_on": "2026-02-23"},
        ),
        (
            "feedback",
            "theme",
            {"kind": "complaint", "source": "letter", "received_on": "2026-02-23"},
        ),
    ],
)
def test_a_control_character_in_a_field_answers_400_naming_the_field(
    api, organisation, path, field, data, character
):
    # A NUL byte in the unit code answered 500 on PostgreSQL; a vertical tab in the topic was
    # stored and then broke the XLSX export.
    response = api.post(
        f"{base(organisation)}/{path}/", {**data, field: f"x{character}y"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()[field] == [
        f"« {field} » contient un caractère de contrôle invisible (U+{ord(character):04X}) : "
        "retirez-le ou retapez le texte."
    ]
    assert not Correspondence.objects.exists() and not Feedback.objects.exists()


def test_a_control_character_in_a_patch_is_refused(api, organisation):
    record = correspondence(organisation, topic="Titre de séjour")

    response = api.patch(
        f"{base(organisation)}/correspondences/{record.pk}/", {"topic": "a\x0cb"}, format="json"
    )

    assert response.status_code == 400
    assert "topic" in response.json()
    record.refresh_from_db()
    assert record.topic == "Titre de séjour"


@pytest.mark.parametrize("query", ["received_from=%00", "channel=e%00mail", "x%00=1"])
def test_a_control_character_in_the_query_string_answers_400(api, organisation, query):
    response = api.get(f"{base(organisation)}/correspondences/?{query}")

    assert response.status_code == 400
    assert "caractère de contrôle" in str(response.json())
