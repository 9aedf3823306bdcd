"""With task consumers (production), an import runs in the background: the page that started it
shows its progress and moves to the register by itself when the import is done."""

import pytest
from playwright.sync_api import expect

from qualipilote.common.browser import log_in, screenshot_dir
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers import import_jobs
from qualipilote.registers.models import Correspondence, ImportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_import_page_follows_a_background_import_until_the_register(
    browser_page, live_server, organisation, tmp_path, monkeypatch
):
    queued = []
    monkeypatch.setattr(import_jobs, "run_import_job", queued.append)  # a consumer will run it
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    page = browser_page
    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/{organisation.code}/registres/correspondence/importer/")
    csv = tmp_path / "courriels-mars.csv"
    csv.write_text("recu_le;canal\n" + "02/03/2026;courriel\n" * 40, encoding="utf-8")
    page.get_by_label("Fichier à importer").set_input_files(str(csv))
    page.get_by_role("button", name="Importer", exact=True).click()

    expect(
        page.get_by_role("heading", name="Import en cours : Courriers et courriels")
    ).to_be_visible()
    expect(page.get_by_text("courriels-mars.csv")).to_be_visible()
    expect(page.get_by_text("en attente")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Avancement de l'import")).to_be_visible()
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "import_progress_waiting.png"), full_page=True
    )
    [job_id] = queued
    assert not Correspondence.objects.exists()

    # The consumer runs the task: the page, polling every second, moves to the register.
    import_jobs.execute_import_job(job_id)
    assert ImportJob.objects.get(pk=job_id).status == "done"
    expect(page.get_by_text("40 enregistrements importés.")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", name="Courriers et courriels", level=1)).to_be_visible()
