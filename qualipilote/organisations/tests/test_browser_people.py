"""In Chromium: a quality lead invites a person, who signs in through the local OpenID Connect
provider (standing for ProConnect) and lands in the right organisation with the right role."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from qualipilote.common.browser import assert_accessible, log_in, screenshot_dir
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invited_person_signs_in_with_proconnect_and_lands_in_the_organisation(
    browser_page, live_server, organisation, proconnect
):
    page = browser_page
    UnitFactory(organisation=organisation, name="Bureau des titres")
    lead = MembershipFactory(
        organisation=organisation, role=Role.QUALITY_LEAD, user=UserFactory(title="m")
    ).user
    proconnect.set_account(
        "nadia", sub="sub-nadia", email="nadia.benali@haute-savoie.gouv.fr",
        given_name="Nadia", usual_name="Benali", uid="42", siret="17740001200014",
    )  # fmt: skip

    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/pref-74/organisation/")
    page.get_by_role("link", name="Personnes et invitations").click()
    page.get_by_role("link", name="Inviter une personne").click()
    page.get_by_label("Adresse électronique").fill("nadia.benali@haute-savoie.gouv.fr")
    page.get_by_text("Madame", exact=True).click()
    page.get_by_label(re.compile(r"^\s*Prénom")).fill("Nadia")
    page.get_by_label(re.compile(r"^\s*Nom")).fill("Benali")
    page.get_by_label("Rôle", exact=True).select_option("quality_correspondent")
    page.get_by_label(re.compile(r"^\s*Unité")).select_option(label="Bureau des titres")
    assert_accessible(page)  # the invitation form
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(
        page.get_by_text("L'invitation est envoyée à nadia.benali@haute-savoie.gouv.fr")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Correspondante qualité")).to_be_visible()
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "people_invitation_sent.png"), full_page=True
    )
    page.get_by_role("button", name="Se déconnecter").click()

    link = re.search(r"https?://\S+/comptes/invitation/\S+/", mail.outbox[-1].body)[0]
    page.goto(link)
    expect(
        page.get_by_role("heading", name="Rejoindre la Préfecture de la Haute-Savoie")
    ).to_be_visible()
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    page.get_by_label("Identifiant").fill("nadia")  # at the provider
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(f"{live_server.url}/pref-74/")
    expect(page.locator("#current-user")).to_have_text("Nadia Benali — Correspondante qualité")
    page.screenshot(
        caret="initial",
        path=str(screenshot_dir() / "people_proconnect_landing.png"),
        full_page=True,
    )
    membership = Membership.objects.get(user__proconnect_sub="sub-nadia")
    assert (membership.organisation, membership.role, membership.unit.name) == (
        organisation, Role.QUALITY_CORRESPONDENT, "Bureau des titres",
    )  # fmt: skip

    # Signing out goes through the provider (the form's redirect is allowed by form-action).
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="Oui, me déconnecter").click()
    expect(
        page.get_by_text("Vous êtes déconnecté·e de Qualipilote et de ProConnect.")
    ).to_be_visible()
