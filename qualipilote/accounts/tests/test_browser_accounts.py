"""In a real browser: the lock-out after wrong passwords reads in French on the login page, and
the pages around accounts (login, admin) run under the strict Content-Security-Policy without
a violation (the browser_page fixture fails the test on any)."""

import pytest

from qualipilote.common.browser import log_in
from qualipilote.organisations.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wrong_passwords_lock_the_account_with_a_french_message(
    browser_page, live_server, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="referent.74")
    for _ in range(3):
        log_in(browser_page, live_server.url, "referent.74", "devine")
    alert = browser_page.locator("#locked-out")
    assert alert.is_visible()
    assert "Trop de tentatives de connexion" in alert.inner_text()
    log_in(browser_page, live_server.url, "referent.74", "mot-de-passe-de-test")
    assert browser_page.locator("#locked-out").is_visible()
    assert browser_page.get_by_role("heading", name="Se connecter à Qualipilote").is_visible()


def test_the_admin_runs_under_the_policy(browser_page, live_server):
    UserFactory(username="admin.test", is_staff=True, is_superuser=True)
    browser_page.goto(f"{live_server.url}/admin/login/")
    browser_page.locator("#id_username").fill("admin.test")
    browser_page.locator("#id_password").fill("mot-de-passe-de-test")
    browser_page.locator("input[type=submit]").click()
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.get_by_text("Administration de Qualipilote").first.is_visible()
    for path in ("/admin/accounts/user/", "/admin/organisations/organisation/add/"):
        browser_page.goto(f"{live_server.url}{path}")
        browser_page.wait_for_load_state("networkidle")
