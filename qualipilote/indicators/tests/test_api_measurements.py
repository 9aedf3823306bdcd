"""POST /api/v1/organisations/<code>/indicators/<indicator>/measurements/: an entered figure,
through the same validation as the forms and imports, with every error case."""

import datetime as dt
from decimal import Decimal

import pytest

from qualipilote.api.models import ApiToken
from qualipilote.indicators.models import MonthlyMeasurement
from qualipilote.indicators.services import close_month
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today", "catalogue")]

TODAY = dt.date(2026, 3, 16)


def post(client, organisation, code, data, headers):
    return client.post(
        f"/api/v1/organisations/{organisation.code}/indicators/{code}/measurements/",
        data,
        content_type="application/json",
        headers=headers,
    )


def test_a_rate_is_recorded_with_its_numerator_and_denominator(client, organisation, bearer):
    response = post(
        client,
        organisation,
        "phone_answer_rate",
        {"period": "2026-02", "numerator": 930, "denominator": 1000, "line": "Standard"},
        bearer,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["indicator"] == "phone_answer_rate"
    assert body["period"] == "2026-02"
    assert (body["numerator"], body["denominator"], body["value"]) == (930, 1000, 93)
    assert body["line"] == "Standard"
    assert body["unit"] is None
    assert body["source"] == "imported"
    measurement = MonthlyMeasurement.objects.get(pk=body["id"])
    assert measurement.organisation == organisation
    assert measurement.month == dt.date(2026, 2, 1)
    assert measurement.value == Decimal("93.0000")


def test_the_history_names_the_token_that_sent_the_figure(client, organisation, bearer):
    body = post(
        client,
        organisation,
        "phone_answer_rate",
        {"period": "2026-02", "numerator": 9, "denominator": 10},
        bearer,
    ).json()
    last = MonthlyMeasurement.objects.get(pk=body["id"]).history.first()
    assert last.history_change_reason == "API, jeton « Statistiques téléphoniques »"


def test_posting_the_same_month_again_replaces_the_figure(client, organisation, bearer):
    for numerator in (800, 850):
        response = post(
            client,
            organisation,
            "phone_answer_rate",
            {"period": "2026-02", "numerator": numerator, "denominator": 1000},
            bearer,
        )
        assert response.status_code == 201
    measurement = MonthlyMeasurement.objects.get(organisation=organisation)
    assert measurement.numerator == 850


def test_a_count_is_recorded_as_a_value_for_a_unit(client, organisation, bearer):
    UnitFactory(organisation=organisation, code="pan")
    response = post(
        client,
        organisation,
        "digital_point_visitors",
        {"period": "2026-02", "value": 223, "unit": "pan", "source_detail": "Registre du PAN"},
        bearer,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["value"], body["numerator"], body["denominator"]) == (223, 223, None)
    assert body["unit"] == "pan"
    assert body["source_detail"] == "Registre du PAN"


@pytest.mark.parametrize(
    ("code", "data", "field", "message"),
    [
        (
            "email_answered_on_time_rate",
            {"period": "2026-02", "numerator": 8, "denominator": 10},
            "code",
            "calculé depuis les registres",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-04", "numerator": 8, "denominator": 10},
            "period",
            "futur",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-02", "numerator": 11, "denominator": 10},
            "numerator",
            "ne peut pas dépasser le dénominateur",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-02", "numerator": 8},
            "denominator",
            "Indiquez le dénominateur",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-02", "numerator": 0, "denominator": 0},
            "denominator",
            "supérieur à 0",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-02", "numerator": -1, "denominator": 10},
            "numerator",
            "négatif",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-02", "value": 80},
            "numerator",
            "Indiquez le numérateur",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-02", "numerator": 8, "denominator": 10, "value": 70},
            "value",
            "ne correspond pas",
        ),
        (
            "digital_point_visitors",
            {"period": "2026-02", "value": 12.5},
            "value",
            "nombre entier",
        ),
        (
            "digital_point_visitors",
            {"period": "2026-02", "value": 12, "denominator": 30},
            "denominator",
            "pas de dénominateur",
        ),
        (
            "phone_answer_rate",
            {"period": "02/2026", "numerator": 8, "denominator": 10},
            "period",
            "AAAA-MM",
        ),
        ("phone_answer_rate", {"numerator": 8, "denominator": 10}, "period", "obligatoire"),
        (
            "phone_answer_rate",
            {"period": "2026-02", "numerator": "huit", "denominator": 10},
            "numerator",
            "nombre",
        ),
        (
            "phone_answer_rate",
            {"period": "2026-02", "numerator": 8, "denominator": 10, "unit": "inconnue"},
            "unit",
            "Aucune unité",
        ),
    ],
)
def test_a_wrong_figure_is_refused_with_a_french_message_naming_the_field(
    client, organisation, bearer, code, data, field, message
):
    response = post(client, organisation, code, data, bearer)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors
    assert not MonthlyMeasurement.objects.exists()


def test_a_closed_month_is_refused(client, organisation, bearer):
    close_month(organisation, dt.date(2026, 2, 1), user=None, today=TODAY)
    response = post(
        client,
        organisation,
        "phone_answer_rate",
        {"period": "2026-02", "numerator": 8, "denominator": 10},
        bearer,
    )
    assert response.status_code == 400
    assert "clôturé" in response.json()["period"][0]
    assert not MonthlyMeasurement.objects.filter(indicator__code="phone_answer_rate").exists()


def test_an_unknown_indicator_is_not_found(client, organisation, bearer):
    response = post(client, organisation, "no_such_indicator", {"period": "2026-02"}, bearer)
    assert response.status_code == 404


def test_without_a_token_the_answer_is_401(client, organisation):
    data = {"period": "2026-02", "numerator": 8, "denominator": 10}
    response = post(client, organisation, "phone_answer_rate", data, headers={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_refused(client, organisation, token, bearer):
    token[0].revoke()
    data = {"period": "2026-02", "numerator": 8, "denominator": 10}
    assert post(client, organisation, "phone_answer_rate", data, bearer).status_code == 401


def test_another_organisations_token_is_refused(client, organisation, other_organisation):
    _token, raw = ApiToken.issue(other_organisation, "Autre préfecture")
    data = {"period": "2026-02", "numerator": 8, "denominator": 10}
    response = post(
        client, organisation, "phone_answer_rate", data, {"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 403
    assert not MonthlyMeasurement.objects.exists()


def test_a_member_whose_role_cannot_enter_figures_is_refused(organisation, member_client):
    client = member_client(Role.DIRECTOR)
    data = {"period": "2026-02", "numerator": 8, "denominator": 10}
    response = post(client, organisation, "phone_answer_rate", data, headers={})
    assert response.status_code == 403


def test_a_quality_correspondent_records_a_figure_with_a_session(organisation, member_client):
    client = member_client(Role.QUALITY_CORRESPONDENT)
    data = {"period": "2026-02", "numerator": 8, "denominator": 10}
    response = post(client, organisation, "phone_answer_rate", data, headers={})
    assert response.status_code == 201, response.json()
    measurement = MonthlyMeasurement.objects.get()
    assert measurement.entered_by == client.membership.user


def post_raw(client, organisation, code, body: str, headers):
    """Posts a JSON text as written: NaN and Infinity are not JSON, yet clients send them."""
    return client.post(
        f"/api/v1/organisations/{organisation.code}/indicators/{code}/measurements/",
        body,
        content_type="application/json",
        headers=headers,
    )


OUT_OF_BOUNDS = ["1e15", "1e28", "-1e300", '"1e15"']
NOT_FINITE = ["NaN", "-Infinity", '"Infinity"', '"sNaN"']


@pytest.mark.parametrize("number", OUT_OF_BOUNDS + NOT_FINITE)
@pytest.mark.parametrize(
    ("code", "field", "others"),
    [
        ("phone_answer_rate", "numerator", '"denominator": 10'),
        ("phone_answer_rate", "denominator", '"numerator": 1'),
        ("digital_point_visitors", "value", '"line": "Accueil"'),
    ],
)
def test_a_number_the_column_cannot_hold_gets_a_french_400_naming_the_field(
    client, organisation, bearer, code, field, others, number
):
    body = f'{{"period": "2026-02", {others}, "{field}": {number}}}'

    response = post_raw(client, organisation, code, body, bearer)

    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert any(f"« {field} »" in text for text in errors[field]), errors
    expected = (
        "doit être un nombre, écrit sans guillemets."  # a number sent as a text
        if number.startswith('"')
        else "doit être un nombre fini."
        if "N" in number or "I" in number
        else "doit être inférieur à 1"
    )
    assert any(expected in text for text in errors[field]), errors
    assert not MonthlyMeasurement.objects.exists()


def test_the_largest_figure_the_columns_hold_is_recorded(client, organisation, bearer):
    body = '{"period": "2026-02", "numerator": 99999999999999.99, "denominator": 99999999999999.99}'

    response = post_raw(client, organisation, "phone_answer_rate", body, bearer)

    assert response.status_code == 201, response.content
    assert MonthlyMeasurement.objects.get().value == 100


def test_a_count_too_large_for_the_value_column_is_refused(client, organisation, bearer):
    # The numerator column keeps 14 digits before the point, the value column 12: a count is
    # stored in both, so it must fit the smaller one (PostgreSQL answered 500 "numeric field
    # overflow", SQLite stored it and then every page of the organisation failed).
    response = post(
        client, organisation, "digital_point_visitors", {"period": "2026-02", "value": 5e12}, bearer
    )

    assert response.status_code == 400, response.content
    assert "inférieur à 1\u202f000\u202f000\u202f000\u202f000" in response.json()["value"][0]
    assert not MonthlyMeasurement.objects.exists()


@pytest.mark.parametrize("field", ["unit", "line", "source_detail"])
@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1b"])
def test_a_control_character_in_a_text_field_is_refused_naming_the_field(
    client, organisation, bearer, field, character
):
    # A NUL byte in the unit answered 500 on PostgreSQL (it cannot hold NUL in a text query).
    data = {"period": "2026-02", "numerator": 8, "denominator": 10, field: f"a{character}b"}

    response = post(client, organisation, "phone_answer_rate", data, bearer)

    assert response.status_code == 400
    message = response.json()[field][0]
    assert message.startswith(f"« {field} » contient un caractère de contrôle invisible")
    assert not MonthlyMeasurement.objects.exists()
