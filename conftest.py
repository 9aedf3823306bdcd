"""Fixtures shared by every app's tests. Factories live in each app's tests/factories.py."""

import pytest

from qualipilote.organisations.enums import Role
from qualipilote.organisations.services import create_organisation
from qualipilote.organisations.tests.factories import MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing is not what the tests check; the default PBKDF2 costs ~0.3 s per demo user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db):
    """Haute-Savoie-like organisation created as production does, with every app's defaults."""
    return create_organisation(
        code="pref-74", name="Préfecture de la Haute-Savoie", kind="prefecture", departement="74"
    )


@pytest.fixture
def other_organisation(db):
    return create_organisation(
        code="pref-73", name="Préfecture de la Savoie", kind="prefecture", departement="73"
    )


@pytest.fixture
def member_client(client, organisation):
    """`member_client(role)` signs in a new member of `organisation` with that role."""

    def sign_in(role=Role.QUALITY_LEAD, org=None):
        membership = MembershipFactory(organisation=org or organisation, role=role)
        client.force_login(membership.user)
        client.membership = membership
        return client

    return sign_in


@pytest.fixture
def quality_lead_client(member_client):
    return member_client(Role.QUALITY_LEAD)


@pytest.fixture
def national_client(client, db):
    client.force_login(UserFactory(is_national_reader=True))
    return client


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    from qualipilote.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, request):
    """A fresh page (French locale); saves a screenshot named after the test when it ends, and
    fails the test if any page it visited broke the Content-Security-Policy (Chromium reports
    each refused script, style or image on the console)."""
    from qualipilote.common.browser import screenshot_dir

    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    # caret="initial" everywhere: Playwright's default hides the caret by writing a style
    # attribute into the page, which the policy refuses when DSFR's script touches the element
    # at that moment (a flaky violation caused by the test, not by the application).
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / f"{request.node.name}.png"), full_page=True
    )
    context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)
