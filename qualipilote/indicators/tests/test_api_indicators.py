"""GET /api/v1/organisations/<code>/indicators/: the shape of the table, on hand-counted records."""

import datetime as dt
from decimal import Decimal

import pytest

from qualipilote.api.models import ApiToken
from qualipilote.indicators.models import Indicator
from qualipilote.indicators.services import EnteredFigure, close_month, record_entered_figure
from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.enums import SampledWeek
from qualipilote.registers.services import set_sampling_plan
from qualipilote.registers.tests.factories import CorrespondenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today", "catalogue")]

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def emails(organisation):
    """E-mails sampled on the first full week of each month (5–11 January, 2–8 February, 2–8
    March 2026), in scope (5 working days): January 1 on time out of 1; February 1 on time out
    of 3 (one late, one unanswered past its due date); March none."""
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.FIRST, valid_from=dt.date(2026, 1, 1)
    )

    def email(received, answered=None):
        return CorrespondenceFactory(
            organisation=organisation,
            channel="email",
            received_on=received,
            answered_on=answered,
        )

    email(dt.date(2026, 1, 5), dt.date(2026, 1, 7))
    email(dt.date(2026, 2, 2), dt.date(2026, 2, 3))
    email(dt.date(2026, 2, 2), dt.date(2026, 2, 20))
    email(dt.date(2026, 2, 3))
    # Outside the sampled week, out of scope: the e-mail indicators do not count them.
    CorrespondenceFactory(
        organisation=organisation, channel="email", received_on=dt.date(2026, 3, 10)
    )
    CorrespondenceFactory(
        organisation=organisation,
        channel="email",
        received_on=dt.date(2026, 3, 3),
        answered_on=dt.date(2026, 3, 3),
        in_scope=False,
    )


def get(client, organisation, headers, query="?from=2026-01&to=2026-03"):
    return client.get(
        f"/api/v1/organisations/{organisation.code}/indicators/{query}", headers=headers
    )


def series(response, code):
    assert response.status_code == 200, response.json()
    return next(item for item in response.json() if item["code"] == code)


def test_every_active_indicator_is_listed_in_table_order_with_its_fields(
    client, organisation, bearer
):
    Indicator.objects.filter(code="digital_point_visitors").update(active=False)
    body = get(client, organisation, bearer).json()
    expected = list(
        Indicator.objects.active().monthly().in_table_order().values_list("code", flat=True)
    )
    assert [item["code"] for item in body] == expected
    assert "digital_point_visitors" not in expected
    item = body[0]
    assert set(item) == {"code", "label", "unit", "target", "months", "result", "met"}
    assert set(item["months"][0]) == {
        "period",
        "value",
        "numerator",
        "denominator",
        "sampled",
        "closed",
    }
    assert [month["period"] for month in item["months"]] == ["2026-01", "2026-02", "2026-03"]


def test_a_computed_rate_gives_its_months_and_the_period_result_as_a_ratio_of_sums(
    client, organisation, bearer, emails
):
    rate = series(get(client, organisation, bearer), "email_answered_on_time_rate")
    january, february, march = rate["months"]
    assert (january["numerator"], january["denominator"], january["value"]) == (1, 1, 100)
    assert (february["numerator"], february["denominator"]) == (1, 3)
    assert february["value"] == pytest.approx(33.3333)
    assert january["sampled"] is True
    # 2 on time out of 4 counted: 50 %, not the mean of 100 % and 33.3 % (66.7 %).
    assert rate["result"] == {"value": 50, "numerator": 2, "denominator": 4}
    assert rate["target"] == {"operator": ">", "value": 80}
    assert rate["met"] is False
    assert rate["unit"] == "percent"


def test_a_month_without_data_has_null_figures_not_zero(client, organisation, bearer, emails):
    rate = series(get(client, organisation, bearer), "email_answered_on_time_rate")
    assert rate["months"][2] == {
        "period": "2026-03",
        "value": None,
        "numerator": None,
        "denominator": None,
        "sampled": False,
        "closed": False,
    }


def test_an_indicator_without_any_data_has_a_null_result_and_met_is_null(
    client, organisation, bearer, emails
):
    letters = series(get(client, organisation, bearer), "letter_average_response_days")
    assert letters["result"] == {"value": None, "numerator": None, "denominator": None}
    assert letters["met"] is None
    assert all(month["value"] is None for month in letters["months"])


def test_an_average_is_the_working_days_summed_over_the_answered_records(
    client, organisation, bearer, emails
):
    average = series(get(client, organisation, bearer), "email_average_response_days")
    # Answered: 2 working days (January), 1 and 14 working days (February).
    assert average["months"][1]["numerator"] == 15
    assert average["months"][1]["denominator"] == 2
    assert average["result"] == {
        "value": pytest.approx(17 / 3, abs=1e-4),
        "numerator": 17,
        "denominator": 3,
    }
    assert average["target"] == {"operator": "<=", "value": 5}
    assert average["met"] is False


def test_entered_indicators_read_the_organisation_level_figures_only(client, organisation, bearer):
    phone = Indicator.objects.get(code="phone_answer_rate")
    unit = UnitFactory(organisation=organisation)
    record_entered_figure(
        organisation,
        EnteredFigure(phone, dt.date(2026, 1, 1), Decimal(45), Decimal(50)),
        user=None,
        today=TODAY,
    )
    record_entered_figure(
        organisation,
        EnteredFigure(phone, dt.date(2026, 2, 1), Decimal(1), Decimal(10), unit=unit),
        user=None,
        today=TODAY,
    )
    body = series(get(client, organisation, bearer), "phone_answer_rate")
    assert body["months"][0]["value"] == 90
    assert body["months"][1]["value"] is None
    assert body["result"] == {"value": 90, "numerator": 45, "denominator": 50}
    assert body["met"] is False  # the target is "> 90 %"


def test_a_count_has_a_value_and_no_denominator(client, organisation, bearer):
    visitors = Indicator.objects.get(code="digital_point_visitors")
    for month, count in ((1, 120), (2, 80)):
        record_entered_figure(
            organisation,
            EnteredFigure(visitors, dt.date(2026, month, 1), value=Decimal(count)),
            user=None,
            today=TODAY,
        )
    body = series(get(client, organisation, bearer), "digital_point_visitors")
    assert body["months"][0] == {
        "period": "2026-01",
        "value": 120,
        "numerator": 120,
        "denominator": None,
        "sampled": False,
        "closed": False,
    }
    assert body["result"] == {"value": 200, "numerator": 200, "denominator": None}
    assert body["target"] is None
    assert body["met"] is None


def test_a_closed_month_gives_its_frozen_value_even_after_a_record_changes(
    client, organisation, bearer, emails
):
    close_month(organisation, dt.date(2026, 1, 1), user=None, today=TODAY)
    CorrespondenceFactory(
        organisation=organisation,
        channel="email",
        received_on=dt.date(2026, 1, 6),
        answered_on=dt.date(2026, 1, 30),
    )
    january = series(get(client, organisation, bearer), "email_answered_on_time_rate")["months"][0]
    assert (january["value"], january["denominator"], january["closed"]) == (100, 1, True)


def test_without_from_and_to_the_last_twelve_months_up_to_this_month_are_given(
    client, organisation, bearer
):
    item = get(client, organisation, bearer, query="").json()[0]
    periods = [month["period"] for month in item["months"]]
    assert periods[0] == "2025-04"
    assert periods[-1] == "2026-03"
    assert len(periods) == 12


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?from=2026-13&to=2026-12", "from", "n'est pas un mois"),
        ("?from=2026/01&to=2026-03", "from", "n'est pas un mois"),
        ("?from=2026-01&to=mars", "to", "n'est pas un mois"),
        ("?from=2026-03&to=2026-01", "to", "ne peut pas précéder"),
        ("?from=2023-01&to=2026-01", "to", "au plus 36 mois"),
    ],
)
def test_a_wrong_period_is_refused_with_a_french_message_naming_the_field(
    client, organisation, bearer, query, field, message
):
    response = get(client, organisation, bearer, query=query)
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_thirty_six_months_are_accepted(client, organisation, bearer):
    response = get(client, organisation, bearer, query="?from=2023-04&to=2026-03")
    assert response.status_code == 200
    assert len(response.json()[0]["months"]) == 36


def test_a_member_reads_the_indicators_with_a_session(client, organisation, member_client):
    from qualipilote.organisations.enums import Role

    response = get(member_client(Role.VIEWER), organisation, headers={})
    assert response.status_code == 200


def test_reading_needs_a_token_or_a_session(client, organisation):
    response = get(client, organisation, headers={})
    assert response.status_code == 401


def test_another_organisations_token_cannot_read(client, organisation, other_organisation):
    _token, raw = ApiToken.issue(other_organisation, "Autre")
    response = get(client, organisation, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403


def test_the_api_schema_describes_the_indicator_endpoints(client):
    content = client.get("/api/schema/?format=json").content.decode()
    assert "/api/v1/organisations/{org_code}/indicators/" in content
    assert "/api/v1/organisations/{org_code}/indicators/{code}/measurements/" in content
    for name in ("from", "to", "period", "numerator", "denominator", "sampled", "met"):
        assert f'"{name}"' in content
