"""Walks every URL pattern of the project and checks that an organisation's pages and API refuse
anyone who is not one of its members: anonymous visitors, members of another organisation,
national readers, and the API tokens of another organisation.

New URLs are covered automatically. A pattern is only allowed through when its view is marked
`@public_page` (organisations.access), i.e. meant for the public.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from qualipilote.api.models import ApiToken
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory

REFUSED = {302, 401, 403, 404}
PLACEHOLDER_INT = "1"
PLACEHOLDER_TEXT = "x"


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _concrete_path(route: str, org_code: str) -> str:
    """Turns a route like `<slug:org_code>/registres/<int:pk>/` into a real path."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")

    def replace(match):
        converter, name = (match.group(1) or "str"), match.group(2)
        if name == "org_code":
            return org_code
        if converter == "int":
            return PLACEHOLDER_INT
        if name in {"year"}:
            return "2024"
        return PLACEHOLDER_TEXT

    path = re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)
    path = re.sub(r"\(\?P<org_code>[^)]*\)", org_code, path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", PLACEHOLDER_TEXT, path)
    return "/" + path


def organisation_routes():
    routes = []
    for route, callback in _walk(get_resolver().url_patterns):
        if "org_code" not in route:
            continue
        public = getattr(callback, "is_public_organisation_page", False)
        routes.append(pytest.param(route, public, id=route))
    return routes


ORGANISATION_ROUTES = organisation_routes()


def test_the_walk_sees_the_organisation_pages_and_the_api():
    routes = [param.values[0] for param in ORGANISATION_ROUTES]
    assert any(route.startswith("<slug:org_code>/organisation/") for route in routes)
    assert any("api/v1/organisations/" in route for route in routes)


@pytest.fixture
def target(organisation):
    UnitFactory(organisation=organisation)
    return organisation


def _status(client, path, **extra):
    return client.get(path, **extra).status_code


@pytest.mark.parametrize(("route", "public"), ORGANISATION_ROUTES)
def test_anonymous_visitor_is_refused(client, target, route, public):
    status = _status(client, _concrete_path(route, target.code))
    if public:
        assert status != 500
    else:
        assert status in REFUSED, f"{route} answered {status} to an anonymous visitor"


@pytest.mark.parametrize(("route", "public"), ORGANISATION_ROUTES)
def test_member_of_another_organisation_is_refused(
    client, target, other_organisation, route, public
):
    client.force_login(
        MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD).user
    )
    status = _status(client, _concrete_path(route, target.code))
    if public:
        assert status != 500
    else:
        assert status in REFUSED - {302}, (
            f"{route} answered {status} to another organisation's lead"
        )


@pytest.mark.parametrize(("route", "public"), ORGANISATION_ROUTES)
def test_national_reader_does_not_enter_an_organisation(client, target, route, public):
    client.force_login(UserFactory(is_national_reader=True))
    status = _status(client, _concrete_path(route, target.code))
    if not public:
        assert status in REFUSED - {302}, f"{route} answered {status} to a national reader"


@pytest.mark.parametrize(
    ("route", "public"), [p for p in ORGANISATION_ROUTES if p.values[0].startswith("api/v1/")]
)
def test_another_organisations_api_token_is_refused(
    client, target, other_organisation, route, public
):
    _token, raw = ApiToken.issue(other_organisation, "intégration de test")
    status = _status(client, _concrete_path(route, target.code), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert status in {403, 404}, f"{route} answered {status} to another organisation's token"
