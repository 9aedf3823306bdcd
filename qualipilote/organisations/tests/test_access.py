import pytest
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory


def structure_url(org):
    return reverse("organisations:structure", kwargs={"org_code": org.code})


def test_anonymous_visitor_is_sent_to_login(client, organisation):
    response = client.get(structure_url(organisation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_member_of_another_organisation_is_refused_with_a_french_message(
    client, organisation, other_organisation
):
    stranger = MembershipFactory(organisation=other_organisation).user
    client.force_login(stranger)
    response = client.get(structure_url(organisation))
    assert response.status_code == 403
    assert "Vous n'êtes pas membre de l'organisation" in response.content.decode()


def test_unknown_organisation_code_is_not_found(quality_lead_client):
    response = quality_lead_client.get("/pref-inconnue/organisation/")
    assert response.status_code == 404


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reads_its_organisation(member_client, organisation, role):
    UnitFactory(organisation=organisation, name="Bureau des usagers", headcount=18)
    response = member_client(role).get(structure_url(organisation))
    assert response.status_code == 200
    assert "Bureau des usagers" in response.content.decode()


def test_home_sends_a_single_membership_straight_to_its_organisation(
    quality_lead_client, organisation
):
    response = quality_lead_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:home", kwargs={"org_code": "pref-74"})
