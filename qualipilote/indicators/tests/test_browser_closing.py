"""Entering and closing a month in a real browser: the quality lead enters February's telephony
figure, closes February, sees it closed on the dashboard, is refused a new figure for the closed
month, then reopens it with a reason."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import expect

from qualipilote.common.browser import log_in, open_menu_link
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator, MonthClosure, MonthlyMeasurement
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEBRUARY = dt.date(2025, 2, 1)
CLOSED_REFUSAL = "Le mois de février 2025 est clôturé : rouvrez-le pour modifier ses chiffres."


@pytest.fixture
def march_2025():
    """Monday 10 March 2025 in Paris, for the server and the test (the clock keeps ticking so
    the browser's waits behave). Cookies carry a Max-Age, so the browser keeps them."""
    with time_machine.travel(dt.datetime(2025, 3, 10, 8, 30, tzinfo=dt.UTC), tick=True):
        yield


def enter_phone_figure(page, month: str, answered: str, received: str) -> None:
    page.get_by_role("link", name="Chiffres saisis et imports").click()
    page.get_by_role("link", name="Taux d'appels aboutis général").click()
    page.get_by_label("Mois", exact=True).fill(month)
    page.get_by_label("Appels aboutis").fill(answered)
    page.get_by_label("Appels reçus").fill(received)
    page.get_by_role("button", name="Enregistrer le chiffre").click()


def phone_figure():
    return MonthlyMeasurement.objects.organisation_level().get(
        indicator__code="phone_answer_rate", month=FEBRUARY
    )


def test_quality_lead_enters_closes_is_refused_then_reopens_a_month(
    browser_page, live_server, organisation, march_2025
):
    load_catalogue()
    lead = MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_LEAD,
        user=UserFactory(first_name="Sophie", last_name="Durand"),
    ).user
    page = browser_page
    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    open_menu_link(page, "Pilotage", "Indicateurs")

    enter_phone_figure(page, "2025-02", "930", "1000")
    expect(
        page.get_by_text("Chiffre de février 2025 enregistré : Taux d'appels aboutis général.")
    ).to_be_visible()
    recent = page.get_by_role("table", name="Derniers chiffres saisis ou importés")
    expect(recent.get_by_role("row").nth(1)).to_contain_text("93,00 %")
    figure = phone_figure()
    assert (figure.numerator, figure.denominator, figure.entered_by) == (
        Decimal(930),
        Decimal(1000),
        lead,
    )

    page.get_by_role("link", name="Clôture des mois").click()
    page.get_by_label("Mois à clôturer").select_option(label="février 2025")
    page.get_by_role("button", name="Clôturer ce mois").click()
    without_figure = Indicator.objects.active().entered().count() - 1
    expect(
        page.get_by_text(
            f"Mois de février 2025 clôturé ({without_figure} indicateur(s) sans chiffre)."
        )
    ).to_be_visible()
    expect(page.locator("#mois-2025-02")).to_contain_text("Clôturé")
    expect(page.locator("#mois-2025-02")).to_contain_text("par Sophie Durand")

    page.get_by_role("link", name="Tableau des indicateurs").click()
    table = page.get_by_role("table", name="Indicateurs de la Préfecture de la Haute-Savoie")
    expect(table.get_by_role("columnheader", name="févr. 2025 clôturé")).to_be_visible()
    expect(table.get_by_role("columnheader", name="janv. 2025", exact=True)).to_be_visible()
    phone_row = table.locator("#row-phone_answer_rate")
    expect(phone_row.get_by_role("cell").nth(1)).to_contain_text("93,00 %")

    enter_phone_figure(page, "2025-02", "950", "1000")
    month_input = page.get_by_label("Mois", exact=True)
    expect(month_input).to_have_accessible_description(CLOSED_REFUSAL)  # tied to the field
    expect(page.get_by_text(CLOSED_REFUSAL)).to_be_visible()
    assert phone_figure().numerator == Decimal(930)  # the frozen figure is untouched

    page.get_by_role("link", name="Clôture des mois").click()
    reopen = page.get_by_role("form", name="Rouvrir février 2025")
    reopen.get_by_label("Motif de la réouverture").fill(
        "Appels du 28 février absents de l'extraction de l'autocommutateur."
    )
    reopen.get_by_role("button", name="Rouvrir février 2025").click()
    expect(page.get_by_text("Mois de février 2025 rouvert.")).to_be_visible()
    expect(page.locator("#mois-2025-02")).to_contain_text("Ouvert")
    history = page.get_by_role("table", name="Clôtures et réouvertures")
    expect(history.get_by_role("row").nth(1)).to_contain_text(
        "Appels du 28 février absents de l'extraction de l'autocommutateur."
    )
    closure = MonthClosure.objects.get(organisation=organisation, month=FEBRUARY)
    assert (closure.closed_by, closure.reopened_by) == (lead, lead)
    assert closure.reopen_reason.startswith("Appels du 28 février")
    assert not MonthClosure.objects.in_force().exists()
