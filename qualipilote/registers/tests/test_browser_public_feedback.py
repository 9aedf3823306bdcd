"""A citizen leaves a complaint on the public page in a real browser; the quality lead reads it,
escaped, in the register; the rate limit answers in French."""

import re

import pytest
from django.core.cache import cache

from qualipilote.common.browser import log_in
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<script>alert(1)</script> Le guichet était fermé à 14 h."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def fill_and_send(page, base_url, text):
    page.goto(f"{base_url}/pref-74/avis/")
    # DSFR draws the radio on its label, which takes the click as it does for a person.
    page.get_by_text("Réclamation", exact=True).click()
    assert page.get_by_label("Réclamation").is_checked()
    page.locator("#id_concerned").select_option(label="Bureau des étrangers")
    page.locator("#id_description").fill(text)
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state("networkidle")


def test_citizen_complaint_reaches_the_register_as_text(browser_page, live_server, organisation):
    UnitFactory(organisation=organisation, code="bae", name="Bureau des étrangers")
    dialogs = []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    fill_and_send(browser_page, live_server.url, PAYLOAD)
    reference = browser_page.locator("#feedback-reference").inner_text()
    assert re.fullmatch(r"AV-74-\d{4}-00001", reference)

    browser_page.context.clear_cookies()
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    log_in(browser_page, live_server.url, lead.username, "mot-de-passe-de-test")
    browser_page.goto(f"{live_server.url}/pref-74/registres/reclamations-suggestions/")
    browser_page.get_by_role("link", name=reference).click()
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.get_by_text("<script>alert(1)</script> Le guichet était fermé").is_visible()
    assert dialogs == []


def test_rate_limit_shows_the_french_message(browser_page, live_server, organisation, settings):
    settings.PUBLIC_FEEDBACK_RATE_LIMIT = 2
    UnitFactory(organisation=organisation, code="bae", name="Bureau des étrangers")
    for number in range(2):
        fill_and_send(browser_page, live_server.url, f"Message {number}")
        assert browser_page.locator("#feedback-reference").is_visible()
    fill_and_send(browser_page, live_server.url, "Un message de trop")
    alert = browser_page.locator("#rate-limit")
    assert alert.is_visible()
    assert "Trop d'envois depuis votre connexion" in alert.inner_text()


def test_a_citizen_corrects_the_form_from_the_focused_summary_and_reads_what_happens_next(
    browser_page, live_server, organisation
):
    from playwright.sync_api import expect

    from qualipilote.common.browser import assert_accessible, screenshot_dir

    page = browser_page
    page.goto(f"{live_server.url}/pref-74/avis/")
    page.get_by_label("Adresse électronique").fill("lea.martin@example.org")
    page.get_by_role("button", name="Envoyer").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Votre message")
    assert_accessible(page)
    page.screenshot(
        caret="initial",
        path=str(screenshot_dir() / "public_feedback_error_summary.png"),
        full_page=True,
    )

    summary.get_by_role("link", name=re.compile("^Votre message :")).click()
    expect(page.locator("#id_description")).to_be_focused()
    page.locator("#id_description").fill("Le guichet était fermé à 14 h.")
    page.get_by_text("Réclamation", exact=True).click()
    page.locator("label[for=id_consent]").click()  # DSFR draws the box on its label
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="Et maintenant ?")).to_be_visible()
    expect(page.locator("#answer-deadline")).to_contain_text("jours ouvrés")
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "public_feedback_thanks.png"), full_page=True
    )
