"""Who sees what: the audited organisation's members see every campaign; the other organisation's
quality lead of a cross audit sees that campaign (its grid, plan, tests, results) and nothing else
of the audited organisation — every other page and the API refuse them; other organisations see
nothing."""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

from .factories import at, email_campaign, email_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def cross(organisation, lead, partner_lead):
    campaign = email_campaign(organisation, lead, run_by="cross", cross_auditor=partner_lead)
    other = email_campaign(organisation, lead, title="Enquête interne")
    return campaign, other


def _leaves(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _concrete(route: str) -> str:
    path = route.replace("^", "").replace("$", "").replace("\\Z", "")
    path = path.replace("<slug:org_code>", "pref-74")
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<(slug|str|path|uuid):[^>]+>", "x", path)
    return "/" + path


def organisation_pages() -> list[str]:
    """Every page under /pref-74/ except the mystery app's and the public ones."""
    pages = []
    for route in _leaves(get_resolver().url_patterns):
        if not route.startswith("<slug:org_code>/"):
            continue
        path = _concrete(route)
        if "(?P" in path or "\\" in path:
            continue
        match = resolve(path)
        if match.namespace == "mystery":
            continue
        if getattr(match.func, "is_public_organisation_page", False):
            continue
        pages.append(path)
    return sorted(set(pages))


def test_the_page_list_covers_the_organisations_apps():
    pages = organisation_pages()
    assert "/pref-74/" in pages
    for fragment in ("/plan-d-actions/", "/indicateurs/", "/enquetes/", "/auto-diagnostic/"):
        assert any(fragment in page for page in pages), fragment
    assert len(pages) > 80


def test_the_cross_auditor_is_refused_every_other_page_of_the_audited_organisation(
    client, cross, partner_lead
):
    client.force_login(partner_lead)
    opened = {}
    for page in organisation_pages():
        status = client.get(page).status_code
        if status != 403:
            opened[page] = status
    assert opened == {}


def test_the_cross_auditor_is_refused_the_api_of_the_audited_organisation(
    client, cross, partner_lead
):
    client.force_login(partner_lead)
    for path in (
        "/api/v1/organisations/pref-74/surveys/",
        "/api/v1/organisations/pref-74/actions/",
    ):
        assert client.get(path).status_code in (403, 404), path


def test_the_cross_auditor_opens_their_campaign_and_only_theirs(client, cross, partner_lead):
    campaign, other = cross
    client.force_login(partner_lead)
    base = f"/pref-74/enquetes-mystere/{campaign.pk}/"
    listing = client.get("/pref-74/enquetes-mystere/")
    assert listing.status_code == 200
    assert campaign.title in listing.content.decode()
    assert "Enquête interne" not in listing.content.decode()
    for path in (base, base + "tests/nouveau/", base + "export.xlsx"):
        assert client.get(path).status_code == 200, path
    response = client.post(
        base + "tests/nouveau/",
        {
            "contacted_on": "2019-05-20",
            "contacted_time": "10:00",
            "answered_on": "2019-05-21",
            "critere_accuse_reception": "yes",
            "critere_signature_conforme": "yes",
            "critere_reponse_complete": "yes",
        },
    )
    assert response.status_code == 302
    assert campaign.tests.get().recorded_by == partner_lead
    other_base = f"/pref-74/enquetes-mystere/{other.pk}/"
    for path in (other_base, other_base + "tests/nouveau/", other_base + "export.xlsx"):
        assert client.get(path).status_code == 404, path
    # Managing campaigns is the audited organisation's: creation and import are refused.
    assert client.get("/pref-74/enquetes-mystere/nouvelle/").status_code == 403
    assert client.get(base + "tests/importer/").status_code == 403
    # Their own organisation stays theirs; their list of organisations leads to the campaigns.
    assert client.get("/pref-73/").status_code == 200
    assert 'href="/pref-74/enquetes-mystere/"' in client.get("/").content.decode()


def test_the_audited_organisations_staff_see_the_cross_campaign_normally(
    client, organisation, cross, lead
):
    campaign, _other = cross
    email_test(campaign, lead, at(dt.date(2019, 5, 20)), dt.date(2019, 5, 21))
    for role in (Role.QUALITY_LEAD, Role.AGENT, Role.VIEWER):
        member = MembershipFactory(organisation=organisation, role=role).user
        client.force_login(member)
        listing = client.get("/pref-74/enquetes-mystere/").content.decode()
        assert campaign.title in listing and "Enquête interne" in listing
        page = client.get(f"/pref-74/enquetes-mystere/{campaign.pk}/")
        assert page.status_code == 200
        assert "100 %" in page.content.decode()


def test_another_organisations_member_sees_nothing(client, organisation, other_organisation, cross):
    campaign, _other = cross
    outsider = MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD).user
    client.force_login(outsider)
    assert client.get("/pref-74/enquetes-mystere/").status_code == 403
    assert client.get(f"/pref-74/enquetes-mystere/{campaign.pk}/").status_code == 403
    # A campaign reached through another organisation's code is not found.
    own = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    client.force_login(own)
    assert client.get(f"/pref-73/enquetes-mystere/{campaign.pk}/").status_code == 403


def test_writes_ask_for_their_ability(client, organisation, cross):
    campaign, _other = cross
    viewer = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    client.force_login(viewer)
    base = f"/pref-74/enquetes-mystere/{campaign.pk}/"
    assert client.get("/pref-74/enquetes-mystere/nouvelle/").status_code == 403
    assert client.get(base + "tests/nouveau/").status_code == 403
    criterion = campaign.criteria.first()
    assert client.post(base + f"criteres/{criterion.pk}/action/").status_code == 403
    assert client.post(base + f"criteres/{criterion.pk}/retirer/").status_code == 403
