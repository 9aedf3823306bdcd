"""An agent's day in a real browser: the work queue on the home page leads to their overdue
records; a complaint found by its reference; records assigned in bulk (htmx, no reload)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.common.browser import log_in, screenshot_dir
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory
from qualipilote.registers.models import Correspondence

from .factories import CorrespondenceFactory, FeedbackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def long_ago():
    return timezone.localdate() - dt.timedelta(days=60)


def test_an_agents_work_queue_links_to_their_overdue_records(
    browser_page, live_server, organisation
):
    unit = UnitFactory(organisation=organisation, code="bae", name="Bureau de l'accueil")
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT, unit=unit).user
    CorrespondenceFactory(
        organisation=organisation, received_on=long_ago(), topic="Carte grise", assigned_to=agent
    )
    CorrespondenceFactory(
        organisation=organisation,
        received_on=long_ago(),
        topic="Naturalisation",
        assigned_unit=unit,
    )
    CorrespondenceFactory(organisation=organisation, received_on=long_ago(), topic="Autre dossier")
    page = browser_page
    log_in(page, live_server.url, agent.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/")

    queue = page.locator("#work-queue")
    page.screenshot(
        caret="initial",
        path=str(screenshot_dir() / "work_queue_home_of_an_agent.png"),
        full_page=True,
    )
    link = queue.get_by_role("link", name="2 — Courriers et courriels : en retard")
    link.click()
    page.wait_for_load_state("networkidle")

    rows = page.locator("#register-list tbody tr")
    assert rows.count() == 2
    text = page.locator("#register-list").inner_text()
    assert "Carte grise" in text and "Naturalisation" in text and "Autre dossier" not in text
    assert page.locator("select[name=assignee]").first.input_value() == "moi"


def test_a_complaint_is_found_by_its_reference(browser_page, live_server, organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    wanted = FeedbackFactory(organisation=organisation, theme="Délai de délivrance")
    for _ in range(3):
        FeedbackFactory(organisation=organisation, theme="Accueil")
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/registres/reclamations-suggestions/")
    assert page.locator("#register-list tbody tr").count() == 4

    page.get_by_role("searchbox", name="Rechercher").fill(wanted.reference)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#register-list tbody tr")).to_have_count(1)
    assert wanted.reference in page.locator("#register-list tbody").inner_text()
    assert f"q={wanted.reference}" in page.url  # the address can be shared or bookmarked


def test_records_are_assigned_in_bulk_without_a_reload(browser_page, live_server, organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    records = [
        CorrespondenceFactory(
            organisation=organisation, received_on=long_ago(), topic=f"Dossier {n}"
        )
        for n in range(3)
    ]
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/registres/courriers-courriels/")
    page.evaluate("window.noReload = true")

    for record in records[:2]:
        page.locator(f"#select-{record.pk}").check(force=True)
    page.get_by_label("Action sur la sélection").select_option("assign")
    page.locator("#bulk-form select[name=assignee]").select_option(f"personne-{agent.pk}")
    page.get_by_role("button", name="Appliquer aux dossiers cochés").click()
    page.wait_for_selector("#bulk-notice")

    assert "2 dossiers attribués" in page.locator("#bulk-notice").inner_text()
    assert page.evaluate("window.noReload") is True  # htmx swapped the list in place
    assert Correspondence.objects.filter(assigned_to=agent).count() == 2
    assert page.locator("#register-list tbody").inner_text().count(str(agent)) == 2
