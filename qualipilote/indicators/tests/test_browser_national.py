"""The national view in a real browser: a national reader compares every organisation on one
indicator over a chosen period; a quality lead who types its address is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from qualipilote.common.browser import log_in
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator
from qualipilote.indicators.tests.factories import MonthlyMeasurementFactory
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JANUARY, FEBRUARY, MARCH = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)


@pytest.fixture
def phone_figures():
    """Answered / received calls of four prefectures; March lies outside the period compared."""
    load_catalogue()
    phone = Indicator.objects.get(code="phone_answer_rate")  # target: > 90 %
    alpes, bretagne, corse, _drome = (
        OrganisationFactory(code=code, name=name, departement=departement)
        for code, name, departement in (
            ("pref-05", "Préfecture des Hautes-Alpes", "05"),
            ("pref-35", "Préfecture d'Ille-et-Vilaine", "35"),
            ("pref-2a", "Préfecture de Corse-du-Sud", "2A"),
            ("pref-26", "Préfecture de la Drôme", "26"),  # no figure: last, unranked
        )
    )
    for organisation, month, answered, received in (
        (alpes, JANUARY, 950, 1000),
        (bretagne, JANUARY, 700, 1000),
        (bretagne, FEBRUARY, 900, 1000),
        (bretagne, MARCH, 1000, 1000),
        (corse, JANUARY, 490, 500),
        (corse, FEBRUARY, 495, 500),
    ):
        MonthlyMeasurementFactory(
            organisation=organisation,
            indicator=phone,
            month=month,
            numerator=Decimal(answered),
            denominator=Decimal(received),
        )


def test_national_reader_ranks_the_organisations_on_the_call_answer_rate(
    browser_page, live_server, phone_figures
):
    reader = UserFactory(is_national_reader=True)
    page = browser_page

    log_in(page, live_server.url, reader.username, "mot-de-passe-de-test")
    page.get_by_role("banner").get_by_role("link", name="Vue nationale").click()
    expect(page.get_by_role("heading", name="Vue nationale", level=1)).to_be_visible()
    page.get_by_label("Indicateur", exact=True).select_option(label="Taux d'appels aboutis général")
    page.get_by_label("Du mois").fill("2025-01")
    page.get_by_label("Au mois").fill("2025-02")
    page.get_by_role("button", name="Comparer").click()

    expect(
        page.get_by_role(
            "heading", name="Taux d'appels aboutis général — de janvier 2025 à février 2025"
        )
    ).to_be_visible()
    expect(page.locator("#national-counts").get_by_role("paragraph")).to_have_text(
        [
            "4", "organisations comparées",
            "2", "atteignent l'objectif",
            "1", "ne l'atteint pas",
            "1", "sans données sur la période",
        ]
    )  # fmt: skip

    ranking = page.get_by_role("table", name="Classement des organisations")
    rows = ranking.locator("tbody tr")
    expect(rows.get_by_role("rowheader")).to_have_text(
        [
            "Préfecture de Corse-du-Sud pref-2a",  # (490 + 495) / 1000 = 98.5 %
            "Préfecture des Hautes-Alpes pref-05",  # 95 %
            "Préfecture d'Ille-et-Vilaine pref-35",  # (700 + 900) / 2000 = 80 %, March left out
            "Préfecture de la Drôme pref-26",
        ]
    )
    first = rows.nth(0).get_by_role("cell")
    expect(first.nth(0)).to_have_text("1")
    expect(first.nth(3)).to_have_text("98,50 %")
    expect(rows.nth(2)).to_contain_text("80,00 %")
    expect(rows.nth(2)).to_contain_text("Non atteint")
    expect(rows.nth(3)).to_contain_text("Pas de données")


def test_a_quality_lead_who_types_the_national_address_is_refused(
    browser_page, live_server, organisation, phone_figures
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    page = browser_page

    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    expect(page.get_by_role("banner").get_by_role("link", name="Vue nationale")).to_have_count(0)
    response = page.goto(f"{live_server.url}/national/?indicator=phone_answer_rate")

    assert response.status == 403
    expect(page.get_by_role("heading", name="Accès refusé", level=1)).to_be_visible()
    expect(page.get_by_text("Cette page est réservée au rôle national.")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Préfecture de Corse-du-Sud")
