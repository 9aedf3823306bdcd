"""The national view: every organisation's stored figure for one indicator and period, ranked in
the target's direction, with the counts, the distribution and a CSV export; national readers
only, and never any personal data."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator, MonthlyMeasurement
from qualipilote.indicators.national import compare, histogram
from qualipilote.indicators.services import refresh_measurements
from qualipilote.organisations.enums import Role
from qualipilote.organisations.services import create_organisation
from qualipilote.organisations.tests.factories import OrganisationFactory, UnitFactory
from qualipilote.registers.tests.factories import FeedbackAuthorFactory, FeedbackFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

JANUARY, FEBRUARY, MARCH = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
PERIOD = "start=2026-01&end=2026-02"


@pytest.fixture
def catalogue(db):
    load_catalogue()


def measure(organisation, code, month, numerator, denominator=None, **fields):
    indicator = Indicator.objects.get(code=code)
    return MonthlyMeasurement.objects.create(
        organisation=organisation,
        indicator=indicator,
        month=month,
        numerator=Decimal(numerator),
        denominator=Decimal(denominator) if denominator is not None else None,
        value=indicator.value_of(numerator, denominator),
        source="entered",
        **fields,
    )


def organisations(*names, **fields):
    return [OrganisationFactory(name=name, **fields) for name in names]


def ranked_names(comparison):
    return [figure.name for figure in comparison.figures]


def test_a_higher_is_better_indicator_ranks_the_highest_first_and_those_without_data_last():
    alpes, bretagne, corse, drome = organisations("Alpes", "Bretagne", "Corse", "Drôme")
    measure(alpes, "phone_answer_rate", JANUARY, 95, 100)
    measure(bretagne, "phone_answer_rate", JANUARY, 80, 100)
    measure(corse, "phone_answer_rate", JANUARY, 50, 50)
    measure(corse, "phone_answer_rate", FEBRUARY, 49, 50)
    comparison = compare(Indicator.objects.get(code="phone_answer_rate"), JANUARY, FEBRUARY)
    assert ranked_names(comparison) == ["Corse", "Alpes", "Bretagne", "Drôme"]
    assert [figure.rank for figure in comparison.figures] == [1, 2, 3, None]
    assert comparison.figures[0].value == Decimal(99)
    assert (comparison.met_count, comparison.not_met_count) == (2, 1)
    assert comparison.without_data_count == 1
    assert drome.name == comparison.figures[-1].name


def test_a_lower_is_better_indicator_ranks_the_lowest_first():
    alpes, bretagne, corse = organisations("Alpes", "Bretagne", "Corse")
    measure(alpes, "email_average_response_days", JANUARY, 30, 10)
    measure(bretagne, "email_average_response_days", JANUARY, 70, 10)
    measure(corse, "email_average_response_days", FEBRUARY, 40, 10)
    comparison = compare(
        Indicator.objects.get(code="email_average_response_days"), JANUARY, FEBRUARY
    )
    assert ranked_names(comparison) == ["Alpes", "Corse", "Bretagne"]
    assert [figure.status for figure in comparison.figures] == ["met", "met", "not_met"]
    assert comparison.met_count == 2


def test_equal_figures_share_a_rank():
    alpes, bretagne, corse = organisations("Alpes", "Bretagne", "Corse")
    for organisation, numerator in ((alpes, 90), (bretagne, 95), (corse, 95)):
        measure(organisation, "phone_answer_rate", JANUARY, numerator, 100)
    comparison = compare(Indicator.objects.get(code="phone_answer_rate"), JANUARY, JANUARY)
    assert [(f.name, f.rank) for f in comparison.figures] == [
        ("Bretagne", 1),
        ("Corse", 1),
        ("Alpes", 3),
    ]


def test_the_period_result_is_a_ratio_of_sums_of_the_organisation_level_months_only():
    (alpes,) = organisations("Alpes")
    measure(alpes, "phone_answer_rate", JANUARY, 10, 10)
    measure(alpes, "phone_answer_rate", FEBRUARY, 0, 90)
    measure(alpes, "phone_answer_rate", MARCH, 90, 90)  # outside the period
    measure(alpes, "phone_answer_rate", JANUARY, 1, 100, unit=UnitFactory(organisation=alpes))
    measure(alpes, "phone_answer_rate", JANUARY, 1, 100, line="Standard")
    figure = compare(Indicator.objects.get(code="phone_answer_rate"), JANUARY, FEBRUARY).figures[0]
    # 10 / 100, not the mean of 100 % and 0 %.
    assert (figure.numerator, figure.denominator, figure.value) == (10, 100, Decimal(10))
    assert figure.months_with_data == 2


def test_every_organisation_comes_from_one_query(django_assert_num_queries):
    for index, organisation in enumerate(organisations(*[f"Org {n}" for n in range(12)])):
        measure(organisation, "phone_answer_rate", JANUARY, index, 20)
    indicator = Indicator.objects.get(code="phone_answer_rate")
    with django_assert_num_queries(1):
        comparison = compare(indicator, JANUARY, FEBRUARY)
    assert len(comparison.figures) == 12


def test_organisations_are_filtered_by_kind_and_departement():
    OrganisationFactory(name="Préfecture 74", kind="prefecture", departement="74")
    OrganisationFactory(name="Sous-préfecture 74", kind="sub_prefecture", departement="74")
    OrganisationFactory(name="Préfecture 73", kind="prefecture", departement="73")
    indicator = Indicator.objects.get(code="phone_answer_rate")
    by_kind = compare(indicator, JANUARY, JANUARY, kind="prefecture")
    assert sorted(ranked_names(by_kind)) == ["Préfecture 73", "Préfecture 74"]
    by_departement = compare(indicator, JANUARY, JANUARY, departement="74")
    assert sorted(ranked_names(by_departement)) == ["Préfecture 74", "Sous-préfecture 74"]


def test_the_distribution_puts_every_organisation_with_data_in_one_bin():
    alpes, bretagne, corse, _drome = organisations("Alpes", "Bretagne", "Corse", "Drôme")
    measure(alpes, "phone_answer_rate", JANUARY, 100, 100)
    measure(bretagne, "phone_answer_rate", JANUARY, 95, 100)
    measure(corse, "phone_answer_rate", JANUARY, 42, 100)
    indicator = Indicator.objects.get(code="phone_answer_rate")
    comparison = compare(indicator, JANUARY, JANUARY)
    chart = histogram(indicator, [figure.value for figure in comparison.with_data])
    counts = {item.label: item.count for item in chart.bins}
    assert counts["de 90 % à 100 %"] == 2
    assert counts["de 40 % à 50 %"] == 1
    assert sum(counts.values()) == 3
    assert "3 organisations" in chart.description


def test_a_day_indicator_gets_round_bins_covering_its_largest_figure():
    indicator = Indicator.objects.get(code="feedback_average_response_days")
    chart = histogram(indicator, [Decimal("3.5"), Decimal("7.25"), Decimal(18)])
    assert chart.bins[0].low == 0
    assert chart.bins[-1].high >= 18
    assert sum(item.count for item in chart.bins) == 3


# --- The pages ----------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/national/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


@pytest.mark.parametrize("path", ["/national/", "/national/export.csv"])
def test_an_organisation_member_who_is_not_a_national_reader_is_refused(member_client, path):
    assert member_client(Role.QUALITY_LEAD).get(path).status_code == 403


def test_the_page_shows_the_ranking_and_the_counts(national_client):
    alpes, bretagne, _corse = organisations("Alpes", "Bretagne", "Corse")
    measure(alpes, "phone_answer_rate", JANUARY, 80, 100)
    measure(bretagne, "phone_answer_rate", FEBRUARY, 99, 100)
    response = national_client.get(f"/national/?indicator=phone_answer_rate&{PERIOD}")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Bretagne") < content.index("Alpes") < content.index("Corse")
    counts = response.context["comparison"]
    assert (counts.met_count, counts.not_met_count, counts.without_data_count) == (1, 1, 1)
    assert "de janvier 2026 à février 2026" in content
    assert "<svg" in content
    assert "99,00 %" in content


def test_the_default_is_the_first_indicator_over_the_last_twelve_finished_months(national_client):
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        response = national_client.get("/national/")
    comparison = response.context["comparison"]
    assert comparison.indicator == Indicator.objects.active().in_table_order().first()
    assert (comparison.start, comparison.end) == (dt.date(2025, 3, 1), dt.date(2026, 2, 1))


def test_one_month_alone_compares_that_month(national_client):
    response = national_client.get("/national/?indicator=phone_answer_rate&start=2026-02")
    comparison = response.context["comparison"]
    assert (comparison.start, comparison.end) == (FEBRUARY, FEBRUARY)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("indicator=phone_answer_rate&start=2026-03&end=2026-01", "end"),
        ("indicator=phone_answer_rate&start=2020-01&end=2026-01", "end"),
        ("indicator=no_such_code", "indicator"),
        ("indicator=phone_answer_rate&start=mars", "start"),
        ("indicator=phone_answer_rate&kind=ministry", "kind"),
    ],
)
def test_a_wrong_choice_is_explained_on_the_field(national_client, query, field):
    response = national_client.get(f"/national/?{query}")
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert field in response.context["form"].errors


def test_the_csv_export_lists_the_ranking(national_client):
    alpes, bretagne = organisations("Alpes", "Bretagne")
    measure(alpes, "phone_answer_rate", JANUARY, 80, 100)
    measure(bretagne, "phone_answer_rate", JANUARY, 99, 100)
    response = national_client.get(f"/national/export.csv?indicator=phone_answer_rate&{PERIOD}")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Rang;Code;Organisation;Type;Département;Numérateur")
    assert lines[1].startswith(
        f"1;{bretagne.code};Bretagne;Préfecture;74;99,00;100,00;99,00;Atteint"
    )
    assert lines[2].startswith(f"2;{alpes.code};Alpes;")
    assert (
        'filename="vue-nationale-phone_answer_rate-2026-01-2026-02.csv"'
        in (response["Content-Disposition"])
    )


def test_no_personal_data_reaches_the_national_view(national_client):
    organisation = create_organisation(
        code="pref-74", name="Préfecture de la Haute-Savoie", kind="prefecture", departement="74"
    )
    feedback = FeedbackFactory(
        organisation=organisation,
        received_on=dt.date(2026, 1, 12),
        answered_on=dt.date(2026, 1, 14),
        theme="Accueil au guichet",
        description="Madame Ernestine Vaudelle attendait depuis deux heures.",
        answer="Réponse envoyée à Ernestine Vaudelle.",
    )
    FeedbackAuthorFactory(
        feedback=feedback, name="Ernestine Vaudelle", email="ernestine.vaudelle@example.org"
    )
    refresh_measurements(start=JANUARY, end=JANUARY, today=dt.date(2026, 3, 16))
    query = f"indicator=feedback_answered_on_time_rate&{PERIOD}"
    page = national_client.get(f"/national/?{query}").content.decode()
    export = b"".join(national_client.get(f"/national/export.csv?{query}").streaming_content)
    assert "Préfecture de la Haute-Savoie" in page
    assert "100,00 %" in page
    for text in (page, export.decode("utf-8-sig")):
        for personal in ("Vaudelle", "ernestine", "Accueil au guichet", feedback.reference):
            assert personal not in text


def test_organisation_names_are_escaped_in_the_ranking(national_client):
    (rogue,) = organisations('<script>alert("x")</script>')
    measure(rogue, "phone_answer_rate", JANUARY, 9, 10)
    content = national_client.get(f"/national/?indicator=phone_answer_rate&{PERIOD}").content
    assert b'<script>alert("x")' not in content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


def test_the_ranking_writes_numbers_the_french_way(national_client):
    (alpes,) = organisations("Alpes")
    measure(alpes, "phone_answer_rate", JANUARY, 1548, 1600)
    content = national_client.get(f"/national/?indicator=phone_answer_rate&{PERIOD}").content
    assert "1\u202f548" in content.decode()
    assert "1\u202f600" in content.decode()
