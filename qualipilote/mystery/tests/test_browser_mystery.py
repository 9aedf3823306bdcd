"""Issue 10, item 4, in a real browser: the quality lead creates an e-mail mystery-shopper
campaign, records test contacts, reads the results and turns a weak criterion into an action of
the action plan."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.common.browser import assert_accessible, log_in, open_menu_link, screenshot_dir
from qualipilote.improvement.models import Action
from qualipilote.mystery.models import Campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def _score(page, label: str, choice: str) -> None:
    group = page.get_by_role("group", name=re.compile("^" + re.escape(label)))
    group.get_by_text(choice, exact=True).click()


def test_the_lead_runs_an_email_campaign_and_turns_a_weak_criterion_into_an_action(
    browser_page, live_server, organisation, lead
):
    today = timezone.localdate()
    sent = today - dt.timedelta(days=10)
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    open_menu_link(page, "Voix des usagers", "Enquêtes mystère")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquêtes mystère")
    assert_accessible(page)

    page.get_by_role("link", name="Nouvelle enquête mystère").click()
    page.get_by_label("Intitulé").fill("Courriels de l'accueil général")
    page.get_by_label("Canal testé").select_option(label="Courriel")
    page.get_by_label("Début").fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_label("Fin").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Réalisée par").select_option(label="L'organisation elle-même")
    assert_accessible(page)
    page.get_by_role("button", name="Créer l'enquête").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courriels de l'accueil général")
    expect(page.locator("#grille")).to_be_visible()

    # First test: acknowledged and answered two days later.
    page.get_by_role("link", name="Saisir un test").click()
    page.get_by_label("Date d'envoi ou d'appel").fill(sent.isoformat())
    page.get_by_label("Heure d'envoi ou d'appel").fill("09:30")
    page.get_by_label("Réponse reçue le").fill((sent + dt.timedelta(days=2)).isoformat())
    page.get_by_label("Objet de la demande").fill("Horaires d'ouverture")
    _score(page, "Accusé de réception reçu", "Oui")
    _score(page, "Signature conforme", "Oui")
    _score(page, "Réponse complète et claire", "Oui")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer et saisir le suivant").click()
    page.wait_for_load_state("networkidle")

    # Second test: no acknowledgement, no answer (the answer's criteria are not applicable).
    page.get_by_label("Date d'envoi ou d'appel").fill(sent.isoformat())
    page.get_by_label("Heure d'envoi ou d'appel").fill("14:30")
    page.get_by_label("Objet de la demande").fill("Liste des pièces")
    _score(page, "Accusé de réception reçu", "Non")
    page.get_by_role("button", name="Enregistrer le test").click()
    page.wait_for_load_state("networkidle")

    results = page.locator("#resultats-criteres")
    ack = results.get_by_role("row", name=re.compile("^Accusé de réception reçu"))
    expect(ack).to_contain_text("50 %")
    expect(ack).to_contain_text("Point faible")
    expect(results.get_by_role("row", name=re.compile("^Signature conforme"))).to_contain_text(
        "100 %"
    )
    expect(page.locator("#liste-tests")).to_contain_text("Liste des pièces")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "mystery_results.png"), full_page=True
    )

    page.get_by_role("button", name="Créer une action pour « Accusé de réception reçu »").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text(re.compile(r"Action PA-74-\d{4}-\d{5} créée"))).to_be_visible()
    action = Action.objects.get()
    assert action.source == "mystery_shopper"
    campaign = Campaign.objects.get()
    assert campaign.criteria.get(code="accuse_reception").action == action
    assert_accessible(page)
