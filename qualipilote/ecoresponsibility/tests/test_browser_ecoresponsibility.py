"""Issue 13, item 3, in a real browser: the quality lead opens Éco-responsabilité from the menu,
records a BEGES of nearly three years ago and sees the reminder with the next due date, then
enters a yearly figure (out of bounds first: a French message)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.common.browser import assert_accessible, log_in, open_menu_link, screenshot_dir
from qualipilote.ecoresponsibility.services import add_months, add_years
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def test_the_quality_lead_records_a_beges_and_a_yearly_figure(
    browser_page, live_server, organisation
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    today = timezone.localdate()
    reported_on = add_months(add_years(today, -3), 2)
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/")
    open_menu_link(page, "Ressources", "Éco-responsabilité")

    page.get_by_role("link", name="Nouveau BEGES").click()
    page.get_by_label("Date du bilan").fill(reported_on.isoformat())
    page.get_by_label("Émissions (t CO₂e)").fill("1862.4")
    page.get_by_role("button", name="Enregistrer").click()
    due = add_years(reported_on, 3)
    expect(page.locator("#prochain-beges")).to_contain_text(due.strftime("%d/%m/%Y"))
    expect(page.locator("#rappel-beges")).to_contain_text("BEGES à renouveler")

    page.get_by_role("link", name="Saisir une donnée annuelle").click()
    page.get_by_label("Année").fill(str(today.year - 1))
    page.get_by_label("Indicateur").select_option("recycled_share")
    page.get_by_label("Valeur").fill("140")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#formulaire")).to_contain_text("maximum de 100 %")
    page.get_by_label("Valeur").fill("44")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#liste-donnees")).to_contain_text("Part des déchets triés et recyclés")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "ecoresponsibility_index.png"), full_page=True
    )
