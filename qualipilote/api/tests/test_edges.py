"""What the API answers to malformed requests: a French 4xx in JSON, never a 500 (found by
Schemathesis, test_schemathesis.py, and kept here as plain examples)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from qualipilote.api.models import ApiToken
from qualipilote.registers.models import Correspondence

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(organisation):
    _token, raw = ApiToken.issue(organisation, "CMS")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def records_url(organisation):
    return f"/api/v1/organisations/{organisation.code}/correspondences/"


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        # Answered 500 on PostgreSQL (bigint out of range); DRF ignored the others silently.
        ("limit=99999999999999999999999", "limit", "doit être compris entre 1 et 1000."),
        ("offset=99999999999999999999999", "offset", "doit être compris entre 0 et"),
        ("limit=0", "limit", "doit être compris entre 1 et 1000."),
        ("offset=-1", "offset", "doit être compris entre 0 et"),
        ("limit=null", "limit", "doit être un nombre entier."),
        ("offset=1.5", "offset", "doit être un nombre entier."),
    ],
)
def test_pagination_out_of_bounds_answers_400_naming_the_parameter(
    api, organisation, query, name, message
):
    Correspondence(
        organisation=organisation, channel="email", received_on=dt.date(2026, 2, 2)
    ).save()

    response = api.get(f"{records_url(organisation)}?{query}")

    assert response.status_code == 400
    assert response.json()[name][0].startswith(f"« {name} » {message}")


def test_an_empty_pagination_parameter_means_the_default(api, organisation):
    response = api.get(f"{records_url(organisation)}?limit=&offset=")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("topic", 0, "« topic » doit être un texte, entre guillemets."),
        ("in_scope", "yes", "« in_scope » doit être un booléen : true ou false."),
        ("unit", 12, "« unit » doit être un texte, entre guillemets."),
    ],
)
def test_a_value_of_another_json_type_than_the_schema_says_is_refused(
    api, organisation, field, value, message
):
    # DRF took 0 for the text "0" and "yes" for true: the schema said otherwise.
    data = {"channel": "email", "received_on": "2026-02-02", field: value}

    response = api.post(records_url(organisation), data, format="json")

    assert response.status_code == 400
    assert response.json()[field] == [message]


def test_an_unknown_api_address_answers_a_json_404(api):
    response = api.patch("/api/v1/organisations/pref-74/correspondences/null,null/", {})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Aucune ressource à cette adresse."}


def test_a_form_body_is_refused_the_api_reads_json_only(api, organisation):
    response = api.post(
        records_url(organisation), {"channel": "email", "received_on": "2026-02-02"}
    )  # multipart by default

    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"channel": ', "Le corps de la requête n'est pas du JSON valide"),
        ("[" * 100_000 + "]" * 100_000, "imbriqué trop profondément"),
    ],
)
def test_a_malformed_json_body_gets_a_french_400(api, organisation, body, message):
    response = api.generic("POST", records_url(organisation), body, content_type="application/json")

    assert response.status_code == 400
    assert message in response.json()["detail"]
