"""Issue 11, item 5, in a real browser: the quality lead opens the milestones calendar, sees an
audit and a survey wave in their months, types a committee presentation (a bad date first gets
a French message), and creates the address of the iCalendar feed."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.common.browser import log_in, open_menu_link, screenshot_dir
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.surveys.tests.factories import make_survey

from .factories import AuditFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def test_the_quality_lead_reads_the_calendar_types_a_milestone_and_subscribes(
    browser_page, live_server, organisation, framework
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    today = timezone.localdate()
    audit = AuditFactory(
        organisation=organisation,
        version=framework.version,
        kind="internal",
        starts_on=today + dt.timedelta(days=40),
        ends_on=today + dt.timedelta(days=41),
    )
    wave = make_survey(
        organisation,
        title="Enquête d'octobre",
        opens_on=today + dt.timedelta(days=70),
        closes_on=today + dt.timedelta(days=100),
    )
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/")
    open_menu_link(page, "Pilotage", "Jalons")

    expect(page.locator(f"#audit-{audit.pk}")).to_contain_text("Audit interne")
    expect(page.locator(f"#enquete-{wave.pk}")).to_contain_text("Enquête d'octobre")

    page.get_by_label("Intitulé").fill("Bilan au COPIL")
    page.get_by_label("Date").fill("2099-01-20")
    page.get_by_role("button", name="Ajouter le jalon").click()
    expect(page.locator("#formulaire-jalon")).to_contain_text("La date doit se situer entre")

    copil_on = today + dt.timedelta(days=20)
    page.get_by_label("Intitulé").fill("Bilan au COPIL")
    page.get_by_label("Date").fill(copil_on.isoformat())
    page.get_by_label("Nature").select_option("committee")
    page.get_by_role("button", name="Ajouter le jalon").click()
    expect(page.locator("#jalons")).to_contain_text("Bilan au COPIL")

    page.get_by_role("button", name="Créer l'adresse du flux").click()
    expect(page.locator("#adresse-flux")).to_contain_text("/pref-74/jalons/flux/")
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "milestones_calendar.png"), full_page=True
    )

    feed_url = page.locator("#adresse-flux code").inner_text()
    response = page.request.get(feed_url)
    assert response.status == 200
    assert "SUMMARY:Présentation en comité : Bilan au COPIL" in response.text()
