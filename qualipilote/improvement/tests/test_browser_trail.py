"""In a real browser: the quality lead opens an action's history and a person's changes (item 6);
a self-assessment started from the previous one shows what changed since (item 2)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from qualipilote.assessments import services as assessment_services
from qualipilote.assessments.tests.factories import LinkEvidenceFactory
from qualipilote.common.browser import assert_accessible, log_in, screenshot_dir
from qualipilote.improvement import services
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def test_the_lead_reads_a_records_history_and_a_persons_changes(
    browser_page, live_server, organisation
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    correspondent = MembershipFactory(
        organisation=organisation, role=Role.QUALITY_CORRESPONDENT
    ).user
    action = services.create_action(
        organisation,
        user=correspondent,
        title="Afficher les horaires d'été",
        kind="corrective",
        source="complaint",
        owner=correspondent,
        due_on=dt.date.today() + dt.timedelta(days=30),
    )
    services.set_status(action, "in_progress", user=correspondent)
    services.update_action(action, user=correspondent, title="Afficher les horaires d'été en ligne")

    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/plan-d-actions/{action.pk}/")
    page.get_by_role("link", name="Historique complet, champ par champ").click()
    table = page.locator("#historique")
    expect(table).to_contain_text("Intitulé")
    expect(table).to_contain_text("Afficher les horaires d'été en ligne")
    expect(table).to_contain_text("Prévue")
    expect(table).to_contain_text("En cours")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "trail_record.png"), full_page=True
    )

    page.get_by_role("link", name=str(correspondent)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(correspondent))
    expect(page.locator("#compte")).to_contain_text("3 modifications")
    page.get_by_label("Type de fiche").select_option(label="Action")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#modifications")).to_contain_text(action.reference)
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "trail_person.png"), full_page=True
    )


def test_a_self_assessment_started_from_the_previous_one_highlights_changes(
    browser_page, live_server, organisation, scope, framework
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    c = framework.commitments
    first = assessment_services.record_self_assessment(
        organisation, c[1], status="met", comment="Horaires affichés.", user=lead
    )
    LinkEvidenceFactory(assessment=first, title="Page des horaires")
    assessment_services.record_self_assessment(
        organisation, c[2], status="partly_met", comment="Charte à signer.", user=lead
    )

    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/auto-diagnostic/")
    page.get_by_role(
        "button", name="Commencer un nouvel auto-diagnostic à partir du précédent"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce qui a changé depuis la reprise")
    expect(page.locator(".fr-text--lead")).to_contain_text("2 réponses encore reprises")

    page.goto(f"{live_server.url}/pref-74/auto-diagnostic/engagements/{c[2].pk}/")
    expect(page.get_by_text("Reprise", exact=True).first).to_be_visible()
    assessment_services.record_self_assessment(
        organisation, c[2], status="met", comment="Charte signée.", user=lead
    )
    page.goto(f"{live_server.url}/pref-74/auto-diagnostic/depuis-la-reprise/")
    edited = page.locator("#reponses-modifiees + .fr-table")
    expect(edited).to_contain_text("Partiellement atteint")
    expect(edited).to_contain_text("Charte signée.")
    expect(page.locator("mark").first).to_be_visible()
    expect(page.locator(".fr-text--lead")).to_contain_text("1 réponse encore reprise")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "assessment_baseline.png"), full_page=True
    )
