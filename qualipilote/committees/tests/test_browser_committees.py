"""Issue 11, item 4, in a real browser: the quality lead opens the steering committee's next
meeting, finds in the draft agenda an indicator off target and an overdue action, removes an
item, adds one and saves the agenda; after the meeting, a decision without a responsible person
is refused in French, then recorded with one and becomes an action of the plan."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.committees import services
from qualipilote.committees.models import AgendaItem, Decision
from qualipilote.common.browser import assert_accessible, log_in, open_menu_link, screenshot_dir
from qualipilote.improvement.models import Action
from qualipilote.improvement.tests.factories import ActionFactory
from qualipilote.indicators.periods import add_months, month_of
from qualipilote.indicators.tests.factories import (
    IndicatorFactory,
    MonthClosureFactory,
    MonthlyMeasurementFactory,
)
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def test_the_lead_saves_the_copil_draft_agenda_and_records_a_decision(
    browser_page, live_server, organisation
):
    today = timezone.localdate()
    lead = MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_LEAD,
        user__first_name="Florence",
        user__last_name="Gouache",
    ).user
    correspondent = MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_CORRESPONDENT,
        user__first_name="Julien",
        user__last_name="Perrin",
    ).user
    last_month = add_months(month_of(today), -1)
    phone = IndicatorFactory(
        label="Taux de décroché téléphonique", target_operator=">=", target_value=85
    )
    MonthlyMeasurementFactory(
        organisation=organisation,
        indicator=phone,
        month=last_month,
        numerator=Decimal(72),
        denominator=Decimal(100),
    )
    MonthClosureFactory(organisation=organisation, month=last_month)
    late = ActionFactory(
        organisation=organisation,
        reference="PA-74-2026-00007",
        title="Refaire la signalétique de l'accueil",
        owner=correspondent,
        due_on=today - dt.timedelta(days=12),
    )
    copil = services.create_committee(
        organisation,
        name="COPIL qualité",
        kind="steering",
        chair=lead,
        members=[lead, correspondent],
    )
    meeting = services.plan_meeting(copil, held_on=today)

    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/")
    open_menu_link(page, "Pilotage", "Comités")
    page.get_by_role("link", name="COPIL qualité").click()
    page.get_by_role("link", name=today.strftime("%d/%m/%Y")).click()
    page.get_by_role("link", name="Préparer l'ordre du jour à partir des données").click()

    draft = page.locator("#points-proposes")
    expect(draft).to_contain_text("Indicateurs hors objectif")
    expect(draft).to_contain_text("Taux de décroché téléphonique : hors objectif 1 mois sur 1")
    expect(draft).to_contain_text("Actions en retard")
    expect(draft).to_contain_text(f"{late.reference} — Refaire la signalétique de l'accueil")
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "committees_draft_agenda.png"), full_page=True
    )

    page.locator("label[for=point-0]").click()  # DSFR draws the box on the label
    expect(page.locator("#point-0")).not_to_be_checked()
    page.get_by_label("Points à ajouter (un par ligne)").fill("Bilan annuel de la qualité")
    page.get_by_role("button", name="Enregistrer l'ordre du jour").click()
    expect(page.get_by_text("L'ordre du jour est enregistré.")).to_be_visible()
    expect(page.locator("#points")).to_contain_text("Refaire la signalétique de l'accueil")
    expect(page.locator("#points")).to_contain_text("Bilan annuel de la qualité")
    expect(page.locator("#points")).not_to_contain_text("Taux de décroché")
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2

    form = page.locator("#formulaire-decision")
    form.get_by_label("Décision").fill("Afficher les résultats des indicateurs à l'accueil")
    form.get_by_label("Échéance").fill((today + dt.timedelta(days=60)).isoformat())
    form.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("#formulaire-decision")).to_contain_text(
        "Une décision de comité sans responsable ne peut pas être enregistrée"
    )
    assert not Decision.objects.exists()

    form = page.locator("#formulaire-decision")
    form.get_by_label("Responsable").select_option(label="Julien Perrin")
    form.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("La décision est inscrite au plan d'actions")).to_be_visible()
    action = Action.objects.get(source="committee")
    expect(page.locator("#liste-decisions")).to_contain_text(action.reference)
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "committees_decision.png"), full_page=True
    )

    page.locator("#liste-decisions").get_by_role("link", name=action.reference).click()
    expect(page.locator("#fiche")).to_contain_text("Décision de comité — COPIL qualité du")
    assert action.owner == correspondent
