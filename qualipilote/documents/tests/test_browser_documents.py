"""Issue 13, item 1, in a real browser: the author submits a version of a procedure sheet, the
reviewer then the approver approve it (the author is refused as approver), an agent acknowledges
reading it, and the procedure guide's PDF downloads."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from qualipilote.common.browser import assert_accessible, log_in, screenshot_dir
from qualipilote.documents import services
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory

from .factories import PDF, sheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def _as(page, live_server, user):
    page.context.clear_cookies()
    log_in(page, live_server.url, user.username, PASSWORD)


def test_a_sheet_goes_through_its_workflow_is_read_and_the_guide_downloads(
    browser_page, live_server, organisation, tmp_path
):
    author = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    reviewer = MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user
    approver = MembershipFactory(organisation=organisation, role=Role.DIRECTOR).user
    unit = UnitFactory(organisation=organisation, code="bae", name="Bureau de l'accueil")
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT, unit=unit).user
    document = sheet(organisation, 21, theme_title="Accueil physique")
    document_url = f"{live_server.url}/pref-74/documents/{document.pk}/"
    upload = tmp_path / "fiche-21.pdf"
    upload.write_bytes(PDF)
    page = browser_page

    # The author (a quality lead, who may also approve) uploads and submits version 1.
    _as(page, live_server, author)
    page.goto(f"{live_server.url}/pref-74/documents/")
    page.get_by_role("link", name="Gestion des pics d'affluence").click()
    page.get_by_role("button", name="Déposer la version").click()
    expect(page.locator("#formulaire-version")).to_contain_text(
        "Une version de document doit avoir un fichier."
    )
    page.get_by_label("Fichier").set_input_files(str(upload))
    page.get_by_label("Modifications apportées").fill("Première version")
    page.get_by_role("button", name="Déposer la version").click()
    page.get_by_role("button", name="Soumettre à relecture").click()
    expect(page.locator("#version-1")).to_contain_text("En relecture")

    # The reviewer records the review.
    _as(page, live_server, reviewer)
    page.goto(document_url)
    page.get_by_role("button", name="Valider la relecture").click()
    expect(page.locator("#version-1")).to_contain_text(reviewer.get_full_name())

    # The author is refused as approver.
    _as(page, live_server, author)
    page.goto(document_url)
    page.get_by_role("button", name="Approuver la version").click()
    expect(page.locator("#formulaire-approbation")).to_contain_text(
        "Le rédacteur ne peut pas approuver sa propre version"
    )

    # The approver approves, naming the committee.
    _as(page, live_server, approver)
    page.goto(document_url)
    page.get_by_label("Instance qui a validé").select_option("steering")
    page.get_by_role("button", name="Approuver la version").click()
    expect(page.locator("#version-1")).to_contain_text("Approuvée")
    expect(page.locator("#version-1")).to_contain_text("Comité de pilotage qualité (COPIL)")

    # The agent finds it among what is left to read and acknowledges it.
    _as(page, live_server, agent)
    page.goto(f"{live_server.url}/pref-74/documents/a-lire/")
    expect(page.locator("#a-lire")).to_contain_text("Fiche 21")
    page.get_by_role("button", name="J'ai lu Gestion des pics d'affluence").click()
    expect(page.locator("#a-lire")).to_contain_text("tous les documents en vigueur")
    page.goto(document_url)
    expect(page.locator("#ma-lecture")).to_contain_text("Vous avez lu la version 1")
    expect(page.locator("#table-lecture caption")).to_contain_text("25 % (1/4)")
    expect(page.locator("#table-lecture tbody")).to_contain_text("Bureau de l'accueil")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "documents_sheet.png"), full_page=True
    )

    # The procedure guide and its PDF.
    page.goto(f"{live_server.url}/pref-74/documents/guide/")
    expect(page.locator("#theme-2")).to_contain_text("Accueil physique")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("#guide-pdf").click()
    reader = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Fiche 21 — Gestion des pics d'affluence" in text
    assert services.current_version(document).readings.count() == 1
