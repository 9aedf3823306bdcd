"""Indicator pages: every role reads them, only the roles with the ability write, and the
dashboard shows the seed's table (months as columns, result, target, status in words)."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from qualipilote.indicators.models import MonthClosure, MonthlyMeasurement
from qualipilote.organisations.enums import Role
from qualipilote.registers.tests.factories import UpdateRequestFactory

from .factories import MonthClosureFactory, MonthlyMeasurementFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    # Friday 15 March 2024, Europe/Paris.
    with time_machine.travel(dt.datetime(2024, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def url(name, org="pref-74", **kwargs):
    return reverse(f"indicators:{name}", kwargs={"org_code": org, **kwargs})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


READ_PAGES = ["dashboard", "catalogue", "figures", "months"]


# A cross auditor sees only the mystery-shopper campaigns entrusted to them (mystery tests).
@pytest.mark.parametrize("role", [role for role in Role if role != Role.CROSS_AUDITOR])
@pytest.mark.parametrize("page", READ_PAGES)
def test_every_role_reads_the_indicator_pages(member_client, catalogue, organisation, role, page):
    response = member_client(role).get(url(page))
    invalid = set(re.findall(r"INVALID_TEMPLATE_VARIABLE\(([^)]*)\)", response.content.decode()))
    assert response.status_code == 200
    # Only django-dsfr's own optional variables may be missing (as in the registers' pages).
    assert invalid <= {"request.csp_nonce", "field.field.widget.group_class"}


def test_the_dashboard_is_the_seeds_table_with_status_in_words(
    quality_lead_client, catalogue, organisation
):
    phone = catalogue["phone_answer_rate"]
    for month, (answered, received) in enumerate([(4699, 5090), (4616, 4937)], 1):
        MonthlyMeasurementFactory(
            organisation=organisation,
            indicator=phone,
            month=D(2024, month, 1),
            numerator=Decimal(answered),
            denominator=Decimal(received),
            source="imported",
        )
    UpdateRequestFactory(
        organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 9)
    )

    response = quality_lead_client.get(url("dashboard"), {"start": "2024-01", "end": "2024-02"})
    page = text_of(response)
    table = response.context["table"]

    assert [column.month for column in table.columns] == [D(2024, 1, 1), D(2024, 2, 1)]
    assert "Indicateurs de la Préfecture de la Haute-Savoie, de janvier 2024 à février 2024" in page
    assert [label for label, _rows in table.domains][:2] == [
        "Accueil téléphonique",
        "Site internet et réseaux sociaux",
    ]
    phone_row = page[page.index('id="row-phone_answer_rate"') :]
    phone_row = phone_row[: phone_row.index("</tr>")]
    assert "92,32 %" in phone_row and "93,50 %" in phone_row
    assert "92,90 %" in phone_row  # 9 315 / 10 027, a ratio of sums
    assert "> 90,00 %" in phone_row and "Atteint" in phone_row and "importé" in phone_row
    website_row = page[page.index('id="row-website_update_on_time_rate"') :]
    website_row = website_row[: website_row.index("</tr>")]
    assert (
        "0,00 %" in website_row
        and "Non atteint" in website_row
        and "fr-badge--error" in website_row
    )
    assert 'scope="col"' in page and 'scope="row"' in page and "<caption>" in page


def test_the_dashboard_filters_by_year_and_by_unit(quality_lead_client, catalogue, organisation):
    unit = organisation.units.create(code="base", name="Bureau des étrangers", kind="bureau")

    by_year = quality_lead_client.get(url("dashboard"), {"year": "2023"})
    by_unit = quality_lead_client.get(url("dashboard"), {"year": "2024", "unit": unit.pk})

    assert len(by_year.context["table"].columns) == 12
    assert by_year.context["table"].start == D(2023, 1, 1)
    assert [c.month for c in by_unit.context["table"].columns] == [D(2024, m, 1) for m in (1, 2, 3)]
    assert by_unit.context["table"].unit == unit
    assert "unité : Bureau des étrangers" in text_of(by_unit)


def test_a_period_ending_before_it_starts_is_refused_with_a_message(
    quality_lead_client, catalogue, organisation
):
    response = quality_lead_client.get(url("dashboard"), {"start": "2024-03", "end": "2024-01"})
    assert "Le mois de fin doit suivre le mois de début." in text_of(response)


def test_each_chart_is_an_svg_with_a_text_alternative(quality_lead_client, catalogue, organisation):
    MonthlyMeasurementFactory(
        organisation=organisation,
        indicator=catalogue["digital_point_visitors"],
        month=D(2024, 1, 1),
        numerator=Decimal(223),
        denominator=None,
    )
    page = text_of(quality_lead_client.get(url("dashboard")))

    monthly = [indicator for indicator in catalogue.values() if indicator.frequency == "monthly"]
    assert page.count('<svg class="qp-chart"') == len(monthly)
    assert 'role="img" aria-labelledby="chart-digital_point_visitors-title' in page
    assert (
        "Nombre d'usagers au point numérique, de janvier 2024 à mars 2024 : 1 mois avec des "
        "données sur 3, du plus bas 223 (janvier 2024) au plus haut 223 (janvier 2024)."
    ) in page
    assert 'cx="44.0"' in page  # coordinates are not written the French way


def test_the_dashboard_has_a_print_layout_and_export_links(
    quality_lead_client, catalogue, organisation
):
    page = text_of(quality_lead_client.get(url("dashboard"), {"year": "2024"}))

    assert "indicators/indicators.css" in page
    assert f'href="{url("export", fmt="xlsx")}?year=2024"' in page
    assert f'href="{url("export", fmt="csv")}?year=2024"' in page
    assert "data-qp-print" in page  # bound by common/static/common/qualipilote.js (no inline code)
    assert "common/qualipilote.js" in page


# --- Writes ---------------------------------------------------------------------------------


WRITES = [
    ("get", "enter_figure", {"code": "phone_answer_rate"}),
    ("post", "enter_figure", {"code": "phone_answer_rate"}),
    ("post", "import", {"slug": "telephonie"}),
    ("post", "refresh", {}),
    ("post", "close", {}),
    ("post", "reopen", {}),
]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DIRECTOR, Role.AUDITOR, Role.AGENT])
@pytest.mark.parametrize(("method", "name", "kwargs"), WRITES)
def test_roles_without_the_ability_cannot_write(
    member_client, catalogue, organisation, role, method, name, kwargs
):
    client = member_client(role)
    response = getattr(client, method)(url(name, **kwargs))
    assert response.status_code == 403


def test_a_correspondent_enters_figures_but_does_not_close_months(
    member_client, catalogue, organisation
):
    client = member_client(Role.QUALITY_CORRESPONDENT)
    assert client.get(url("enter_figure", code="phone_answer_rate")).status_code == 200
    assert client.post(url("close"), {"month": "2024-02"}).status_code == 403
    assert not MonthClosure.objects.exists()


def post_figure(client, code="phone_answer_rate", **data):
    form = {"period": "2024-02", "numerator": "920", "denominator": "1000", "source_detail": ""}
    form.update(data)
    return client.post(url("enter_figure", code=code), form)


def test_entering_a_figure_keeps_its_parts_and_its_source(
    quality_lead_client, catalogue, organisation
):
    response = post_figure(quality_lead_client, source_detail="Extraction du 01/03/2024")

    measurement = MonthlyMeasurement.objects.get()
    assert response.status_code == 302
    assert (measurement.numerator, measurement.denominator, measurement.value) == (920, 1000, 92)
    assert (measurement.source, measurement.source_detail) == (
        "entered",
        "Extraction du 01/03/2024",
    )
    assert measurement.entered_by == response.wsgi_request.user
    assert "Extraction du 01/03/2024" in text_of(quality_lead_client.get(url("figures")))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"denominator": "0"}, "Le dénominateur doit être supérieur à 0 (sinon : pas de données)."),
        ({"numerator": "1200"}, "Le numérateur ne peut pas dépasser le dénominateur."),
        ({"period": "2024-04"}, "Le mois ne peut pas être dans le futur."),
        (
            {"period": "avril"},
            "« avril » n'est pas un mois (attendu AAAA-MM, par exemple 2019-01).",
        ),
        ({"numerator": ""}, "Ce champ est obligatoire."),
    ],
)
def test_a_bad_figure_is_refused_with_a_french_message_next_to_its_field(
    quality_lead_client, catalogue, organisation, data, message
):
    response = post_figure(quality_lead_client, **data)

    assert response.status_code == 200
    assert message in text_of(response)
    assert not MonthlyMeasurement.objects.exists()


def test_a_figure_of_a_closed_month_is_refused(quality_lead_client, catalogue, organisation):
    MonthClosureFactory(organisation=organisation, month=D(2024, 2, 1))

    response = post_figure(quality_lead_client)

    assert (
        "Le mois de février 2024 est clôturé : rouvrez-le pour modifier ses chiffres."
        in text_of(response)
    )
    assert not MonthlyMeasurement.objects.exists()


def test_zero_is_a_figure_and_an_absent_month_is_no_data(
    quality_lead_client, catalogue, organisation
):
    post_figure(quality_lead_client, code="digital_point_visitors", numerator="0", period="2024-02")

    table = quality_lead_client.get(url("dashboard"), {"year": "2024"}).context["table"]
    row = next(r for r in table.rows if r.indicator.code == "digital_point_visitors")

    assert [cell.value for cell in row.cells] == [None, Decimal(0), None]
    assert row.result_value == 0


def test_a_computed_indicator_cannot_be_entered(quality_lead_client, catalogue, organisation):
    assert (
        quality_lead_client.get(url("enter_figure", code="email_answered_on_time_rate")).status_code
        == 404
    )


def test_the_form_takes_the_largest_figure_its_columns_hold(
    quality_lead_client, catalogue, organisation
):
    # The form copied 14 digits by hand where the columns keep 16.
    largest = "99999999999999.99"

    response = post_figure(quality_lead_client, numerator=largest, denominator=largest)

    assert response.status_code == 302
    assert MonthlyMeasurement.objects.get().value == 100


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        (
            "phone_answer_rate",
            {"numerator": "1e15", "denominator": "1e15"},
            "doit être inférieur à 100 000 000 000 000 en valeur absolue.",  # text_of folds spaces,
        ),
        (
            "digital_point_visitors",
            {"numerator": "5000000000000"},
            "Ce nombre doit être inférieur à 1 000 000 000 000 en valeur absolue.",
        ),
        ("phone_answer_rate", {"numerator": "NaN"}, "Saisissez un nombre."),
    ],
)
def test_a_figure_its_columns_cannot_hold_is_refused_next_to_its_field(
    quality_lead_client, catalogue, organisation, code, data, message
):
    response = post_figure(quality_lead_client, code=code, **data)

    assert response.status_code == 200
    assert message in text_of(response)
    assert not MonthlyMeasurement.objects.exists()
