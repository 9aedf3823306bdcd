"""The Django admin and the invite_member command go through the same services as the pages."""

import html
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Invitation, Membership
from qualipilote.organisations.tests.factories import (
    MembershipFactory,
    SiteFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_does_not_delete_the_last_quality_lead(admin_client, organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)

    response = admin_client.post(
        f"/admin/organisations/membership/{lead.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Membership.objects.filter(pk=lead.pk).exists()


def test_the_admin_refuses_to_demote_the_last_quality_lead_on_the_form(admin_client, organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)

    response = admin_client.post(
        f"/admin/organisations/membership/{lead.pk}/change/", {"role": "agent", "unit": ""}
    )

    assert response.status_code == 200
    assert "doit garder au moins un référent" in html.unescape(response.content.decode())
    lead.refresh_from_db()
    assert lead.role == Role.QUALITY_LEAD


def test_the_admin_invites_through_the_service(admin_client, organisation, settings):
    settings.SITE_URL = "https://qualipilote.exemple.gouv.fr"

    admin_client.post(
        "/admin/organisations/invitation/add/",
        {"organisation": organisation.pk, "email": "Lea@example.gouv.fr", "title": "mme",
         "first_name": "Léa", "last_name": "Roux", "role": "quality_lead", "unit": ""},
    )  # fmt: skip

    invitation = Invitation.objects.get()
    assert invitation.email == "lea@example.gouv.fr"
    assert "https://qualipilote.exemple.gouv.fr/comptes/invitation/" in mail.outbox[0].body


def test_the_command_invites_the_first_quality_lead(organisation):
    out = StringIO()

    call_command(
        "invite_member", "pref-74", "claire.martin@haute-savoie.gouv.fr", "--role", "quality_lead",
        "--title", "mme", "--site-url", "https://qualipilote.exemple.gouv.fr", stdout=out,
    )  # fmt: skip

    assert (
        "Invitation envoyée à claire.martin@haute-savoie.gouv.fr (Référente qualité)"
        in out.getvalue()
    )
    assert "https://qualipilote.exemple.gouv.fr/comptes/invitation/" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_command_says_why_it_refuses(organisation):
    member = MembershipFactory(organisation=organisation).user
    with pytest.raises(CommandError, match="est déjà membre"):
        call_command(
            "invite_member",
            "pref-74",
            member.email,
            "--role",
            "agent",
            "--site-url",
            "https://x.fr",
        )
    with pytest.raises(CommandError, match="Aucune organisation ne porte le code pref-99"):
        call_command(
            "invite_member", "pref-99", "a@b.fr", "--role", "agent", "--site-url", "https://x.fr"
        )


def test_the_admin_cannot_delete_a_unit_or_a_site_around_the_structure_services(
    admin_client, organisation
):
    """Deleting goes through delete_unit/delete_site, which refuse what something refers to."""
    UnitFactory(organisation=organisation)
    SiteFactory(organisation=organisation)

    response = admin_client.get(f"/admin/organisations/organisation/{organisation.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "units-0-DELETE" not in page
    assert "sites-0-DELETE" not in page
