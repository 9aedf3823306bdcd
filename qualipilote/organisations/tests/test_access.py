import pytest
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.permissions import PAGES_BY_ROLE
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


@pytest.mark.parametrize("role", [role for role in Role.values if role not in PAGES_BY_ROLE])
def test_every_role_reads_its_organisation(member_client, organisation, role):
    UnitFactory(organisation=organisation, name="Bureau des usagers", headcount=18)
    response = member_client(role).get(structure_url(organisation))
    assert response.status_code == 200
    assert "Bureau des usagers" in response.content.decode()


def test_a_role_limited_to_some_pages_is_refused_the_others(member_client, organisation):
    """The cross auditor of a mystery-shopper campaign opens only that app's pages (the mystery
    app's tests walk every other page)."""
    response = member_client(Role.CROSS_AUDITOR).get(structure_url(organisation))
    assert response.status_code == 403


def test_home_sends_a_single_membership_straight_to_its_organisation(
    quality_lead_client, organisation
):
    response = quality_lead_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:home", kwargs={"org_code": "pref-74"})


def test_a_national_reader_without_organisation_lands_on_the_national_view(national_client):
    response = national_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("national:home")


def test_a_person_without_organisation_is_told_so(client, db):
    from qualipilote.organisations.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert "n'est rattaché à aucune organisation" in response.content.decode()


def test_pages_outside_the_organisation_keep_its_menu(quality_lead_client, organisation):
    """Frameworks, national view and API docs are outside /<org_code>/: the menu stays, with the
    menu button that opens it on a phone."""
    page = quality_lead_client.get(reverse("frameworks:list")).content.decode()
    assert 'id="button-menu"' in page
    assert 'class="fr-header__menu-links"' in page
    assert f'href="{reverse("indicators:dashboard", kwargs={"org_code": "pref-74"})}"' in page


def test_every_page_has_the_menu_button_even_signed_out(client, organisation):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'id="button-menu"' in page and 'class="fr-header__menu-links"' in page
