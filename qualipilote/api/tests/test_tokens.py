"""Integration tokens: created by the command or the page (raw value shown once), revoked in the UI."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from qualipilote.api.models import ApiToken, hash_token
from qualipilote.organisations.enums import Role

pytestmark = pytest.mark.django_db


def tokens_url(organisation):
    return reverse("api_tokens:list", kwargs={"org_code": organisation.code})


def test_command_prints_a_new_token_of_the_organisation(organisation, capsys):
    call_command("create_api_token", organisation.code, "--name", "CMS du site")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert raw.startswith("qp_")
    assert token.key_hash == hash_token(raw)
    assert token.organisation == organisation
    assert token.name == "CMS du site"


def test_command_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="Aucune organisation"):
        call_command("create_api_token", "pref-99")


def test_page_creates_a_token_and_shows_its_raw_value_once(quality_lead_client, organisation):
    response = quality_lead_client.post(tokens_url(organisation), {"name": "Statistiques SVI"})
    token = ApiToken.objects.get()
    raw = response.context["raw_token"]
    assert token.key_hash == hash_token(raw)
    assert raw in response.content.decode()
    assert token.created_by == quality_lead_client.membership.user

    listing = quality_lead_client.get(tokens_url(organisation)).content.decode()
    assert "Statistiques SVI" in listing
    assert token.prefix in listing
    assert raw not in listing


def test_page_lists_only_the_organisations_tokens(
    quality_lead_client, organisation, other_organisation
):
    ApiToken.issue(organisation, "Le nôtre")
    ApiToken.issue(other_organisation, "Celui de la Savoie")
    content = quality_lead_client.get(tokens_url(organisation)).content.decode()
    assert "Le nôtre" in content
    assert "Celui de la Savoie" not in content


def test_revoking_a_token_stops_it(quality_lead_client, organisation):
    token, raw = ApiToken.issue(organisation, "Ancien CMS")
    url = reverse("api_tokens:revoke", kwargs={"org_code": organisation.code, "pk": token.pk})
    response = quality_lead_client.post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = f"/api/v1/organisations/{organisation.code}/correspondences/"
    assert quality_lead_client.get(api, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_revoke_needs_a_post(quality_lead_client, organisation):
    token, _raw = ApiToken.issue(organisation, "CMS")
    url = reverse("api_tokens:revoke", kwargs={"org_code": organisation.code, "pk": token.pk})
    assert quality_lead_client.get(url).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_organisations_token_cannot_be_revoked_from_here(
    quality_lead_client, organisation, other_organisation
):
    token, _raw = ApiToken.issue(other_organisation, "Savoie")
    url = reverse("api_tokens:revoke", kwargs={"org_code": organisation.code, "pk": token.pk})
    assert quality_lead_client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("role", [Role.AGENT, Role.QUALITY_CORRESPONDENT, Role.DIRECTOR])
def test_only_who_manages_the_organisation_handles_tokens(member_client, organisation, role):
    client = member_client(role)
    assert client.get(tokens_url(organisation)).status_code == 403
    assert client.post(tokens_url(organisation), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
