"""In a real browser: the quality lead prepares, previews and publishes the results; the public
then reads them on a phone-sized screen, without an account."""

import pytest

from qualipilote.common.browser import (
    assert_accessible,
    log_in,
    open_menu_link,
    screenshot_dir,
)
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

from .factories import something_to_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


def test_the_lead_publishes_and_the_public_reads_on_a_phone(
    browser_page, chromium, live_server, organisation
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    something_to_publish(organisation, lead)
    page = browser_page
    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/pref-74/")
    open_menu_link(page, "Voix des usagers", "Résultats publiés")
    page.get_by_role("link", name="Préparer une publication").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer et voir l'aperçu").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("ces chiffres sont figés").is_visible()
    assert page.locator("#published-indicators").get_by_text("90,00 %", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Publier…").click()
    page.get_by_role("button", name="Confirmer la publication").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Résultats publiés : la page publique les montre.").is_visible()

    # The public, on a phone, without an account (a fresh browser context: no session).
    context = chromium.new_context(locale="fr-FR", viewport=PHONE)
    public = context.new_page()
    try:
        public.goto(f"{live_server.url}/pref-74/resultats/")
        assert public.get_by_role(
            "heading", name="Nos résultats de qualité de service"
        ).is_visible()
        card = public.locator("#published-indicators li").first
        text = card.inner_text()
        # The status against the target is in words (the badge shows it in capitals).
        assert "90,00 %" in text and "objectif non atteint" in text.lower()
        assert (
            "sur 8 réponses exprimant un avis"
            in public.locator("#overall-satisfaction").inner_text()
        )
        assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        public.screenshot(
            caret="initial",
            path=str(screenshot_dir() / "public_results_on_a_phone.png"),
            full_page=True,
        )
        assert_accessible(public)
    finally:
        context.close()
