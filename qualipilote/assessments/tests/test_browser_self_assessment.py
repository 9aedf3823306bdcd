"""Issue 2, item 10: the quality lead records a self-assessment with an uploaded file in a real
browser and sees the module's progress change."""

import pytest
from playwright.sync_api import expect

from qualipilote.assessments.models import SelfAssessment
from qualipilote.common.browser import assert_accessible, log_in, screenshot_dir
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

from .factories import PDF_BYTES, labelled_framework

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quality_lead_assesses_a_commitment_with_a_file_and_sees_the_module_progress(
    browser_page, live_server, organisation, tmp_path
):
    framework = labelled_framework()
    set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[7]],
    )
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    charter = tmp_path / "charte-usager.pdf"
    charter.write_bytes(PDF_BYTES)
    page = browser_page

    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/pref-74/auto-diagnostic/")
    module_row = page.locator("#avancement-modules tr[data-module='1']")
    expect(module_row).to_contain_text("0 %")
    module_row.get_by_role("link").click()
    expect(page.locator("#avancement-module")).to_contain_text("0 % évalués — 0 engagement sur 4")

    page.get_by_role("link", name="Engagement n° 1").click()
    form = page.locator("#formulaire-appreciation")
    form.get_by_text("Atteint", exact=True).click()  # DSFR radios are clicked by their label
    expect(form.get_by_label("Atteint", exact=True)).to_be_checked()
    page.get_by_label("Commentaire").fill(
        "Horaires publiés sur le site et affichés dans les halls."
    )
    page.get_by_label("Joindre un fichier de preuve").set_input_files(str(charter))
    page.get_by_role("button", name="Enregistrer l'auto-diagnostic").click()

    expect(page.get_by_text("Auto-diagnostic de l'engagement 1 enregistré.")).to_be_visible()
    expect(page.locator("#appreciation-actuelle")).to_contain_text("Atteint")
    expect(page.get_by_role("link", name="charte-usager.pdf")).to_be_visible()

    page.get_by_role("link", name="Module 1", exact=True).click()
    expect(page.locator("#avancement-module")).to_contain_text("25 % évalués — 1 engagement sur 4")
    assessment = SelfAssessment.objects.get()
    assert (assessment.status, assessment.assessed_by) == ("met", lead)
    assert assessment.evidence.get().filename == "charte-usager.pdf"

    # Once assessed, the page offers one upload (the evidence forms), not two; the reason
    # required only for « non applicable » is not marked optional.
    page.get_by_role("link", name="Engagement n° 1").click()
    expect(page.locator('input[type="file"]')).to_have_count(1)
    expect(
        page.get_by_text("Sauf mention contraire, tous les champs sont obligatoires.").first
    ).to_be_visible()
    expect(page.locator("label[for=id_not_applicable_reason]")).not_to_contain_text("facultatif")
    expect(page.locator("label[for=id_comment]")).to_contain_text("Commentaire (facultatif)")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "assessment_one_upload.png"), full_page=True
    )
