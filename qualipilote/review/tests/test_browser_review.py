"""Issue 13, item 4, in a real browser: the quality lead creates the year's review, writes the
foreword, generates it, waits for the progress to finish and downloads the PDF."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from qualipilote.common.browser import assert_accessible, log_in, screenshot_dir
from qualipilote.registers.tests.factories import FeedbackFactory

from .helpers import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def test_the_quality_lead_generates_the_review_and_downloads_the_pdf(
    browser_page, live_server, organisation, lead
):
    for theme in ("Accueil", "Accueil", "Site internet"):
        FeedbackFactory(organisation=organisation, received_on=dt.date(2024, 3, 4), theme=theme)
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/bilan-annuel/")
    page.get_by_label("Année du bilan").fill("2024")
    page.get_by_role("button", name="Créer le bilan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bilan annuel de la qualité 2024")
    page.get_by_label("Avant-propos").fill("Une année de progrès <b>partagés</b>.")
    page.get_by_label("Conclusion").fill("Merci aux agents.")
    assert_accessible(page)
    # Tasks run at once in tests: the click waits for the generation (slow on a busy machine).
    page.get_by_role("button", name="Enregistrer et générer le bilan (PDF et DOCX)").click(
        timeout=180_000
    )
    expect(page.locator("#generation-progress")).to_contain_text("terminé", timeout=180_000)
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "annual_review.png"), full_page=True
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = download_info.value
    assert download.suggested_filename == "bilan-qualite-pref-74-2024.pdf"
    with open(download.path(), "rb") as stored:
        text = pdf_text(stored.read())
    assert "Une année de progrès <b>partagés</b>." in text
    assert "3 réclamations" in text and "Accueil 2 0" in text
