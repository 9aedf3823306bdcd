"""Issue 11, item 8, in a real browser: a self-assessment gap becomes an action, done and
checked for effectiveness beside the indicator's figures; a minor nonconformity closes only
after its action; the auditor records a finding and is refused anything else."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.assessments.tests.factories import SelfAssessmentFactory
from qualipilote.common.browser import log_in
from qualipilote.improvement import audits
from qualipilote.improvement.models import Action, Finding
from qualipilote.indicators.periods import add_months, month_of
from qualipilote.indicators.tests.factories import IndicatorFactory, MonthlyMeasurementFactory
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test"


def in_a_month() -> str:
    return (timezone.localdate() + dt.timedelta(days=30)).isoformat()


def test_a_self_assessment_gap_becomes_an_action_done_and_checked_with_figures(
    browser_page, live_server, organisation, scope, framework
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    commitment = framework.commitments[4]
    SelfAssessmentFactory(
        organisation=organisation, commitment=commitment, status="not_met", assessed_by=lead
    )
    rate = IndicatorFactory(
        code="phone_answer_rate",
        label="Taux d'appels aboutis",
        target_operator=">=",
        target_value=Decimal(90),
    )
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/auto-diagnostic/engagements/{commitment.pk}/")
    page.get_by_role("link", name="Créer une action pour cet écart").click()

    expect(page.locator("#origine")).to_contain_text("engagement 4")
    page.get_by_label("Intitulé").fill("Renfort du standard aux heures de pointe")
    page.get_by_label("Échéance").fill(in_a_month())
    page.get_by_label("Indicateurs liés").select_option(label="Taux d'appels aboutis")
    page.get_by_role("button", name="Créer l'action").click()

    expect(page.get_by_text("Action PA-74-")).to_be_visible()
    action = Action.objects.get()
    assert action.source == "self_assessment" and list(action.commitments.all()) == [commitment]
    page.locator("#formulaire-etat").get_by_label("Nouvel état").select_option(label="Réalisée")
    page.get_by_role("button", name="Enregistrer l'état").click()
    expect(page.locator("#etat")).to_contain_text("Réalisée")

    # Three months later, the figures of the months since completion stand beside the verdict.
    completed = add_months(month_of(timezone.localdate()), -4)
    Action.objects.filter(pk=action.pk).update(completed_on=completed + dt.timedelta(days=9))
    for offset, value in ((1, 91), (2, 93), (3, 95)):
        MonthlyMeasurementFactory(
            organisation=organisation,
            indicator=rate,
            month=add_months(completed, offset),
            numerator=value,
            denominator=100,
        )
    page.reload()
    expect(page.locator(".qp-effectiveness")).to_contain_text(
        "Objectif atteint chaque mois (3 sur 3)"
    )
    page.get_by_label("Constat d'efficacité").fill(
        "Taux d'appels aboutis au-dessus de 90 % depuis trois mois."
    )
    page.get_by_role("button", name="Enregistrer la vérification").click()
    expect(page.locator("#verdict")).to_contain_text("au-dessus de 90 %")
    action.refresh_from_db()
    assert action.has_verdict and action.effectiveness_checked_by == lead


def test_a_minor_nonconformity_closes_only_after_its_action(
    browser_page, live_server, organisation, scope, framework
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    audit = audits.create_audit(
        organisation,
        user=lead,
        kind="labelling",
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        ends_on=timezone.localdate() - dt.timedelta(days=9),
        auditors="AFNOR",
    )
    finding = audits.record_finding(
        audit,
        commitment=framework.commitments[2],
        grade="minor_nonconformity",
        text="Pas d'accusé de réception des réclamations par courriel.",
        user=lead,
    )
    page = browser_page
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/audits/{audit.pk}/")
    page.get_by_role("button", name="Clore le constat de l'engagement 2").click()
    expect(page.locator("body")).to_contain_text("au moins une action")

    page.get_by_role("link", name="Créer une action").click()
    expect(page.locator("#origine")).to_contain_text("Non-conformité mineure")
    page.get_by_label("Intitulé").fill("Accusé de réception automatique")
    page.get_by_label("Échéance").fill(in_a_month())
    page.get_by_role("button", name="Créer l'action").click()
    page.locator("#formulaire-etat").get_by_label("Nouvel état").select_option(label="Réalisée")
    page.get_by_role("button", name="Enregistrer l'état").click()

    page.goto(f"{live_server.url}/pref-74/audits/{audit.pk}/")
    page.get_by_role("button", name="Clore le constat de l'engagement 2").click()
    expect(page.locator("body")).to_contain_text("L'efficacité de ces actions n'a pas encore")
    assert Finding.objects.get().status == "open"

    page.locator("#table-constats").get_by_role("link", name="PA-74-").click()
    page.get_by_label("Constat d'efficacité").fill("Accusé envoyé le jour même depuis un mois.")
    page.get_by_role("button", name="Enregistrer la vérification").click()
    page.goto(f"{live_server.url}/pref-74/audits/{audit.pk}/")
    page.get_by_role("button", name="Clore le constat de l'engagement 2").click()
    expect(page.get_by_text("Constat clos.")).to_be_visible()
    expect(page.locator(f"tr[data-finding='{finding.pk}']")).to_contain_text("Clos")


def test_the_auditor_records_a_finding_and_is_refused_anything_else(
    browser_page, live_server, organisation, scope, framework
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    auditor = MembershipFactory(organisation=organisation, role=Role.AUDITOR).user
    SelfAssessmentFactory(organisation=organisation, commitment=framework.commitments[1])
    audit = audits.create_audit(
        organisation,
        user=lead,
        kind="internal",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        auditors="Inspection ministérielle",
    )
    page = browser_page
    log_in(page, live_server.url, auditor.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/preparation-audit/")
    expect(page.locator("#score")).to_contain_text("%")
    page.locator("#preparation tr[data-commitment='1']").get_by_role("link").click()
    expect(page.locator("#auto-diagnostic")).to_be_visible()

    page.goto(f"{live_server.url}/pref-74/audits/{audit.pk}/")
    expect(page.get_by_role("button", name="Clore")).to_have_count(0)
    form = page.locator("#formulaire-constat")
    form.get_by_label("Engagement").select_option(label="Engagement 1 — Engagement n° 1")
    form.get_by_label("Cotation").select_option(label="Point sensible")
    form.get_by_label("Constat").fill("L'affichage des horaires manque dans le second hall.")
    form.get_by_role("button", name="Enregistrer le constat").click()
    expect(page.get_by_text("Constat enregistré.")).to_be_visible()
    assert Finding.objects.get().recorded_by == auditor

    # Nothing else: no self-assessment form, no new action, no closing.
    page.goto(
        f"{live_server.url}/pref-74/auto-diagnostic/engagements/{framework.commitments[1].pk}/"
    )
    expect(page.locator("#formulaire-appreciation")).to_have_count(0)
    response = page.goto(f"{live_server.url}/pref-74/plan-d-actions/nouvelle/")
    assert response.status == 403
