"""Issue 13, item 2, in a real browser: the quality lead opens Formation from the menu, pairs a
newcomer with a tutor (choosing the newcomer as their own tutor first gets a French message),
and reads the share of newcomers with a tutor with the counts behind it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.common.browser import assert_accessible, log_in, open_menu_link, screenshot_dir
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UnitFactory

from .factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def test_the_quality_lead_pairs_a_newcomer_with_a_tutor(browser_page, live_server, organisation):
    today = timezone.localdate()
    unit = UnitFactory(organisation=organisation, code="accueil", name="Accueil général")
    lead = member(organisation, role=Role.QUALITY_LEAD)
    tutor = member(organisation, unit=unit, arrived=dt.date(2015, 9, 1))
    newcomer = member(organisation, unit=unit, arrived=today.replace(day=1))
    tutor.user.first_name, tutor.user.last_name = "Julien", "Bernard"
    tutor.user.save()
    newcomer.user.first_name, newcomer.user.last_name = "Léa", "Fontaine"
    newcomer.user.save()
    page = browser_page
    log_in(page, live_server.url, lead.user.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/")
    open_menu_link(page, "Ressources", "Formation")
    expect(page.locator("#total")).to_contain_text("0 / 1")

    page.get_by_role("link", name="Nouveau binôme de tutorat").click()
    page.get_by_label("Le tuteur ou la tutrice").select_option(str(newcomer.pk))
    page.get_by_label("Le nouvel arrivant").select_option(str(newcomer.pk))
    page.get_by_label("Début").fill(today.replace(day=1).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#formulaire")).to_contain_text("propre tuteur")

    page.get_by_label("Le tuteur ou la tutrice").select_option(str(tutor.pk))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#binomes")).to_contain_text("Léa Fontaine")
    expect(page.locator("#total")).to_contain_text("1 / 1")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "training_index.png"), full_page=True
    )
