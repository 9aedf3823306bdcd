"""The quality lead's pages: structure (units, sites, channels) and people, and the invitation
link. Every refusal is a French message on the page, with nothing saved."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from qualipilote.accounts.models import User
from qualipilote.frameworks.scope import set_scope
from qualipilote.frameworks.tests.factories import FrameworkVersionFactory, ModuleFactory
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Invitation, Membership, ReceptionChannel, Unit
from qualipilote.organisations.services import invite_member
from qualipilote.organisations.tests.factories import MembershipFactory, SiteFactory, UnitFactory

ORG = {"org_code": "pref-74"}


def url(name, **kwargs):
    return reverse(f"organisations:{name}", kwargs={**ORG, **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.QUALITY_LEAD])
def test_only_the_quality_lead_manages_the_organisation(member_client, organisation, role):
    client = member_client(role)
    unit = UnitFactory(organisation=organisation)

    for address in (
        url("people"),
        url("invite"),
        url("unit_create"),
        url("unit_edit", pk=unit.pk),
        url("history"),
    ):
        assert client.get(address).status_code == 403, address
    assert client.post(url("unit_delete", pk=unit.pk)).status_code == 403
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_the_overview_leads_the_quality_lead_to_people_history_and_api_tokens(
    quality_lead_client, organisation
):
    page = text(quality_lead_client.get(url("structure")))

    assert url("people") in page
    assert url("history") in page
    assert reverse("api_tokens:list", kwargs=ORG) in page


# --- Units, sites, channels ---------------------------------------------------------------------


def test_a_unit_is_created_then_moved_under_another(quality_lead_client, organisation):
    direction = UnitFactory(organisation=organisation, name="Direction de la citoyenneté")

    response = quality_lead_client.post(
        url("unit_create"),
        {"name": "Bureau des étrangers", "code": "bde", "kind": "bureau", "headcount": "12"},
    )
    assert response.status_code == 302
    bureau = Unit.objects.get(code="bde")
    assert bureau.parent is None

    quality_lead_client.post(
        url("unit_edit", pk=bureau.pk),
        {"name": "Bureau des étrangers", "code": "bde", "kind": "bureau", "headcount": "12",
         "parent": direction.pk},
    )  # fmt: skip

    bureau.refresh_from_db()
    assert bureau.parent == direction
    assert bureau.history.first().history_user == quality_lead_client.membership.user


def test_a_unit_cannot_move_under_one_of_its_own_sub_units(quality_lead_client, organisation):
    direction = UnitFactory(organisation=organisation, code="dir")
    bureau = UnitFactory(organisation=organisation, parent=direction)

    response = quality_lead_client.post(
        url("unit_edit", pk=direction.pk),
        {"name": direction.name, "code": "dir", "kind": "direction", "headcount": "3",
         "parent": bureau.pk},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    direction.refresh_from_db()
    assert direction.parent is None


def test_a_unit_code_is_unique_in_the_organisation(quality_lead_client, organisation):
    UnitFactory(organisation=organisation, code="bde")

    response = quality_lead_client.post(
        url("unit_create"), {"name": "Autre", "code": "bde", "kind": "bureau", "headcount": "1"}
    )

    assert response.status_code == 200
    assert "existe déjà" in text(response)
    assert Unit.objects.filter(code="bde").count() == 1


def test_a_unit_still_referred_to_is_not_deleted(quality_lead_client, organisation):
    unit = UnitFactory(organisation=organisation, name="Bureau des usagers")
    MembershipFactory(organisation=organisation, role=Role.AGENT, unit=unit)
    UnitFactory(organisation=organisation, parent=unit)
    version = FrameworkVersionFactory()
    set_scope(organisation, version=version, modules=[ModuleFactory(version=version)], units=[unit])

    response = quality_lead_client.post(url("unit_delete", pk=unit.pk))

    assert response.status_code == 400
    message = text(response)
    assert "L'unité « Bureau des usagers » ne peut pas être supprimée" in message
    assert "1 unité" in message and "1 appartenance" in message
    assert "périmètre" in message
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_a_unit_nothing_refers_to_is_deleted_and_the_deletion_is_in_the_history(
    quality_lead_client, organisation
):
    unit = UnitFactory(organisation=organisation, name="Bureau fermé")

    response = quality_lead_client.post(url("unit_delete", pk=unit.pk))

    assert response.status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()
    history = text(quality_lead_client.get(url("history")))
    assert "Unité « Bureau fermé »" in history and "suppression" in history


def test_a_site_and_a_channel_are_created(quality_lead_client, organisation):
    quality_lead_client.post(
        url("site_create"),
        {"name": "Hall d'Annecy", "kind": "reception_hall", "address": "30 rue du 30e RI, Annecy"},
    )
    site = organisation.sites.get()

    response = quality_lead_client.post(
        url("channel_create"),
        {"kind": "phone", "name": "Standard", "contact": "04 50 33 60 00", "site": site.pk},
    )

    assert response.status_code == 302
    channel = ReceptionChannel.objects.get()
    assert (channel.organisation, channel.site) == (organisation, site)
    overview = text(quality_lead_client.get(url("structure")))
    assert "Standard" in overview and "04 50 33 60 00" in overview


def test_a_site_used_by_a_channel_is_not_deleted(quality_lead_client, organisation):
    site = SiteFactory(organisation=organisation, name="Hall")
    ReceptionChannel.objects.create(
        organisation=organisation, kind="phone", name="Standard", site=site
    )

    response = quality_lead_client.post(url("site_delete", pk=site.pk))

    assert response.status_code == 400
    assert "1 canal d'accueil y fait encore référence" in text(response)


def test_another_organisations_unit_is_not_found(quality_lead_client, other_organisation):
    unit = UnitFactory(organisation=other_organisation)
    assert quality_lead_client.get(url("unit_edit", pk=unit.pk)).status_code == 404
    assert quality_lead_client.post(url("unit_delete", pk=unit.pk)).status_code == 404


# --- People -------------------------------------------------------------------------------------


def test_the_quality_lead_invites_a_person_from_the_page(quality_lead_client, organisation):
    unit = UnitFactory(organisation=organisation, name="Bureau des titres")

    response = quality_lead_client.post(
        url("invite"),
        {"email": "Nadia.Benali@haute-savoie.gouv.fr", "title": "mme", "first_name": "Nadia",
         "last_name": "Benali", "role": "quality_correspondent", "unit": unit.pk},
    )  # fmt: skip

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.unit) == (
        "nadia.benali@haute-savoie.gouv.fr", "quality_correspondent", unit,
    )  # fmt: skip
    link = re.search(r"http://testserver(/comptes/invitation/[\w-]+/)", mail.outbox[0].body)
    assert link
    people = text(quality_lead_client.get(url("people")))
    assert "nadia.benali@haute-savoie.gouv.fr" in people and "Correspondante qualité" in people


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"email": "nadia\x0b@example.gouv.fr"},
            "« Adresse électronique » contient un caractère de contrôle",
        ),
        ({"last_name": "B" * 151}, "Assurez-vous que cette valeur comporte au plus 150 caractères"),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide"),
        ({"role": "superuser"}, "Sélectionnez un choix valide"),
    ],
    ids=["control character", "too long", "not an e-mail", "unknown role"],
)
def test_bad_input_in_the_invitation_form_is_refused_and_nothing_is_saved(
    quality_lead_client, organisation, data, message
):
    post = {"email": "nadia@example.gouv.fr", "role": "agent", "last_name": "Benali", **data}

    response = quality_lead_client.post(url("invite"), post)

    assert response.status_code == 200
    assert message in text(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_a_member_says_so_on_the_form(quality_lead_client, organisation):
    member = MembershipFactory(organisation=organisation, role=Role.AGENT).user

    response = quality_lead_client.post(url("invite"), {"email": member.email, "role": "agent"})

    assert "est déjà membre de l'organisation" in text(response)
    assert not Invitation.objects.exists()


def test_the_last_quality_lead_cannot_remove_themself_from_the_page(
    quality_lead_client, organisation
):
    lead = quality_lead_client.membership

    response = quality_lead_client.post(url("member_remove", pk=lead.pk))

    assert response.status_code == 400
    assert "l'organisation doit garder au moins un référent ou une référente qualité" in text(
        response
    )
    assert Membership.objects.filter(pk=lead.pk).exists()


def test_the_quality_lead_changes_a_role_suspends_and_removes(quality_lead_client, organisation):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT)

    quality_lead_client.post(url("member_edit", pk=agent.pk), {"role": "auditor", "unit": ""})
    agent.refresh_from_db()
    assert agent.role == Role.AUDITOR

    quality_lead_client.post(url("member_suspend", pk=agent.pk))
    agent.refresh_from_db()
    assert agent.is_suspended

    quality_lead_client.post(url("member_remove", pk=agent.pk))
    assert not Membership.objects.filter(pk=agent.pk).exists()


def test_resend_and_revoke_from_the_page(quality_lead_client, organisation):
    invitation, _ = invite_member(
        organisation, email="a@example.gouv.fr", role="agent", base_url="http://testserver"
    )

    quality_lead_client.post(url("invitation_resend", pk=invitation.pk))
    quality_lead_client.post(url("invitation_revoke", pk=invitation.pk))

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert len(mail.outbox) == 2


# --- The invitation link ------------------------------------------------------------------------


@pytest.fixture
def invitation_link(organisation):
    invitation, token = invite_member(
        organisation, email="nadia@example.gouv.fr", role=Role.AGENT, title="mme",
        first_name="Nadia", last_name="Benali", base_url="http://testserver",
    )  # fmt: skip
    return invitation, reverse("invitations:accept", kwargs={"token": token})


def test_a_new_person_chooses_a_password_from_the_invitation_and_lands_in_the_organisation(
    client, invitation_link
):
    _invitation, link = invitation_link

    response = client.post(
        link, {"password1": "Un mot de passe solide", "password2": "Un mot de passe solide"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:home", kwargs=ORG)
    person = User.objects.get(email="nadia@example.gouv.fr")
    assert person.check_password("Un mot de passe solide")
    assert Membership.objects.get(user=person).role == Role.AGENT
    landing = text(client.get(response["Location"]))
    assert "Bienvenue à la Préfecture de la Haute-Savoie : vous y êtes agente." in landing
    # The link served once.
    client.logout()
    reused = client.get(link)
    assert reused.status_code == 410
    assert "Cette invitation a déjà servi" in text(reused)


def test_a_weak_password_is_refused_and_no_account_is_created(client, invitation_link):
    _invitation, link = invitation_link

    response = client.post(link, {"password1": "nadia123", "password2": "nadia123"})

    assert response.status_code == 200
    assert not User.objects.filter(email="nadia@example.gouv.fr").exists()


def test_an_expired_link_says_so(client, invitation_link, settings):
    _invitation, link = invitation_link

    with time_machine.travel(timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS + 1)):
        response = client.get(link)

    assert response.status_code == 410
    assert "Cette invitation a expiré le" in text(response)


def test_an_unknown_link_says_so(client, db):
    response = client.get(reverse("invitations:accept", kwargs={"token": "x" * 43}))
    assert response.status_code == 410
    assert "Ce lien d'invitation n'est pas valide" in text(response)
